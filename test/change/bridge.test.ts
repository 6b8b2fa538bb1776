/**
 * The pipeline-change bridge on a small case written by hand (every bucket,
 * a segment move, a currency with a rate and one without, a repeated key,
 * blank close dates, a deal that changes amount and stage at once), and on
 * the seeded weekly snapshots of snapshot-generator.ts.
 */
import type { CellValue } from '../../core/cells';
import {
  BUCKETS,
  changeTables,
  runPipelineChange,
  type Bucket,
  type ChangeResult,
  type ChangeRow,
} from '../../core/change';
import { runForecast } from '../../core/engine';
import { Sum } from '../../core/money';
import { RATES, generateSnapshots } from './snapshot-generator';

const H = [
  'Opportunity ID',
  'Opportunity Name',
  'Owner',
  'Stage',
  'Amount',
  'Currency',
  'Close Date',
];
const rates = [
  ['Currency', 'Rate'],
  ['EUR', 1.25],
];
// prettier-ignore
const FROM: CellValue[][] = [
  H,
  ['D01', 'Removed', 'Ann', 'Pipeline', 1000, 'USD', '2026-11-10'],
  ['D02', 'Won', 'Ann', 'Committed', 2000, 'USD', '2026-12-01'],
  ['D03', 'Lost', 'Ann', 'Upside', 3000, 'USD', '2026-11-20'],
  ['D04', 'Pushed out', 'Ann', 'Pipeline', 400, 'USD', '2026-12-20'],
  ['D05', 'Pushed out blank', 'Ann', 'Prospect', 100, 'USD', '2026-11-01'],
  ['D06', 'Pulled out', 'Ann', 'Opportunity', 600, 'USD', '2026-10-15'],
  ['D07', 'Reopened', 'Bob', 'Lost', 800, 'USD', '2026-09-01'],
  ['D08', 'Pulled in', 'Bob', 'Pipeline', 900, 'USD', '2027-02-01'],
  ['D09', 'Pushed in', 'Bob', 'Upside', 1100, 'USD', '2026-09-15'],
  ['D10', 'Pushed in blank', 'Bob', 'Prospect', 200, 'USD', null],
  ['D12', 'Amount and stage', 'Ann', 'Pipeline', 1000, 'USD', '2026-11-15'],
  ['D13', 'Decreased', 'Ann', 'Committed', 2000, 'USD', '2026-11-16'],
  ['D14', 'Advanced', 'Ann', 'Prospect', 300, 'USD', '2026-11-17'],
  ['D15', 'Regressed', 'Ann', 'Upside', 500, 'USD', '2026-11-18'],
  ['D16', 'Unchanged', 'Ann', 'Pipeline', 700, 'USD', '2026-11-19'],
  ['D17', 'Moved owner', 'Ann', 'Pipeline', 1000, 'USD', '2026-11-21'],
  ['D19', 'Euro', 'Ann', 'Pipeline', 1000, 'EUR', '2026-11-22'],
  ['D20', 'Yen', 'Bob', 'Pipeline', 100000, 'JPY', '2026-11-23'],
];
// prettier-ignore
const TO: CellValue[][] = [
  H,
  ['D02', 'Won', 'Ann', 'Won', 2000, 'USD', '2026-12-01'],
  ['D03', 'Lost', 'Ann', 'Lost', 3000, 'USD', '2026-11-20'],
  ['D04', 'Pushed out', 'Ann', 'Pipeline', 400, 'USD', '2027-01-15'],
  ['D05', 'Pushed out blank', 'Ann', 'Prospect', 100, 'USD', null],
  ['D06', 'Pulled out', 'Ann', 'Opportunity', 600, 'USD', '2026-09-30'],
  ['D07', 'Reopened', 'Bob', 'Pipeline', 800, 'USD', '2026-12-01'],
  ['D08', 'Pulled in', 'Bob', 'Pipeline', 900, 'USD', '2026-11-30'],
  ['D09', 'Pushed in', 'Bob', 'Upside', 1100, 'USD', '2026-10-30'],
  ['D10', 'Pushed in blank', 'Bob', 'Prospect', 200, 'USD', '2026-12-01'],
  ['D11', 'New', 'Bob', 'Committed', 1200, 'USD', '2026-12-05'],
  ['D12', 'Amount and stage', 'Ann', 'Upside', 1500, 'USD', '2026-11-15'],
  ['D13', 'Decreased', 'Ann', 'Committed', 1800, 'USD', '2026-11-16'],
  ['D14', 'Advanced', 'Ann', 'Pipeline', 300, 'USD', '2026-11-17'],
  ['D15', 'Regressed', 'Ann', 'Opportunity', 500, 'USD', '2026-11-18'],
  ['D16', 'Unchanged', 'Ann', 'Pipeline', 700, 'USD', '2026-12-19'],
  ['D17', 'Moved owner', 'Bob', 'Pipeline', 1000, 'USD', '2026-11-21'],
  ['D18', 'Repeated key', 'Bob', 'Pipeline', 50, 'USD', '2026-11-10'],
  ['D18', 'Repeated key again', 'Bob', 'Committed', 9999, 'USD', '2026-11-10'],
  ['D19', 'Euro', 'Ann', 'Pipeline', 1200, 'EUR', '2026-11-22'],
  ['D20', 'Yen', 'Bob', 'Pipeline', 100000, 'JPY', '2026-11-23'],
];

