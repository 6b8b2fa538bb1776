/**
 * Stage rates (core/rates/stage-rates.ts): hand-computed small cases, the
 * definitions of n (skipped and backward stages, open and reopened deals), the
 * smoothing's limits (k = 0, n = 0), convergence to the true rates on seeded
 * histories, and the table used as a stage table.
 */
import type { CellValue } from '../../core/cells';
import { runForecast } from '../../core/engine';
import { findFunction } from '../../core/functions/registry';
import { funnelWeight } from '../../core/functions/funnel-weight';
import { parseStageTable } from '../../core/stages';
import { computeStageRates, type HistoryRow } from '../../core/rates/stage-rates';
import { STAGE_RATES_COLUMNS, stageRatesGrid, stageRatesTables } from '../../core/rates/table';
import { generateHistory } from './history-generator';

/** Rows from [key, stage] pairs (optionally with a date), in order. */
function history(pairs: [string, string, number?][]): HistoryRow[] {
  return pairs.map(([key, stage, at], i) => ({ key, stage, at: at ?? null, row: i + 2 }));
}

const rateOf = (r: ReturnType<typeof computeStageRates>, label: string) => {
  const hit = r.rates.find((x) => x.stage.label === label);
  if (!hit) throw new Error(`no stage ${label}`);
  return hit;
};

// A: Prospect > Pipeline > Won (skips Opportunity). B: Prospect > Lost.
// C: Opportunity > Prospect > Lost (moved backward: counts once, at Opportunity).
// D: Pipeline, still open (in no n).
const SMALL = history([
  ['A', 'Prospect'],
  ['A', 'Pipeline'],
  ['A', 'Won'],
  ['B', 'Prospect'],
  ['B', 'Lost'],
  ['C', 'Opportunity'],
  ['C', 'Prospect'],
  ['C', 'Lost'],
  ['D', 'Pipeline'],
]);

describe('a small history, by hand', () => {
  const r = computeStageRates(SMALL); // default ladder, k = 10

  it('counts n and won as defined', () => {
    const nWon = r.rates.map((x) => [x.stage.label, x.n, x.won]);
    expect(nWon).toEqual([
      ['Leads', 3, 1], // A, B, C reached Leads or later
      ['Prospect', 3, 1],
      ['Opportunity', 2, 1], // A skipped it (passed), C's highest; B never got there
      ['Pipeline', 1, 1], // only A; D is open
      ['Upside', 1, 1], // A is won: it passed every open stage
      ['Committed', 1, 1],
      ['Won', 1, 1],
      ['Lost', 2, 0],
    ]);
    expect(r.counts).toMatchObject({ deals: 4, won: 1, lost: 2, open: 1, reopened: 0 });
  });

  it('smooths with rate = (won + k p0) / (n + k), k = 10', () => {
    expect(rateOf(r, 'Leads').probability).toBeCloseTo((1 + 10 * 0) / (3 + 10), 14);
    expect(rateOf(r, 'Prospect').probability).toBeCloseTo((1 + 10 * 0.1) / (3 + 10), 14);
    expect(rateOf(r, 'Opportunity').probability).toBe(0.25); // (1 + 2) / 12
    expect(rateOf(r, 'Pipeline').probability).toBeCloseTo(6 / 11, 14); // (1 + 5) / 11
    expect(rateOf(r, 'Won').probability).toBe(1);
    expect(rateOf(r, 'Lost').probability).toBe(0);
    expect(rateOf(r, 'Prospect').rawRate).toBeCloseTo(1 / 3, 14);
    expect(rateOf(r, 'Prospect').previousProbability).toBe(0.1);
  });

  it('gives the 90% interval of Beta(won + k p0, n - won + k (1 - p0)) (SciPy values)', () => {
    // Prospect: Beta(2, 11); Opportunity: Beta(3, 9).
    expect(rateOf(r, 'Prospect').low).toBeCloseTo(0.030460165659137187, 9);
    expect(rateOf(r, 'Prospect').high).toBeCloseTo(0.3386806684340324, 9);
    expect(rateOf(r, 'Opportunity').low).toBeCloseTo(0.07882004566602895, 9);
    expect(rateOf(r, 'Opportunity').high).toBeCloseTo(0.47008679927917624, 9);
    // Won at 100% with no contradiction: a point.
    expect([rateOf(r, 'Won').low, rateOf(r, 'Won').high]).toEqual([1, 1]);
  });

  it('takes the same figures through STAGE_RATES', () => {
    const keys = SMALL.map((x) => [x.key]);
    const stages = SMALL.map((x) => [x.stage]);
    const grid = findFunction('STAGE_RATES')!.impl(keys, stages) as unknown[][];
    expect(grid).toEqual(stageRatesGrid(r));
    expect(grid[0]).toEqual(STAGE_RATES_COLUMNS.map((c) => c.header));
  });
});

