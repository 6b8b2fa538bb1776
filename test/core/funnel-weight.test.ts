import fc from 'fast-check';
import { FunnelError, isFunnelError } from '../../core/errors';
import { funnelWeight } from '../../core/functions/funnel-weight';
import {
  clearStageTableCache,
  stageTableCacheSize,
  stageTableFromArgument,
  sameTable,
} from '../../core/functions/stage-table-argument';
import { LADDER_STAGES } from '../../core/stages';

const err = (r: unknown) => r as FunnelError;

describe('FUNNEL_WEIGHT', () => {
  it('gives the check values exactly', () => {
    expect(funnelWeight(4245.74, 'Pipeline')).toBe(2122.87);
    expect(funnelWeight(12285, 'Committed')).toBe(8599.5);
    expect(funnelWeight(1000, '评估中')).toBe(500);
    expect(funnelWeight(1000, 'Closed Won')).toBe(1000);
  });

  it('weights every ladder stage by its default probability', () => {
    const expected = [0, 100, 200, 500, 600, 700, 1000, 0];
    LADDER_STAGES.forEach((stage, i) => expect(funnelWeight(1000, stage)).toBe(expected[i]));
  });

  it('matches stage names ignoring case, spaces and full-width forms', () => {
    expect(funnelWeight(1000, '  committed ')).toBe(700);
    expect(funnelWeight(1000, 'ＣＯＭＭＩＴＴＥＤ')).toBe(700);
    expect(funnelWeight(1000, 'closed   won')).toBe(1000);
  });

  it('falls through the ladder to the Salesforce, HubSpot and Chinese CRM presets', () => {
    expect(funnelWeight(1000, 'Proposal/Price Quote')).toBe(750);
    expect(funnelWeight(1000, 'Decision Maker Bought-In')).toBe(800);
    expect(funnelWeight(1000, '方案报价')).toBe(500);
    expect(funnelWeight(1000, '成交')).toBe(1000);
  });

  it("uses the deal's own probability first, the stage when that cell is blank", () => {
    expect(funnelWeight(1000, 'Pipeline', null, 0.9)).toBe(900);
    expect(funnelWeight(1000, 'Pipeline', null, '90%')).toBe(900);
    expect(funnelWeight(1000, 'Pipeline', null, 90)).toBe(900);
    expect(funnelWeight(1000, 'Pipeline', null, '')).toBe(500);
    expect(funnelWeight(1000, 'Nowhere', null, 0.2)).toBe(200); // own probability needs no stage
    expect(funnelWeight([[1000], [1000]], 'Pipeline', null, [[0.9], [' ']])).toEqual([
      [900],
      [500],
    ]);
  });

  it('reads a probability range on the percent scale when any number exceeds 1', () => {
    expect(funnelWeight([[100], [100]], 'Pipeline', null, [[1], [50]])).toEqual([[1], [50]]);
    expect(funnelWeight([[100], [100]], 'Pipeline', null, [[1], [0.5]])).toEqual([[100], [50]]);
  });

  it('takes numeric text amounts, and names anything else', () => {
    expect(funnelWeight('1,234.50', 'Pipeline')).toBe(617.25);
    expect(funnelWeight('(1,000)', 'Pipeline')).toBe(-500);
    const bad = err(funnelWeight('12 apples', 'Won'));
    expect(bad.code).toBe('#VALUE!');
    expect(bad.message).toBe(
      'amount: "12 apples" is not an amount; write 1234.5, "1,234.50" or "USD 1,234.50".',
    );
  });

  it('reads amounts as the engine does: currency, symbols, blank words (core/read/amount.ts parseAmount)', () => {
    // Before core/read/number.ts these were #VALUE!: a Salesforce Amount column gave #VALUE! on every row.
    expect(funnelWeight('USD 1,000', 'Won')).toBe(1000);
    expect(funnelWeight('$1,234', 'Committed')).toBe(863.8);
    expect(funnelWeight('12.5万', 'Won')).toBe(125000);
    expect(funnelWeight('-', 'Won')).toBeNull();
    expect(funnelWeight([['USD 1,000'], ['EUR 2,000.50']], [['Won'], ['Won']])).toEqual([
      [1000],
      [2000.5],
    ]);
    expect(err(funnelWeight(1e16, 'Won')).code).toBe('#NUM!');
    expect(err(funnelWeight('1e16', 'Won')).code).toBe('#VALUE!');
    expect(err(funnelWeight(true, 'Won')).code).toBe('#VALUE!');
    expect(err(funnelWeight(Number.NaN, 'Won')).code).toBe('#NUM!');
  });

  it('an unknown stage is #N/A naming the stage and the fix, never 0', () => {
    const e = err(funnelWeight(1000, 'Pending legal'));
    expect(e.code).toBe('#N/A');
    expect(e.message).toContain('"Pending legal"');
    expect(e.message).toContain('add it to your stage table');
  });

  it('blank amount or blank stage gives a blank', () => {
    expect(funnelWeight(null, 'Won')).toBeNull();
    expect(funnelWeight('   ', 'Won')).toBeNull();
    expect(funnelWeight(1000, '')).toBeNull();
    expect(funnelWeight(1000, undefined)).toBeNull();
  });

  it('keeps going past bad cells in a range', () => {
    const r = funnelWeight(
      [[100], ['x'], [null], [300]],
      [['Won'], ['Won'], ['Won'], ['Nope']],
    ) as unknown[][];
    expect(r[0]).toEqual([100]);
    expect(err(r[1]![0]).code).toBe('#VALUE!');
    expect(r[2]).toEqual([null]);
    expect(err(r[3]![0]).code).toBe('#N/A');
  });

  it('a user stage table (0.7, 70 or 70%) wins over the built-in tables', () => {
    const table = [
      ['Stage', 'Probability'],
      ['Pipeline', '40%'],
      ['Demo', '30%'],
    ];
    expect(funnelWeight(1000, 'pipeline', table)).toBe(400);
    expect(funnelWeight(1000, 'Demo', table)).toBe(300);
    expect(funnelWeight(1000, 'Committed', table)).toBe(700); // not in the table: ladder
    expect(funnelWeight(1000, 'Demo', [['Demo', 30]])).toBe(300);
    expect(funnelWeight(1000, 'Demo', [['Demo', 0.3]])).toBe(300);
  });

  it('a bad stage table is one error for the whole call', () => {
    const e = err(funnelWeight([[1], [2]], 'Won', [['Won']]));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('2, 3 or 4 columns');
    expect(err(funnelWeight(1, 'Won', 'Won')).message).toContain('not a single value');
  });

  it('removes float noise: results are what a calculator shows', () => {
    expect(funnelWeight(0.3, 'Committed')).toBe(0.21);
    expect(funnelWeight(1.1, 'Upside')).toBe(0.66);
  });

  it('property: weighting is linear in amount', () => {
    const cents = fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100);
    const stage = fc.constantFrom(...LADDER_STAGES, 'Closed Won', 'Contract Sent', '商务谈判');
    fc.assert(
      fc.property(cents, cents, stage, (a, b, s) => {
        const wa = funnelWeight(a, s) as number;
        const wb = funnelWeight(b, s) as number;
        const wab = funnelWeight(Math.round((a + b) * 100) / 100, s) as number;
        expect(Math.abs(wab - (wa + wb))).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(a) + Math.abs(b)),
        );
        expect(funnelWeight(0, s)).toBe(0);
        expect(funnelWeight(-a, s)).toBe(wa === 0 ? 0 : -wa);
      }),
    );
  });
});

