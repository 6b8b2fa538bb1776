/**
 * Properties that must hold for any deal sheet: segment totals add up to the
 * grand total, the weighted total does not depend on row order or on how the
 * rows are segmented, and nothing is lost (deals in = counted + reported).
 */
import fc from 'fast-check';
import type { CellValue } from '../../core/cells';
import { runForecast, type ForecastResult } from '../../core/engine';
import { Sum } from '../../core/money';
import { sheet } from './helpers';

const HEAD = ['Region', 'Owner', 'Stage', 'Probability', 'Amount', 'Close Date'];

const amountArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 5_000_000_00 }).map((c) => c / 100) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 9_999_999 })
      .map((n) => `USD ${n.toLocaleString('en-US')}.50`),
  },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>(null, 'TBD', '-', '(1,000)') },
);
const rowArb = fc.tuple(
  fc.constantFrom('East', 'West', 'North', ''),
  fc.constantFrom('Ann', 'Bob', 'Cy'),
  fc.constantFrom<CellValue>(
    'Leads',
    'Prospect',
    'Pipeline',
    'Upside',
    'Committed',
    'Won',
    'Lost',
    'Mystery',
    null,
  ),
  fc.oneof(
    { weight: 3, arbitrary: fc.constant<CellValue>(null) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`) },
  ),
  amountArb,
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .integer({ min: 0, max: 900 })
        .map((d) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10)),
    },
    { weight: 1, arbitrary: fc.constantFrom<CellValue>(null, 'someday', '2026-02-30') },
  ),
);
const sheetArb = fc.array(rowArb, { minLength: 1, maxLength: 60 });

const close = (a: number, b: number) => Math.abs(a - b) < 0.005;

function total(result: ForecastResult, key: 'weighted' | 'amount' | 'deals'): number {
  const s = new Sum();
  for (const r of result.forecast) s.add(r[key]);
  return s.value;
}

function byCell(result: ForecastResult): Map<string, number> {
  return new Map(
    result.forecast.map((r) => [`${JSON.stringify(r.segment)}|${r.period}`, r.weighted]),
  );
}

const settings = { asOf: '2026-01-15' };
const cfg = { numRuns: 150 };

describe('forecast properties', () => {
  it('nothing is lost: deals in = deals counted + deals reported, and the forecast holds the counted ones', () => {
    fc.assert(
      fc.property(sheetArb, (rows) => {
        const r = runForecast(sheet([HEAD, ...(rows as CellValue[][])]), settings);
        expect(r.counts.rows).toBe(rows.length);
        expect(r.counts.counted + r.counts.excluded).toBe(rows.length);
        expect(total(r, 'deals')).toBe(r.counts.counted);
        // The funnel counts every deal on the ladder, amount or not; those with money are the counted ones.
        expect(r.funnel.reduce((s, f) => s + f.deals - f.withoutAmount, 0)).toBe(r.counts.counted);
        // Every row left out is reported with a reason that says so.
        for (const d of r.deals.filter((x) => x.counted === false)) {
          expect(r.issues.some((i) => i.row === d.row && !i.rowKept)).toBe(true);
        }
      }),
      cfg,
    );
  });

  it('segment totals add up to the grand total, whatever the segmentation', () => {
    fc.assert(
      fc.property(sheetArb, (rows) => {
        const s = sheet([HEAD, ...(rows as CellValue[][])]);
        const plain = runForecast(s, settings);
        for (const segmentBy of [
          ['Region'],
          ['Owner'],
          ['Region', 'Owner'],
          ['Tier'],
          ['Owner', 'Tier'],
        ]) {
          const seg = runForecast(s, { ...settings, segmentBy });
          expect(close(total(seg, 'weighted'), total(plain, 'weighted'))).toBe(true);
          expect(close(total(seg, 'amount'), total(plain, 'amount'))).toBe(true);
          expect(total(seg, 'deals')).toBe(total(plain, 'deals'));
        }
      }),
      cfg,
    );
  });

  it('the weighted forecast does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(
        sheetArb.chain((rows) =>
          fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
        ),
        ([rows, shuffled]) => {
          const a = runForecast(sheet([HEAD, ...(rows as CellValue[][])]), {
            ...settings,
            segmentBy: ['Region'],
          });
          const b = runForecast(sheet([HEAD, ...(shuffled as CellValue[][])]), {
            ...settings,
            segmentBy: ['Region'],
          });
          expect(b.counts.counted).toBe(a.counts.counted);
          const ca = byCell(a);
          const cb = byCell(b);
          expect([...cb.keys()].sort()).toEqual([...ca.keys()].sort());
          for (const [k, v] of ca) expect(close(cb.get(k)!, v)).toBe(true);
        },
      ),
      cfg,
    );
  });

  it('the weighted total is the sum over counted deals of amount x probability', () => {
    fc.assert(
      fc.property(sheetArb, (rows) => {
        const r = runForecast(sheet([HEAD, ...(rows as CellValue[][])]), settings);
        const s = new Sum();
        for (const d of r.deals) if (d.counted) s.add(d.amount! * d.probability!);
        expect(close(total(r, 'weighted'), s.value)).toBe(true);
      }),
      cfg,
    );
  });
});