describe('definitions', () => {
  it('k = 0 gives the raw rates exactly, and n = 0 keeps p0', () => {
    const g = generateHistory({
      seed: 7,
      deals: 500,
      stages: ['Prospect', 'Opportunity', 'Pipeline'],
      advance: [0.6, 0.5, 0.4],
      skip: 0.3,
      back: 0.2,
      open: 0.2,
    });
    const r = computeStageRates(g.rows, { priorStrength: 0 });
    for (const x of r.rates) {
      if (x.n > 0) expect(x.probability).toBe(x.rawRate);
      if (x.n > 0) expect(x.rawRate).toBeCloseTo(x.won / x.n, 14);
    }
    // A history of lost deals only at early stages: later stages have n = 0... except via won deals.
    const lostEarly = computeStageRates(
      history([
        ['x', 'Prospect'],
        ['x', 'Lost'],
        ['y', 'Opportunity'],
        ['y', 'Lost'],
      ]),
    );
    const upside = rateOf(lostEarly, 'Upside');
    expect([upside.n, upside.won, upside.rawRate, upside.probability]).toEqual([0, 0, null, 0.6]);
    expect(upside.note).toMatch(/current probability is kept/);
    // The interval is the prior's alone: Beta(6, 4).
    expect(upside.low).toBeGreaterThan(0.3);
    expect(upside.high).toBeLessThan(0.9);
    const k0 = rateOf(
      computeStageRates(
        lostEarly.rates.length
          ? history([
              ['x', 'Prospect'],
              ['x', 'Lost'],
            ])
          : [],
        { priorStrength: 0 },
      ),
      'Upside',
    );
    expect([k0.n, k0.probability, k0.low, k0.high]).toEqual([0, 0.6, null, null]);
  });

  it('a skipped stage counts as passed; a backward move counts once at the highest stage', () => {
    const r = computeStageRates(
      history([
        // lost after jumping from Prospect to Committed: every stage up to Committed counts it
        ['jump', 'Prospect'],
        ['jump', 'Committed'],
        ['jump', 'Lost'],
        // back and forth: Pipeline, Opportunity, Pipeline, Opportunity, lost
        ['yo', 'Pipeline'],
        ['yo', 'Opportunity'],
        ['yo', 'Pipeline'],
        ['yo', 'Opportunity'],
        ['yo', 'Lost'],
      ]),
      { priorStrength: 0 },
    );
    expect(r.rates.map((x) => [x.stage.label, x.n])).toEqual([
      ['Leads', 2],
      ['Prospect', 2],
      ['Opportunity', 2],
      ['Pipeline', 2],
      ['Upside', 1],
      ['Committed', 1],
      ['Won', 0],
      ['Lost', 2],
    ]);
  });

  it("takes a deal's latest row by date for its outcome; a reopened deal is open", () => {
    const r = computeStageRates(
      history([
        // rows out of date order: the dates decide (lost on day 3, then reopened on day 5)
        ['r', 'Pipeline', 5],
        ['r', 'Lost', 3],
        ['r', 'Prospect', 1],
        // won on day 9 after a loss on day 4: won counts
        ['w', 'Closed Lost', 4],
        ['w', 'Closed Won', 9],
        ['w', 'Prospecting', 1],
      ]),
    );
    expect(r.counts).toMatchObject({ deals: 2, won: 1, lost: 0, open: 1, reopened: 1 });
    expect(r.notes.join(' ')).toMatch(/1 deals were closed and later reopened/);
    expect(r.notes.join(' ')).toMatch(/both won and lost.*latest outcome counts/);
  });

  it('a row outcome overrides the stage status, and unknown stages are located issues', () => {
    const rows: HistoryRow[] = [
      { key: 'a', stage: 'Pipeline', outcome: null, row: 2 },
      { key: 'a', stage: 'Pipeline', outcome: 'lost', row: 3 },
      { key: 'b', stage: 'Maybe later', row: 4 },
      { key: null, stage: 'Pipeline', row: 5 },
    ];
    const r = computeStageRates(rows, { priorStrength: 0 });
    expect(rateOf(r, 'Pipeline')).toMatchObject({ n: 1, won: 0 });
    expect(r.issues.map((i) => [i.row, i.column])).toEqual([
      [4, 'stage'],
      [5, 'key'],
    ]);
    expect(r.counts.rows).toBe(4);
    expect(r.counts.rowsUsed + r.issues.length).toBe(4);
  });

  it('reports, and never repairs, a later stage whose rate is lower', () => {
    // A table whose later stage carries a lower p0 (the ladder order puts Verbal after Trial).
    const table = parseStageTable([
      ['Trial', 0.7, 'Pipeline', 'Pipeline'],
      ['Verbal', 0.3, 'Commit', 'Committed'],
      ['Signed', 1, 'Closed', 'Won'],
      ['Gone', 0, 'Omitted', 'Lost'],
    ]);
    const r = computeStageRates(
      history([
        ['a', 'Trial'],
        ['a', 'Verbal'],
        ['a', 'Gone'],
        ['b', 'Trial'],
        ['b', 'Signed'],
      ]),
      { stageTable: table, priorStrength: 10 },
    );
    const trial = rateOf(r, 'Trial');
    const verbal = rateOf(r, 'Verbal');
    expect(verbal.probability).toBeLessThan(trial.probability);
    expect(verbal.probability).toBeCloseTo((1 + 3) / (2 + 10), 14); // as measured
    expect(verbal.note).toMatch(/lower than Trial/);
    expect(r.notes.join(' ')).toMatch(/Verbal: its rate .* is lower than the earlier stage Trial/);
    expect(r.rates.map((x) => x.stage.label)).toEqual(['Trial', 'Verbal', 'Signed', 'Gone']);
  });

  it('picks the built-in table that knows the stages, and orders stages by ladder then table', () => {
    const r = computeStageRates(
      history([
        ['a', 'Qualification'],
        ['a', 'Negotiation/Review'],
        ['a', 'Closed Won'],
      ]),
    );
    expect(r.notes[0]).toMatch(/Salesforce default stages/);
    expect(r.rates.map((x) => x.stage.label)).toEqual([
      'Prospecting',
      'Qualification',
      'Needs Analysis',
      'Value Proposition',
      'Id. Decision Makers',
      'Perception Analysis',
      'Proposal/Price Quote',
      'Negotiation/Review',
      'Closed Won',
      'Closed Lost',
    ]);
  });

  it('writes no NaN or Infinity anywhere', () => {
    for (const k of [0, 1, 10, 1000]) {
      const r = computeStageRates(SMALL, { priorStrength: k });
      for (const row of stageRatesGrid(r)) {
        for (const v of row) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      }
    }
    expect(() => computeStageRates(SMALL, { priorStrength: -1 })).toThrow(RangeError);
  });
});