describe('stage table cache', () => {
  const table = () => [
    ['Demo', '30%'],
    ['Signed', '100%'],
  ];

  it('parses a table once per content, even when every call passes a fresh copy', () => {
    clearStageTableCache();
    const first = stageTableFromArgument(table());
    for (let i = 0; i < 100; i++) expect(stageTableFromArgument(table())).toBe(first);
    expect(stageTableCacheSize()).toBe(1);
  });

  it('matches by content and type, so 70 and "70" or different tables never collide', () => {
    expect(sameTable([['a', 70]], [['a', '70']])).toBe(false);
    expect(sameTable([['a', 'b']], [['a'], ['b']])).toBe(false);
    expect(sameTable([['a', null]], [['a', '']])).toBe(true);
    expect(sameTable([[new Date(0), 1]], [[new Date(0), 1]])).toBe(true);
    clearStageTableCache();
    const a = stageTableFromArgument([['Demo', 0.7]]);
    const b = stageTableFromArgument([['Demo', '0.7']]);
    expect(a).not.toBe(b);
    expect(stageTableCacheSize()).toBe(2);
  });

  it('keeps its own copy: changing the caller array later does not change the cached table', () => {
    clearStageTableCache();
    const grid: unknown[][] = [['Demo', 0.3]];
    expect(funnelWeight(1000, 'Demo', grid)).toBe(300);
    grid[0]![1] = 0.4;
    expect(funnelWeight(1000, 'Demo', grid)).toBe(400);
  });

  it('keeps at most 16 tables, dropping the least recently used', () => {
    clearStageTableCache();
    const keep = stageTableFromArgument(table());
    for (let i = 0; i < 30; i++) {
      stageTableFromArgument([[`S${i}`, 0.5]]);
      stageTableFromArgument(table()); // keeps it recent
    }
    expect(stageTableCacheSize()).toBe(16);
    expect(stageTableFromArgument(table())).toBe(keep);
  });

  it('caches a bad table as its error', () => {
    const bad = [
      ['Stage', 'P'],
      ['Demo', 'often'],
    ];
    let first: unknown;
    try {
      stageTableFromArgument(bad);
    } catch (e) {
      first = e;
    }
    expect(isFunnelError(first)).toBe(true);
    expect((first as FunnelError).message).toContain('row 2');
    expect(() => stageTableFromArgument(bad.map((r) => [...r]))).toThrow(first as Error);
  });

  it('omitted table means the built-in lookup', () => {
    expect(stageTableFromArgument(undefined)).toBeUndefined();
    expect(stageTableFromArgument(null)).toBeUndefined();
    expect(stageTableFromArgument('')).toBeUndefined();
  });
});