function bridge(segmentBy: string[] = [], window?: string): ChangeResult {
  return runPipelineChange(
    [
      { sheet: { name: 'last week', values: FROM }, asOf: '2026-11-01' },
      { sheet: { name: 'this week', values: TO }, asOf: '2026-11-08' },
    ],
    { rates, segmentBy },
    { window },
  );
}

/** segment-label|bucket -> [deals, amount, weighted] */
function byStep(rows: ChangeRow[]): Map<string, [number, number, number]> {
  return new Map(
    rows.map((r) => [
      `${Object.values(r.segment).join('/') || 'total'}|${r.bucket}`,
      [r.deals, r.amount, r.weighted],
    ]),
  );
}

function bucketsOfDeals(c: ChangeResult): Record<string, Bucket> {
  const out: Record<string, Bucket> = {};
  for (let k = 0; k < c.dealCount; k++) {
    const d = c.deal(k);
    expect(out[d.key]).toBeUndefined();
    out[d.key] = d.bucket;
  }
  return out;
}

describe('pipeline change: a small case by hand', () => {
  it('puts every deal of Start or End in the bucket its definition gives', () => {
    expect(bucketsOfDeals(bridge())).toEqual({
      D01: 'removed',
      D02: 'won',
      D03: 'lost',
      D04: 'pushedOut',
      D05: 'pushedOut',
      D06: 'pulledOut',
      D07: 'reopened',
      D08: 'pulledIn',
      D09: 'pushedIn',
      D10: 'pushedIn',
      D11: 'new',
      D12: 'increased',
      D13: 'decreased',
      D14: 'advanced',
      D15: 'regressed',
      D16: 'unchanged',
      D17: 'unchanged',
      D18: 'new',
      D19: 'increased',
    });
  });

  it('totals Start, every bucket and End (amount in USD, EUR at 1.25)', () => {
    const c = bridge();
    const s = byStep(c.rows);
    expect(c.rows.map((r) => r.bucket)).toEqual([
      'start',
      ...BUCKETS.filter((b) => b !== 'movedOut' && b !== 'movedIn'),
      'end',
    ]);
    const expected: Record<string, [number, number, number]> = {
      start: [13, 13850, 7735],
      removed: [1, -1000, -500],
      won: [1, -2000, -1400],
      lost: [1, -3000, -1800],
      pushedOut: [2, -500, -210],
      pulledOut: [1, -600, -120],
      reopened: [1, 800, 400],
      pulledIn: [1, 900, 450],
      pushedIn: [2, 1300, 680],
      new: [2, 1250, 865],
      increased: [2, 750, 525],
      decreased: [1, -200, -140],
      advanced: [1, 0, 120],
      regressed: [1, 0, -200],
      unchanged: [2, 0, 0],
      end: [13, 11550, 6405],
    };
    for (const [bucket, want] of Object.entries(expected)) {
      expect([bucket, s.get(`total|${bucket}`)]).toEqual([bucket, want]);
    }
  });

  it('moves a deal whose owner changed out of one segment and into the other, before any other bucket', () => {
    const s = byStep(bridge(['Owner']).rows);
    expect(s.get('Ann|start')).toEqual([13, 13850, 7735]);
    expect(s.get('Ann|movedOut')).toEqual([1, -1000, -500]);
    expect(s.get('Ann|unchanged')).toEqual([1, 0, 0]);
    expect(s.get('Ann|end')).toEqual([6, 6300, 3510]);
    expect(s.get('Bob|start')).toEqual([0, 0, 0]);
    expect(s.get('Bob|movedIn')).toEqual([1, 1000, 500]);
    expect(s.get('Bob|new')).toEqual([2, 1250, 865]);
    expect(s.get('Bob|end')).toEqual([7, 5250, 2895]);
    // The total is the unsegmented bridge: the move is not in it.
    expect(s.get('total|unchanged')).toEqual([2, 0, 0]);
    expect(s.has('total|movedOut')).toBe(false);
    const d17 = [...Array(bridge(['Owner']).dealCount).keys()]
      .map((k) => bridge(['Owner']).deal(k))
      .find((d) => d.key === 'D17')!;
    expect(d17.fromSegment).toEqual({ Owner: 'Ann' });
    expect(d17.toSegment).toEqual({ Owner: 'Bob' });
    expect(d17.note).toContain('moved from Ann to Bob');
  });

  it('lists the repeated key as a located issue and keeps the first row', () => {
    const c = bridge();
    expect(c.issues).toEqual([
      expect.objectContaining({
        snapshot: 'this week',
        row: 19,
        column: 'Opportunity ID',
        value: 'D18',
        kind: 'duplicate-key',
      }),
    ]);
    const d18 = [...Array(c.dealCount).keys()].map((k) => c.deal(k)).find((d) => d.key === 'D18')!;
    expect(d18.toAmount).toBe(50);
    expect(d18.toRow).toBe(18);
  });

  it('keeps deals in a currency without a rate apart, in each snapshot', () => {
    const c = bridge();
    expect(c.keptApart).toEqual([
      { snapshot: 'last week', date: '2026-11-01', currency: 'JPY', deals: 1, amount: 100000 },
      { snapshot: 'this week', date: '2026-11-08', currency: 'JPY', deals: 1, amount: 100000 },
    ]);
  });

  it('writes the deal facts: stages, amounts, close dates and the days they moved, categories, probabilities', () => {
    const c = bridge();
    const deals = Object.fromEntries(
      [...Array(c.dealCount).keys()].map((k) => c.deal(k)).map((d) => [d.key, d]),
    );
    expect(deals.D12).toMatchObject({
      fromStage: 'Pipeline',
      toStage: 'Upside',
      fromAmount: 1000,
      toAmount: 1500,
      amountChange: 500,
      weightedChange: 400,
      fromCategory: 'Pipeline',
      toCategory: 'Best Case',
      fromProbability: 0.5,
      toProbability: 0.6,
    });
    expect(deals.D16!.closeDaysMoved).toBe(30);
    expect(deals.D04!.fromCloseDate).toEqual(new Date('2026-12-20T00:00:00Z'));
    expect(deals.D05!.note).toBe('close date now blank');
    expect(deals.D10!.note).toBe('close date blank in last week');
    expect(deals.D01).toMatchObject({ toStage: null, toAmount: null, amountChange: -1000 });
    expect(deals.D19).toMatchObject({ fromAmount: 1250, toAmount: 1500, weightedChange: 125 });
  });

  it('flows stages from the earlier ladder stage to the later one, absent deals included', () => {
    const flow = bridge().stageFlow;
    const cell = (f: string, t: string) => flow.find((x) => x.fromStage === f && x.toStage === t);
    expect(cell('Pipeline', '(absent)')).toEqual({
      fromStage: 'Pipeline',
      toStage: '(absent)',
      deals: 1,
      fromAmount: 1000,
      toAmount: 0,
    });
    expect(cell('(absent)', 'Committed')).toMatchObject({ deals: 1, toAmount: 1200 });
    expect(cell('(absent)', 'Pipeline')).toMatchObject({ deals: 1, toAmount: 50 });
    expect(cell('Lost', 'Pipeline')).toMatchObject({ deals: 1, fromAmount: 800 });
    expect(flow.reduce((s, f) => s + f.deals, 0)).toBe(19);
    expect(flow[0]!.fromStage).toBe('(absent)');
  });

  it('takes a window label in the run scheme and refuses one it does not write', () => {
    const nov = byStep(bridge([], '2026-11').rows);
    // Open deals of last week closing in November 2026.
    expect(nov.get('total|start')![0]).toBe(10);
    expect(() => bridge([], '2026-Q5')).toThrow(/not a period label of this run/);
    expect(() => bridge([], 'FY2027-Q1')).toThrow(/2026-Q4/);
    const fiscal = runPipelineChange(
      [
        { sheet: { name: 'a', values: FROM }, asOf: '2026-11-01' },
        { sheet: { name: 'b', values: TO }, asOf: '2026-11-08' },
      ],
      { rates, fiscalYearStart: 7 },
      { window: 'fy2027-q2' },
    );
    expect(fiscal.window).toEqual({ label: 'FY2027-Q2', first: '2026-10-01', last: '2026-12-31' });
    expect(byStep(fiscal.rows).get('total|end')).toEqual([13, 11550, 6405]);
  });

  it('matches by the opportunity column when there is no id column, and says so', () => {
    const strip = (g: CellValue[][]) => g.map((r) => r.slice(1));
    const c = runPipelineChange(
      [
        { sheet: { name: 'a', values: strip(FROM) }, asOf: '2026-11-01' },
        { sheet: { name: 'b', values: strip(TO) }, asOf: '2026-11-08' },
      ],
      { rates },
    );
    expect(c.notes[0]).toBe(
      'a: deals matched by Opportunity Name (the opportunity column (no deal id column found)).',
    );
    expect(c.from.keyHeader).toBe('Opportunity Name');
  });

  it('gives the tables every host writes', () => {
    const tables = changeTables(bridge(['Owner']));
    expect(tables.map((t) => t.sheetName)).toEqual([
      'Pipeline change',
      'Deal changes',
      'Stage flow',
      'Change issues',
    ]);
    const pc = tables[0]!;
    expect(pc.columns.map((c) => c.header)).toEqual([
      'Owner',
      'Bucket',
      'Order',
      'Deals',
      'Amount',
      'Weighted',
    ]);
    expect(pc.rows[0]).toEqual(['Ann', 'start', 1, 13, 13850, 7735]);
    expect(pc.rows.at(-1)).toEqual(['(total)', 'end', 18, 13, 11550, 6405]);
    expect(tables[1]!.rows).toHaveLength(19);
    for (const t of tables) for (const r of t.rows) expect(r).toHaveLength(t.columns.length);
  });
});