describe('seeded histories with known true rates', () => {
  const stages = [
    'Prospecting',
    'Needs Analysis',
    'Value Proposition',
    'Id. Decision Makers',
    'Negotiation/Review',
  ];
  const advance = [0.55, 0.6, 0.7, 0.75, 0.8];
  const run = (deals: number, seed: number) => {
    const g = generateHistory({
      seed,
      deals,
      stages,
      advance,
      wonLabel: 'Closed Won',
      lostLabel: 'Closed Lost',
      skip: 0.25,
      back: 0.15,
      open: 0.2,
    });
    return { g, r: computeStageRates(g.rows) };
  };

  it('counts every closed deal and leaves the open ones out', () => {
    const { g, r } = run(2000, 11);
    expect(r.counts).toMatchObject({ won: g.truth.won, lost: g.truth.lost, open: g.truth.open });
    expect(r.issues).toEqual([]);
    expect(rateOf(r, 'Prospecting').n).toBe(g.truth.won + g.truth.lost);
  });

  it('approaches the true rates as the history grows', () => {
    const maxError = (deals: number) => {
      const { g, r } = run(deals, 2026);
      return Math.max(
        ...stages.map((s, i) => Math.abs(rateOf(r, s).probability - g.trueRates[i]!)),
      );
    };
    const errors = [100, 1000, 10000, 60000].map(maxError);
    expect(errors[3]!).toBeLessThan(0.01);
    expect(errors[2]!).toBeLessThan(0.03);
    expect(errors[3]!).toBeLessThan(errors[1]!);
    expect(errors[2]!).toBeLessThan(errors[0]!);
  });

  it('skipped stages take the rate of the next stage the deals really reached', () => {
    const { g, r } = run(30000, 5);
    // Qualification sits between Prospecting and Needs Analysis: reaching it or later = reaching Needs Analysis or later.
    expect(rateOf(r, 'Qualification').n).toBe(rateOf(r, 'Needs Analysis').n);
    expect(Math.abs(rateOf(r, 'Proposal/Price Quote').probability - g.trueRates[4]!)).toBeLessThan(
      0.02,
    );
  });

  it('covers the true rate with the 90% interval about 90% of the time', () => {
    let inside = 0;
    let total = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { g, r } = run(400, 1000 + seed);
      stages.forEach((s, i) => {
        const x = rateOf(r, s);
        total++;
        if (x.low! <= g.trueRates[i]! && g.trueRates[i]! <= x.high!) inside++;
      });
    }
    // 200 intervals; with a prior that is not the truth coverage may fall short of 90%, not far.
    expect(inside / total).toBeGreaterThan(0.75);
  });
});