describe('FUNNEL_WEIGHT with every argument as a one-cell range (as Excel passes them)', () => {
  it('a blank one-cell stage_table is omitted; a filled one is an error', () => {
    expect(funnelWeight([[1000]], [['Pipeline']], [[null]], [[null]])).toEqual([[500]]);
    expect(funnelWeight([[1000]], [['Pipeline']], [['']], [['']])).toEqual([[500]]);
    expect(err(funnelWeight([[1000]], [['Pipeline']], [['Pipeline']])).message).toContain(
      'not a single value',
    );
  });
});

describe('FUNNEL_WEIGHT over a range equals FUNNEL_WEIGHT cell by cell', () => {
  it('property (amounts, stages and own probabilities with blanks and bad cells)', () => {
    const amount = fc.oneof(
      fc.integer({ min: -1e8, max: 1e8 }).map((c) => c / 100),
      fc.constantFrom(null, '', 'n/a', '1,234.50'),
    );
    const stage = fc.constantFrom(
      'Pipeline',
      'won',
      '评估中',
      'Contract Sent',
      'Nowhere',
      '',
      null,
    );
    // Fractions or percent text only: a bare number above 1 would switch the whole range's scale.
    const probability = fc.oneof(
      fc.constantFrom(null, '', '35%', 'often', '150%'),
      fc.integer({ min: 0, max: 100 }).map((p) => p / 100),
    );
    const cell = fc.tuple(amount, stage, probability);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.infiniteStream(cell),
        (rows, cols, s) => {
          const cells = Array.from({ length: rows }, () =>
            Array.from({ length: cols }, () => s.next().value),
          );
          const pick = (k: number) => cells.map((row) => row.map((c) => c[k]));
          const whole = funnelWeight(pick(0), pick(1), null, pick(2)) as unknown[][];
          cells.forEach((row, r) =>
            row.forEach(([a, st, p], c) => {
              const single = funnelWeight(a, st, null, p);
              const got = whole[r]![c];
              if (isFunnelError(single)) expect(err(got).message).toBe(single.message);
              else expect(got).toBe(single);
            }),
          );
        },
      ),
    );
  });
});