describe('pipeline change: the worked example of docs/engine.md', () => {
  it('gives the figures the docs show', () => {
    const head = ['ID', 'Stage', 'Amount', 'Close Date'];
    const c = runPipelineChange(
      [
        {
          sheet: {
            name: 'last week',
            values: [
              head,
              ['A', 'Pipeline', 1000, '2026-11-10'],
              ['B', 'Committed', 2000, '2026-12-01'],
              ['C', 'Pipeline', 400, '2026-12-20'],
              ['D', 'Lost', 800, '2026-09-01'],
              ['F', 'Prospect', 300, '2026-11-17'],
            ],
          },
          asOf: '2026-11-01',
        },
        {
          sheet: {
            name: 'this week',
            values: [
              head,
              ['A', 'Upside', 1500, '2026-11-10'],
              ['B', 'Won', 2000, '2026-12-01'],
              ['C', 'Pipeline', 400, '2027-01-15'],
              ['D', 'Pipeline', 800, '2026-12-01'],
              ['E', 'Committed', 1200, '2026-12-05'],
              ['F', 'Pipeline', 300, '2026-11-17'],
            ],
          },
          asOf: '2026-11-08',
        },
      ],
      {},
    );
    expect(c.window.label).toBe('2026-Q4');
    expect(bucketsOfDeals(c)).toEqual({
      A: 'increased',
      B: 'won',
      C: 'pushedOut',
      D: 'reopened',
      E: 'new',
      F: 'advanced',
    });
    const s = byStep(c.rows);
    expect(s.get('total|start')).toEqual([4, 3700, 2130]);
    expect(s.get('total|end')).toEqual([4, 3800, 2290]);
    expect(s.get('total|increased')).toEqual([1, 500, 400]);
    expect(s.get('total|advanced')).toEqual([1, 0, 120]);
    expect(s.get('total|reopened')).toEqual([1, 800, 400]);
    expect(s.get('total|new')).toEqual([1, 1200, 840]);
  });
});

