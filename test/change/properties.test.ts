/**
 * Properties of the pipeline-change bridge for any two snapshots: the
 * identity Start + buckets = End holds to the cent for amount and weighted
 * in every segment and in total; every deal of Start or End is in exactly
 * one bucket (of the total, and of each segment it is in); a snapshot
 * compared with itself is all `unchanged` with Start = End.
 */
import fc from 'fast-check';
import type { CellValue } from '../../core/cells';
import { BUCKETS, runPipelineChange, type ChangeResult } from '../../core/change';
import { runForecast, type ForecastSettings } from '../../core/engine';
import { Sum } from '../../core/money';

const H = ['Opportunity ID', 'Owner', 'Stage', 'Amount', 'Currency', 'Close Date'];
const settings: ForecastSettings = {
  rates: [
    ['Currency', 'Rate'],
    ['EUR', 1.25],
  ],
};
const FROM_DATE = '2026-11-01';
const TO_DATE = '2026-11-08';
const Q4 = ['2026-10-01', '2027-01-01'];

const rowArb = fc.tuple(
  fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 1, max: 14 }).map((k) => `K${k}`) },
    { weight: 1, arbitrary: fc.constant<CellValue>(null) },
  ),
  fc.constantFrom('Ann', 'Bob', 'Cy'),
  fc.constantFrom<CellValue>(
    'Prospect',
    'Pipeline',
    'Upside',
    'Committed',
    'Won',
    'Lost',
    'Mystery',
  ),
  fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0, max: 20_000_000 }).map((c) => c / 100) },
    { weight: 1, arbitrary: fc.constant<CellValue>('TBD') },
  ),
  fc.constantFrom('USD', 'USD', 'USD', 'EUR', 'JPY'),
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .integer({ min: 0, max: 240 })
        .map((d) => new Date(Date.UTC(2026, 7, 1 + d)).toISOString().slice(0, 10)),
    },
    { weight: 1, arbitrary: fc.constant<CellValue>(null) },
  ),
);
const sheetArb = fc.array(rowArb, { minLength: 0, maxLength: 30 });

function change(from: CellValue[][], to: CellValue[][], segmentBy: string[]): ChangeResult {
  return runPipelineChange(
    [
      { sheet: { name: 'from', values: [H, ...from] }, asOf: FROM_DATE },
      { sheet: { name: 'to', values: [H, ...to] }, asOf: TO_DATE },
    ],
    { ...settings, segmentBy },
  );
}

/**
 * Keys of the open deals of a snapshot closing in Q4, by owner, worked out
 * from the engine's DealRecords, in the given base currency (the later
 * snapshot's, as the bridge takes it).
 */
function openInQ4(rows: CellValue[][], asOf: string, base?: string | null): Map<string, string> {
  const r = runForecast(
    { name: 's', values: [H, ...rows] },
    { ...settings, asOf, ...(base ? { baseCurrency: base } : {}) },
  );
  const seen = new Set<string>();
  const out = new Map<string, string>();
  for (const d of r.deals) {
    const key = d.original[0];
    if (key === null || key === '' || seen.has(String(key))) continue;
    seen.add(String(key));
    const close = d.closeDate?.toISOString().slice(0, 10);
    if (d.counted === false || d.status !== 'open' || !close) continue;
    if (close >= Q4[0]! && close < Q4[1]!) out.set(String(key), d.owner ?? '');
  }
  return out;
}

const identityHolds = (c: ChangeResult): boolean => {
  const groups = new Map<string, typeof c.rows>();
  for (const r of c.rows) {
    const k = JSON.stringify(r.segment);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const rows of groups.values()) {
    for (const key of ['amount', 'weighted'] as const) {
      const s = new Sum();
      let end = NaN;
      for (const r of rows) {
        if (r.bucket === 'end') end = r[key];
        else s.add(r[key]);
      }
      if (!(Math.abs(s.value - end) < 0.005)) return false;
    }
  }
  return true;
};

const cfg = { numRuns: 120 };

describe('pipeline change properties', () => {
  it('Start + every bucket = End to the cent, amount and weighted, per segment and in total', () => {
    fc.assert(
      fc.property(sheetArb, sheetArb, fc.boolean(), (from, to, seg) => {
        expect(identityHolds(change(from, to, seg ? ['Owner'] : []))).toBe(true);
      }),
      cfg,
    );
  });

  it('every deal of Start or End is in exactly one bucket, in total and in each of its segments', () => {
    fc.assert(
      fc.property(sheetArb, sheetArb, (from, to) => {
        const c = change(from, to, ['Owner']);
        const end = openInQ4(to, TO_DATE);
        const start = openInQ4(from, FROM_DATE, c.baseCurrency);
        const union = new Set([...start.keys(), ...end.keys()]);
        const keys = [...Array(c.dealCount).keys()].map((k) => c.deal(k).key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(keys)).toEqual(union);
        const deals = (owner: string | null, bucket: string) =>
          c.rows
            .filter((r) => (owner === null ? !r.segment.Owner : r.segment.Owner === owner))
            .filter((r) => r.bucket === bucket)
            .reduce((s, r) => s + r.deals, 0);
        const inBuckets = (owner: string | null) =>
          BUCKETS.reduce((s, b) => s + deals(owner, b), 0);
        expect(inBuckets(null)).toBe(union.size);
        expect(deals(null, 'start')).toBe(start.size);
        expect(deals(null, 'end')).toBe(end.size);
        for (const owner of ['Ann', 'Bob', 'Cy']) {
          const mine = new Set([
            ...[...start].filter(([, o]) => o === owner).map(([k]) => k),
            ...[...end].filter(([, o]) => o === owner).map(([k]) => k),
          ]);
          expect(inBuckets(owner)).toBe(mine.size);
        }
      }),
      cfg,
    );
  });

  it('a net of cent amounts (to minus from) is exact in cents, without float noise', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 })), {
          minLength: 1,
          maxLength: 200,
        }),
        (pairs) => {
          const s = new Sum();
          let cents = 0;
          for (const [to, from] of pairs) {
            s.add(to / 100);
            s.add(-from / 100);
            cents += to - from;
          }
          expect(s.netValue).toBe(cents / 100);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a snapshot compared with itself is all unchanged, and Start = End', () => {
    fc.assert(
      fc.property(sheetArb, fc.boolean(), (rows, seg) => {
        const c = runPipelineChange(
          [
            { sheet: { name: 'a', values: [H, ...rows] }, asOf: TO_DATE },
            { sheet: { name: 'b', values: [H, ...rows] }, asOf: TO_DATE },
          ],
          { ...settings, segmentBy: seg ? ['Owner'] : [] },
        );
        for (const r of c.rows) {
          if (r.bucket !== 'start' && r.bucket !== 'end' && r.bucket !== 'unchanged') {
            expect([r.bucket, r.deals, r.amount, r.weighted]).toEqual([r.bucket, 0, 0, 0]);
          }
        }
        const total = c.rows.filter((r) => Object.keys(r.segment).length === 0);
        const start = total.find((r) => r.bucket === 'start')!;
        const end = total.find((r) => r.bucket === 'end')!;
        expect([end.deals, end.amount, end.weighted]).toEqual([
          start.deals,
          start.amount,
          start.weighted,
        ]);
        const unchanged = total.find((r) => r.bucket === 'unchanged')!;
        expect([unchanged.deals, unchanged.amount, unchanged.weighted]).toEqual([
          start.deals,
          0,
          0,
        ]);
        for (let k = 0; k < c.dealCount; k++) expect(c.deal(k).bucket).toBe('unchanged');
      }),
      cfg,
    );
  });
});