describe('FUNNEL_WEIGHT: blanks written "" and blanks written null are the same', () => {
  /** Results with errors as code and message, to compare two calls cell for cell. */
  const shown = (r: unknown): unknown =>
    Array.isArray(r) ? r.map(shown) : isFunnelError(r) ? [r.code, r.message] : r;
  const asEmptyText = (grid: unknown[][]) => grid.map((row) => row.map((v) => v ?? ''));

  it('in own probabilities, amounts and stages, single cells and ranges', () => {
    expect(funnelWeight(1000, 'Pipeline', null, '')).toBe(
      funnelWeight(1000, 'Pipeline', null, null),
    );
    expect(funnelWeight('', 'Pipeline')).toBe(funnelWeight(null, 'Pipeline'));
    expect(funnelWeight(1000, '')).toBe(funnelWeight(1000, null));
    // A percent-scale column stays percent whichever way its blanks are written.
    const amounts = [[1000], [1000], [1000], [null], [1000]];
    const stages = [['Pipeline'], ['Won'], ['Nowhere'], ['Pipeline'], [null]];
    const probs = [[70], [null], [null], [30], [null]];
    const withNull = funnelWeight(amounts, stages, null, probs);
    expect(shown(withNull)).toEqual([
      [700],
      [1000],
      [['#N/A', expect.any(String)]],
      [null],
      [null],
    ]);
    expect(
      shown(funnelWeight(asEmptyText(amounts), asEmptyText(stages), null, asEmptyText(probs))),
    ).toEqual(shown(withNull));
  });

  it('property: any column with its nulls rewritten as "" gives identical results', () => {
    const amount = fc.oneof(
      fc.integer({ min: -1e8, max: 1e8 }).map((c) => c / 100),
      fc.constantFrom(null, 'n/a', '1,234.50'),
    );
    const stage = fc.constantFrom('Pipeline', 'won', '评估中', 'Nowhere', null);
    const probability = fc.oneof(
      fc.constantFrom(null, null, null, '35%', 'often', 70, 1),
      fc.integer({ min: 0, max: 100 }).map((p) => p / 100),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(amount, stage, probability), { minLength: 2, maxLength: 12 }),
        (rows) => {
          const pick = (k: number) => rows.map((r) => [r[k] as unknown]);
          const withNull = funnelWeight(pick(0), pick(1), null, pick(2));
          const withEmpty = funnelWeight(
            asEmptyText(pick(0)),
            asEmptyText(pick(1)),
            null,
            asEmptyText(pick(2)),
          );
          expect(shown(withEmpty)).toEqual(shown(withNull));
        },
      ),
    );
  });
});

describe('stage table from a whole-column reference', () => {
  it('ignores the blank rows below the table, and caches it as the same table', () => {
    clearStageTableCache();
    const rows = [
      ['Stage', 'Probability'],
      ['Demo', '30%'],
    ];
    const column = [...rows, ...Array.from({ length: 10_000 }, () => ['', ''])];
    expect(funnelWeight(1000, 'Demo', column)).toBe(300);
    expect(stageTableFromArgument(rows)).toBe(stageTableFromArgument(column));
    expect(stageTableCacheSize()).toBe(1);
  });
});

describe('one probability scale, shared with the engine (issue 9, item 4)', () => {
  it('a stray 75 among fractions is 75%, and leaves the 0.x cells fractions', () => {
    const probs = [[0.2], [0.5], [0.9], [75]];
    const amounts = probs.map(() => [1000]);
    const stages = probs.map(() => ['Pipeline']);
    expect(funnelWeight(amounts, stages, null, probs)).toEqual([[200], [500], [900], [750]]);
  });

  it('a percent range stays percent (a tie goes to percent, as before)', () => {
    expect(
      funnelWeight([[1000], [1000]], [['Pipeline'], ['Pipeline']], null, [[0.5], [50]]),
    ).toEqual([[5], [500]]);
  });
});