/** |a - b| below half a cent: equal to the cent. */
const centsEqual = (a: number, b: number) => Math.abs(a - b) < 0.005;

export function checkIdentity(c: ChangeResult): void {
  const groups = new Map<string, ChangeRow[]>();
  for (const r of c.rows) {
    const k = JSON.stringify(r.segment);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const rows of groups.values()) {
    for (const key of ['amount', 'weighted'] as const) {
      const s = new Sum();
      let end = 0;
      for (const r of rows) {
        if (r.bucket === 'end') end = r[key];
        else s.add(r[key]);
      }
      expect(centsEqual(s.value, end)).toBe(true);
    }
  }
}

describe('pipeline change: seeded weekly snapshots', () => {
  const weeks = generateSnapshots({ seed: 11, deals: 400, weeks: 4 });
  const sources = weeks.map((w) => ({ sheet: { name: w.name, values: w.values }, asOf: w.asOf }));

  it.each([0, 1, 2])(
    'plants every bucket between week %i and the next, and the identity holds',
    (w) => {
      const c = runPipelineChange(sources.slice(w, w + 2), { rates: RATES, segmentBy: ['Owner'] });
      for (const b of BUCKETS) {
        const n = c.rows.filter((r) => r.bucket === b).reduce((s, r) => s + r.deals, 0);
        expect([b, n > 0]).toEqual([b, true]);
      }
      checkIdentity(c);
      const later = c.issues.filter((x) => x.snapshot === c.to.name);
      expect(later.filter((x) => x.kind === 'duplicate-key')).toHaveLength(2);
      expect(later.filter((x) => x.kind === 'missing-key')).toHaveLength(1);
      expect(c.keptApart.length).toBeGreaterThan(0);
      const notes = [...Array(c.dealCount).keys()].map((k) => c.deal(k).note);
      expect(notes.some((n) => n.includes('close date now blank'))).toBe(true);
      const both = [...Array(c.dealCount).keys()]
        .map((k) => c.deal(k))
        .filter(
          (d) =>
            d.fromAmount !== d.toAmount &&
            d.fromLadderStage !== d.toLadderStage &&
            d.fromAmount !== null &&
            d.toAmount !== null,
        );
      expect(both.length).toBeGreaterThan(0);
    },
  );

  it('plants every bucket for other seeds too, and the identity holds', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const [a, b] = generateSnapshots({ seed, deals: 300, weeks: 2 });
      const c = runPipelineChange(
        [a!, b!].map((w) => ({ sheet: { name: w.name, values: w.values }, asOf: w.asOf })),
        { rates: RATES, segmentBy: ['Owner'] },
      );
      for (const bucket of BUCKETS) {
        const n = c.rows.filter((r) => r.bucket === bucket).reduce((s, r) => s + r.deals, 0);
        expect([seed, bucket, n > 0]).toEqual([seed, bucket, true]);
      }
      checkIdentity(c);
    }
  });

  it('bridges the two latest snapshots and gives the Trend over all of them', () => {
    const c = runPipelineChange([...sources].reverse(), { rates: RATES });
    expect(c.from.date).toBe(weeks[2]!.asOf);
    expect(c.to.date).toBe(weeks[3]!.asOf);
    expect(c.trend!.map((t) => t.date)).toEqual(weeks.map((w) => w.asOf));
    const start = c.rows.find((r) => r.bucket === 'start')!;
    const end = c.rows.find((r) => r.bucket === 'end')!;
    expect(c.trend![2]!.openAmount).toBe(start.amount);
    expect(c.trend![3]!.openAmount).toBe(end.amount);
    expect(c.trend![3]!.openDeals).toBe(end.deals);
    expect(changeTables(c).map((t) => t.key)).toContain('Trend');
  });

  it('Trend agrees with the Forecast of a sheet without left-out rows', () => {
    const clean = weeks.map((w) => ({
      sheet: { name: w.name, values: dedupe(w.values) },
      asOf: w.asOf,
    }));
    const c = runPipelineChange(clean.slice(0, 3), { rates: RATES });
    const run = runForecast(clean[2]!.sheet, { rates: RATES, asOf: clean[2]!.asOf });
    const q4 = run.forecast.filter((r) => r.period === '2026-Q4');
    const sum = (f: (r: (typeof q4)[number]) => number) => {
      const s = new Sum();
      q4.forEach((r) => s.add(f(r)));
      return s.value;
    };
    const t = c.trend![2]!;
    expect(
      centsEqual(
        t.weighted,
        sum((r) => r.weighted),
      ),
    ).toBe(true);
    expect(
      centsEqual(
        t.closed,
        sum((r) => r.closed),
      ),
    ).toBe(true);
    expect(
      centsEqual(
        t.commit,
        sum((r) => r.commitCumulative),
      ),
    ).toBe(true);
    expect(
      centsEqual(
        t.bestCase,
        sum((r) => r.bestCaseCumulative),
      ),
    ).toBe(true);
    expect(
      centsEqual(
        t.pipeline,
        sum((r) => r.pipelineCumulative),
      ),
    ).toBe(true);
    expect(
      centsEqual(
        t.openAmount,
        sum((r) => r.openAmount ?? 0),
      ),
    ).toBe(true);
    expect(t.deals).toBe(q4.reduce((s, r) => s + r.deals, 0));
  });
});

/** The grid without blank-key rows and repeated keys (first row kept). */
function dedupe(values: CellValue[][]): CellValue[][] {
  const seen = new Set<CellValue>();
  return values.filter((r, i) => {
    if (i === 0) return true;
    if (r[0] === null || seen.has(r[0]!)) return false;
    seen.add(r[0]!);
    return true;
  });
}