describe('the Stage rates table is a stage table', () => {
  const r = computeStageRates(SMALL);
  const grid = stageRatesGrid(r) as CellValue[][];

  it('parses as a stage table with the calibrated probabilities; columns after the fourth are ignored', () => {
    const table = parseStageTable(grid);
    expect(table.stages.map((s) => [s.label, s.probability, s.category, s.ladder])).toEqual(
      r.rates.map((x) => [x.stage.label, x.probability, x.stage.category, x.stage.ladder]),
    );
  });

  it('weights FUNNEL_WEIGHT with the calibrated rates', () => {
    expect(funnelWeight([[1100], [1000]], [['Pipeline'], ['Won']], grid)).toEqual([[600], [1000]]);
  });

  it('weights the engine (settings.stageTable) with the calibrated rates', () => {
    const result = runForecast(
      {
        name: 'Deals',
        values: [
          ['Opportunity', 'Stage', 'Amount', 'Close Date'],
          ['D-1', 'Pipeline', 1100, '2026-05-10'],
          ['D-2', 'Opportunity', 1000, '2026-05-10'],
        ],
      },
      { asOf: '2026-03-31', stageTable: grid },
    );
    expect(result.deals.map((d) => d.weighted)).toEqual([600, 250]);
  });

  it('is the output table "Stage rates" with its history issues beside it', () => {
    const [rates, issues] = stageRatesTables(r);
    expect(rates!.sheetName).toBe('Stage rates');
    expect(rates!.columns.map((c) => c.header)).toEqual(grid[0]);
    expect(rates!.rows).toEqual(grid.slice(1));
    expect(issues!.rows).toEqual([]);
  });
});
