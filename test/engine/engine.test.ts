/** The engine's decisions, one small sheet each (docs/engine.md states them). */
import type { CellValue } from '../../core/cells';
import { FunnelError } from '../../core/errors';
import {
  inspectSheet,
  runForecast,
  summarizeRun,
  toOutputTables,
  type ForecastSettings,
} from '../../core';
import { sheet } from './helpers';

const HEAD = ['Opportunity', 'Account', 'Owner', 'Region', 'Stage', 'Amount', 'Close Date'];
const base: ForecastSettings = { asOf: '2026-03-31' };
const run = (rows: CellValue[][], settings: ForecastSettings = {}) =>
  runForecast(sheet(rows), { ...base, ...settings });
const ref = { kind: 'sheet' as const, id: 'Deals', label: 'Deals' };

describe('reading the sheet', () => {
  it('finds the header row below title rows and reports sheet row numbers', () => {
    const r = run([
      ['Q1 pipeline review', null],
      [null, null],
      HEAD,
      ['A-1', 'Acme', 'Ann', 'East', 'Pipeline', 4245.74, '2026-05-10'],
      ['A-2', 'Beta', 'Bob', 'West', 'Committed', 'twelve', '2026-05-10'],
    ]);
    expect(r.mapping.headerRow).toBe(3);
    expect(r.deals[0]!.row).toBe(4);
    expect(r.issues).toEqual([
      expect.objectContaining({
        row: 5,
        column: 'Amount',
        value: 'twelve',
        kind: 'bad-amount',
        rowKept: false,
      }),
    ]);
    expect(r.deals[0]!.weighted).toBe(2122.87); // domain check value: 4,245.74 at 50%
  });

  it('maps Chinese CRM headers and reads 万 amounts and 年月日 dates', () => {
    const r = run([
      ['商机名称', '客户名称', '负责人', '区域', '商机阶段', '商机金额', '预计成交日期'],
      ['商机1', '海尔', '王磊', '华东', '商务谈判', '1.2285万', '2026年5月15日'],
      ['商机2', '美的', '李娜', '华北', '赢单', '¥10,000', '2026/3/1'],
    ]);
    expect(r.mapping.fields.amount?.header).toBe('商机金额');
    expect(r.mapping.stagePreset).toBe('chinese-crm');
    expect(r.mapping.notes.join(' ')).toMatch(/中文 CRM/);
    expect(r.deals[0]!.weighted).toBe(8599.5); // domain check value: 12,285 at 70%
    expect(r.deals[0]!.period).toBe('2026-Q2');
    expect(r.deals[1]!.status).toBe('won');
  });

  it('knows Pipedrive and Dynamics headers', () => {
    const r = run([
      [
        'Deal - Title',
        'Deal - Value',
        'Deal - Stage',
        'Deal - Expected close date',
        'Deal - Owner',
        'Deal - Status',
      ],
      ['x', 100, 'Pipeline', '2026-04-01', 'Ann', 'open'],
    ]);
    expect(
      Object.fromEntries(Object.values(r.mapping.fields).map((f) => [f.field, f.header])),
    ).toMatchObject({
      opportunity: 'Deal - Title',
      amount: 'Deal - Value',
      stage: 'Deal - Stage',
      closeDate: 'Deal - Expected close date',
      owner: 'Deal - Owner',
      status: 'Deal - Status',
    });
    const d = run([
      ['Topic', 'Est. Revenue', 'Est. Close Date', 'Probability'],
      ['x', 100, '2026-04-01', 40],
    ]);
    expect(d.mapping.fields.amount?.header).toBe('Est. Revenue');
    expect(d.mapping.fields.closeDate?.header).toBe('Est. Close Date');
    expect(d.deals[0]!.probability).toBe(0.4);
  });

  it('lets the user override the mapping, and says which headers exist when one is wrong', () => {
    const rows = [
      ['Value A', 'Value B', 'Stage'],
      [1, 2, 'Won'],
    ];
    expect(run(rows, { mapping: { amount: 'Value B' } }).deals[0]!.amount).toBe(2);
    expect(() => run(rows, { mapping: { amount: 'Nope' } })).toThrow(/Value A, Value B, Stage/);
  });

  it('names the columns of a data row wider than the header row, however far down it is', () => {
    // The headers run to the widest data row; the mapping follows them.
    const rows: CellValue[][] = [['Amount', 'Stage', 'Close Date']];
    for (let i = 0; i < 40; i++) rows.push([100 + i, 'Won', '2026-02-10']);
    rows.push([1, 'Won', '2026-02-10', null, 'East', 7]);
    const columns = (r: ReturnType<typeof run>) =>
      toOutputTables(r)
        .find((t) => t.key === 'FunnelData')!
        .columns.map((c) => c.header);
    expect(columns(run(rows))).toEqual(
      expect.arrayContaining(['Close Date', 'Column 4', 'Column 5', 'Column 6']),
    );
    const wide = run(rows, { segmentBy: ['Column 5'], mapping: { probability: 'Column 6' } });
    expect(wide.forecast.map((f) => f.segment['Column 5'])).toEqual(['(blank)', 'East']);
    expect(wide.deals[40]!.row).toBe(42);
    // A mapping to a header that is nowhere names every column, the wide row's too.
    expect(() => run(rows, { mapping: { amount: 'Nope' } })).toThrow(/Close Date, Column 4/);
    // Rows no wider than the header row: the headers are the header row's.
    const narrow = run(rows.slice(0, 41));
    expect(columns(narrow)).not.toContain('Column 4');
    expect(narrow.counts.rows).toBe(40);
  });

  it('decides day-first per column from its values', () => {
    const r = run([
      ['Amount', 'Stage', 'Close Date'],
      [1, 'Pipeline', '03/04/2026'],
      [1, 'Pipeline', '25/12/2026'],
    ]);
    expect(r.deals[0]!.closeDate?.toISOString().slice(0, 10)).toBe('2026-04-03');
    expect(r.mapping.notes.join(' ')).toMatch(/day-first/);
  });
});

describe('stages, probabilities, status and category', () => {
  it('weights an unknown stage with its own probability; with neither it is reported, not counted', () => {
    const r = run([
      ['Amount', 'Stage', 'Probability', 'Close Date'],
      [1000, 'Negotiating', 0.4, '2026-04-01'],
      [1000, 'Negotiating', null, '2026-04-01'],
      [1000, 'Pipeline', null, '2026-04-01'],
    ]);
    expect(r.deals[0]).toMatchObject({ weighted: 400, counted: true });
    expect(r.deals[1]).toMatchObject({ weighted: null, counted: false });
    expect(r.counts).toMatchObject({ rows: 3, counted: 2, excluded: 1 });
    expect(r.issues.map((i) => [i.row, i.kind, i.rowKept])).toEqual([
      [2, 'unknown-stage', true],
      [3, 'unknown-stage', false],
    ]);
  });

  it("prefers the deal's own probability over the stage's (Pipedrive's precedence)", () => {
    const r = run([
      ['Amount', 'Stage', 'Probability', 'Close Date'],
      [100, 'Pipeline', '35%', '2026-04-01'],
      [100, 'Pipeline', null, '2026-04-01'],
      [100, 'Pipeline', 'high', '2026-04-01'],
    ]);
    expect(r.deals.map((d) => d.probability)).toEqual([0.35, 0.5, 0.5]);
    expect(r.issues[0]).toMatchObject({ row: 4, kind: 'bad-probability', rowKept: true });
  });

  it('uses the best-matching preset and says so', () => {
    const r = run([
      ['Amount', 'Stage', 'Close Date'],
      [100, 'Prospecting', '2026-04-01'],
      [100, 'Negotiation/Review', '2026-04-01'],
      [100, 'Closed Won', '2026-03-01'],
    ]);
    expect(r.mapping.stagePreset).toBe('salesforce');
    expect(r.deals.map((d) => d.probability)).toEqual([0.1, 0.9, 1]);
  });

  it("uses the user's stage table first", () => {
    const r = run(
      [
        ['Amount', 'Stage', 'Close Date'],
        [100, 'Pipeline', '2026-04-01'],
        [100, 'Demo', '2026-04-01'],
      ],
      {
        stageTable: [
          ['Stage', 'Probability', 'Category'],
          ['Pipeline', '40%', 'Pipeline'],
          ['Demo', 25, 'Best Case'],
        ],
      },
    );
    expect(r.deals.map((d) => [d.probability, d.category])).toEqual([
      [0.4, 'Pipeline'],
      [0.25, 'Best Case'],
    ]);
  });

  it('reads open/won/lost status and Salesforce IsWon/IsClosed', () => {
    const r = run([
      ['Amount', 'Stage', 'IsWon', 'IsClosed', 'Close Date'],
      [100, 'Negotiation/Review', false, false, '2026-04-01'],
      [100, 'Closed Won', true, true, '2026-03-01'],
      [100, 'Closed Lost', 'false', 'true', '2026-03-01'],
    ]);
    expect(r.deals.map((d) => d.status)).toEqual(['open', 'won', 'lost']);
    const p = run([
      ['Amount', 'Stage', 'Status', 'Close Date'],
      [100, 'Pipeline', 'lost', '2026-03-01'],
      [100, 'Committed', 'Won', '2026-03-01'],
    ]);
    expect(p.deals.map((d) => [d.status, d.weighted, d.category])).toEqual([
      ['lost', 0, 'Omitted'],
      ['won', 100, 'Closed'],
    ]);
  });

  it('respects a manual forecast category for open deals', () => {
    const r = run([
      ['Amount', 'Stage', 'Forecast Category', 'Close Date'],
      [100, 'Pipeline', 'Commit', '2026-04-01'],
      [100, 'Pipeline', 'Maybe', '2026-04-01'],
    ]);
    expect(r.deals.map((d) => d.category)).toEqual(['Commit', 'Pipeline']);
    expect(r.issues[0]).toMatchObject({ kind: 'bad-category', rowKept: true, value: 'Maybe' });
  });

  it('forecasts an open deal on a closed stage in an open category, never Closed', () => {
    const r = run([
      ['Amount', 'Stage', 'Status', 'Forecast Category', 'Close Date'],
      [800, 'Won', 'Open', null, '2026-04-01'],
      [700, 'Won', 'Open', 'Closed', '2026-04-01'],
    ]);
    expect(r.deals.map((d) => [d.status, d.category])).toEqual([
      ['open', 'Commit'],
      ['open', 'Commit'],
    ]);
    expect(r.forecast.find((f) => f.period === '2026-Q2')).toMatchObject({
      closed: 0,
      commit: 1500,
    });
    expect(r.issues.map((i) => i.kind).sort()).toEqual([
      'bad-category',
      'bad-status',
      'bad-status',
    ]);
  });

  it('keeps Closed for won money: a category column that contradicts the status is reported, and every coverage agrees', () => {
    const rows: CellValue[][] = [
      ['Opportunity', 'Owner', 'Amount', 'Stage', 'Forecast Category', 'Close Date'],
      ['W-1', 'Ann', 400, 'Won', 'Commit', '2026-04-10'],
      ['O-1', 'Ann', 1000, 'Pipeline', 'Closed', '2026-05-10'],
      ['L-1', 'Ann', 300, 'Lost', 'Pipeline', '2026-05-10'],
      ['O-2', 'Ann', 800, 'Pipeline', 'Commit', '2026-05-10'],
    ];
    const settings: ForecastSettings = {
      asOf: '2026-04-15',
      targets: [
        ['Who', 'Period', 'Target'],
        ['Ann', '2026-Q2', 2000],
        ['Total', '2026-Q2', 2000],
      ],
    };
    const r = run(rows, settings);
    expect(r.deals.map((d) => d.category)).toEqual(['Closed', 'Pipeline', 'Omitted', 'Commit']);
    expect(r.issues.map((i) => [i.row, i.kind, i.value, i.rowKept])).toEqual([
      [2, 'bad-category', 'Commit', true],
      [3, 'bad-category', 'Closed', true],
      [4, 'bad-category', 'Pipeline', true],
    ]);
    expect(r.issues[0]!.problem).toMatch(/expected Closed for a won deal; it is counted as Closed/);
    expect(r.issues[1]!.problem).toMatch(/Closed is for won deals\); the stage's category is used/);
    // Open 1,800, won 400, target 2,000: coverage 1,800 / 1,600 in every table.
    const q2 = r.forecast.find((f) => f.period === '2026-Q2')!;
    expect(q2).toMatchObject({ closed: 400, commit: 800, pipeline: 1000, omitted: 300 });
    const ann = r.reps.find((x) => x.owner === 'Ann')!;
    expect(q2.coverage).toBe(1800 / 1600);
    expect(ann.coverage).toBe(q2.coverage);
    const s = summarizeRun(r, settings, toOutputTables(r), [], []);
    expect(s.coverage).toBe(q2.coverage);
  });
});

describe('periods and dates', () => {
  const rows = [
    ['Amount', 'Stage', 'Close Date'],
    [100, 'Pipeline', '2026-07-01'],
    [100, 'Pipeline', '2026-06-30'],
    [100, 'Pipeline', null],
    [100, 'Pipeline', '2026-02-01'],
  ];
  it('names calendar quarters, months and years', () => {
    expect(run(rows).deals.map((d) => d.period)).toEqual([
      '2026-Q3',
      '2026-Q2',
      '(no close date)',
      '2026-Q1',
    ]);
    expect(run(rows, { period: 'month' }).deals[0]!.period).toBe('2026-07');
    expect(run(rows, { period: 'year' }).deals[0]!.period).toBe('2026');
  });
  it('names fiscal periods by the year they end', () => {
    const r = run(rows, { fiscalYearStart: 7 });
    expect(r.deals.map((d) => d.period)).toEqual([
      'FY2027-Q1',
      'FY2026-Q4',
      '(no close date)',
      'FY2026-Q3',
    ]);
    expect(r.deals[0]).toMatchObject({ fiscalYear: 'FY2027', fiscalQuarter: 'FY2027-Q1' });
    expect(run(rows, { fiscalYearStart: 7, period: 'month' }).deals[0]!.period).toBe('2026-07');
    expect(run(rows, { fiscalYearStart: 7, period: 'year' }).deals[1]!.period).toBe('FY2026');
  });
  it('keeps deals without a close date in the totals and lists them; flags slipped and stale deals', () => {
    const r = run(
      [
        ['Amount', 'Stage', 'Close Date', 'Last Activity'],
        [100, 'Pipeline', null, '2026-03-30'],
        [100, 'Pipeline', '2026-03-01', '2026-01-02'],
        [100, 'Won', '2026-03-01', '2026-01-02'],
      ],
      { staleDays: 30 },
    );
    expect(r.counts.counted).toBe(3);
    expect(r.forecast.find((f) => f.period === '(no close date)')!.deals).toBe(1);
    expect(r.counts.byKind).toEqual({ 'missing-close-date': 1, slipped: 1, stale: 1 });
    expect(r.deals[1]).toMatchObject({ slipped: true, stale: true });
    expect(r.deals[2]).toMatchObject({ slipped: false, stale: false });
  });
  it('needs an as-of date and never reads the clock', () => {
    expect(() => runForecast(sheet(rows), {})).toThrow(FunnelError);
    expect(() => runForecast(sheet(rows), {})).toThrow(/as-of/);
    expect(() => runForecast(sheet(rows), { asOf: '31/03/2026' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('forecast categories, spread and currency', () => {
  it('sums single and cumulative categories as Salesforce defines them, and the spread', () => {
    const r = run([
      ['Amount', 'Stage', 'Close Date'],
      [100, 'Won', '2026-02-01'],
      [200, 'Committed', '2026-03-01'],
      [300, 'Upside', '2026-03-01'],
      [400, 'Pipeline', '2026-03-01'],
      [500, 'Lost', '2026-03-01'],
      [600, 'Leads', '2026-03-01'],
    ]);
    expect(r.forecast).toHaveLength(1);
    const f = r.forecast[0]!;
    expect(f).toMatchObject({
      deals: 6,
      amount: 2100,
      weighted: 100 + 140 + 180 + 200,
      closed: 100,
      commit: 200,
      bestCase: 300,
      pipeline: 400,
      omitted: 1100,
      commitCumulative: 300,
      bestCaseCumulative: 600,
      pipelineCumulative: 900,
    });
    const variance = 200 ** 2 * 0.7 * 0.3 + 300 ** 2 * 0.6 * 0.4 + 400 ** 2 * 0.5 * 0.5;
    expect(f.spread).toBeCloseTo(Math.sqrt(variance), 9);
  });

  it('converts with a rate table; a currency without a rate is totalled apart, never added', () => {
    const r = run(
      [
        ['Amount', 'Currency', 'Stage', 'Close Date'],
        [100, 'USD', 'Won', '2026-03-01'],
        [100, 'EUR', 'Won', '2026-03-01'],
        ['JPY 1,000', null, 'Won', '2026-03-01'],
        ['USD 50', null, 'Won', '2026-03-01'],
      ],
      { rates: [['EUR', 1.1]], baseCurrency: 'USD' },
    );
    expect(r.deals.map((d) => d.amount)).toEqual([100, 110, null, 50]);
    expect(r.unconverted).toEqual([{ currency: 'JPY', deals: 1, amount: 1000 }]);
    expect(r.forecast[0]!.amount).toBe(260);
    expect(r.counts).toMatchObject({ counted: 3, excluded: 1, byKind: { 'no-rate': 1 } });
  });
});

describe('pyramid, reps and targets', () => {
  const rows: CellValue[][] = [
    ['Account', 'Owner', 'Region', 'Stage', 'Amount', 'Created', 'Close Date'],
    ['Big', 'Ann', 'East', 'Won', 600, '2026-01-01', '2026-02-01'],
    ['Mid', 'Ann', 'East', 'Won', 250, '2026-01-01', '2026-03-02'],
    ['Small', 'Bob', 'West', 'Won', 100, '2026-01-01', '2026-01-11'],
    ['Tiny', 'Bob', 'West', 'Won', 50, '2025-12-01', '2026-01-01'],
    ['Big', 'Bob', 'West', 'Lost', 900, '2025-12-01', '2026-01-01'],
    ['Big', 'Ann', 'East', 'Pipeline', 1000, '2026-01-01', '2026-05-01'],
  ];
  it('tiers accounts by won amount with the coverage level', () => {
    const r = run(rows);
    expect(r.tiers.map((t) => [t.account, t.value, t.tier])).toEqual([
      ['Big', 600, 'Key account'],
      ['Mid', 250, 'Important'],
      ['Small', 100, 'SMB'],
      ['Tiny', 50, 'Mass market'],
    ]);
    expect(r.tiers[0]!.coverage).toMatch(/Level 3/);
    expect(r.deals[5]!.tier).toBe('Key account');
    expect(run(rows, { tierMeasure: 'open' }).tiers[0]).toMatchObject({
      account: 'Big',
      value: 1000,
    });
  });

  it('computes the performance equation per rep', () => {
    const r = run(rows);
    const ann = r.reps.find((x) => x.owner === 'Ann')!;
    expect(ann).toMatchObject({
      won: 2,
      lost: 0,
      winRate: 1,
      avgWonAmount: 425,
      openAmount: 1000,
      weighted: 500,
    });
    expect(ann.avgCycleDays).toBe((31 + 60) / 2);
    expect(ann.velocityPerDay).toBeCloseTo((1 * 1 * 425) / 45.5, 10);
    const bob = r.reps.find((x) => x.owner === 'Bob')!;
    expect(bob.winRate).toBeCloseTo(2 / 3, 12);
  });

  it('measures reps and segments against targets: gap, coverage, opportunities needed', () => {
    const r = run(rows, {
      asOf: '2026-04-15',
      segmentBy: ['Region'],
      targets: [
        ['Who', 'Period', 'Target'],
        ['Ann', '2026-Q2', 2000],
        ['East', '2026-Q2', 3000],
        ['Total', '2026-Q2', 4000],
      ],
    });
    const ann = r.reps.find((x) => x.owner === 'Ann')!;
    // Q2: nothing closed yet, 1,000 open at 50% = 500 weighted.
    expect(ann).toMatchObject({ targetPeriod: '2026-Q2', target: 2000, gap: 1500, coverage: 0.5 });
    expect(ann.oppsNeeded).toBe(Math.ceil(1500 / (1 * 425)));
    const east = r.forecast.find((f) => f.segment.Region === 'East' && f.period === '2026-Q2')!;
    expect(east).toMatchObject({ target: 3000, gap: 2500 });
    const s = summarizeRun(
      r,
      { asOf: '2026-04-15', targets: [['Total', '2026-Q2', 4000]] },
      toOutputTables(r),
      [],
      [],
    );
    expect(s.coverage).toBe(1000 / 4000);
    expect(s.thisPeriod).toEqual({ label: '2026-Q2', weighted: 500, closed: 0 });
    expect(s.nextPeriod.label).toBe('2026-Q3');
  });

  it('segments by account tier', () => {
    const r = run(rows, { segmentBy: ['Region', 'Tier'] });
    expect(Object.keys(r.forecast[0]!.segment)).toEqual(['Region', 'Tier']);
    expect(r.forecast.some((f) => f.segment.Tier === 'Key account')).toBe(true);
  });
});

describe('output tables and inspection', () => {
  const rows: CellValue[][] = [
    ['Account', 'Stage', 'Amount', 'Period', 'Close Date'],
    ['Acme', 'Pipeline', 100, 'x', '2026-04-01'],
    ['Beta', 'Mystery', 100, 'y', '2026-04-01'],
  ];
  it('writes FunnelData first with every original column, then the other tables, headers fixed', () => {
    const tables = toOutputTables(run(rows));
    expect(tables.map((t) => t.key)).toEqual([
      'FunnelData',
      'Forecast',
      'Funnel',
      'Pyramid',
      'Reps',
      'DataIssues',
      'Assumptions',
    ]);
    const data = tables[0]!;
    const headers = data.columns.map((c) => c.header);
    expect(headers.slice(0, 5)).toEqual([
      'Account',
      'Stage',
      'Amount',
      'Period (source)',
      'Close Date',
    ]);
    expect(headers).toContain('Weighted Amount');
    expect(new Set(headers.map((h) => h.toLowerCase())).size).toBe(headers.length);
    expect(data.rows).toHaveLength(2);
    expect(data.rows[0]![headers.indexOf('Weighted Amount')]).toBe(50);
    expect(data.rows[1]![headers.indexOf('Counted')]).toBe('No');
    expect(data.columns[headers.indexOf('Close Date Used')]!.format).toBe('date');
    expect(tables[5]!.rows[0]).toEqual([
      3,
      'Beta',
      'Stage',
      'Mystery',
      'Unknown stage',
      'Blocking',
      expect.stringMatching(/Mystery/),
      'No',
    ]);
    for (const t of tables) for (const r of t.rows) expect(r).toHaveLength(t.columns.length);
  });

  it('inspects: header row, mapping, stage labels with how they resolve, a preview', () => {
    const i = inspectSheet(ref, sheet([['Report'], ...rows]), {});
    expect(i.mapping.headerRow).toBe(2);
    expect(i.rows).toBe(2);
    expect(i.preview).toHaveLength(2);
    // Ladder order, stages no table knows last.
    expect(i.stages.map((s) => [s.label, s.deals, s.resolved?.ladder])).toEqual([
      ['Pipeline', 1, 'Pipeline'],
      ['Mystery', 1, undefined],
    ]);
  });

  it('caps the display tables of the summary and leaves FunnelData out', () => {
    const many: CellValue[][] = [['Account', 'Stage', 'Amount', 'Close Date']];
    for (let i = 0; i < 700; i++) many.push([`A${i}`, 'Won', i + 1, '2026-01-01']);
    const r = run(many);
    const s = summarizeRun(
      r,
      base,
      toOutputTables(r),
      [{ sheetName: 'FunnelData', rows: 700 }],
      ['host note'],
    );
    expect(s.tables.map((t) => t.key)).not.toContain('FunnelData');
    expect(s.tables.find((t) => t.key === 'Pyramid')!.rows).toHaveLength(500);
    expect(s.notes).toContain('host note');
    expect(s.counts).toEqual({ rows: 700, counted: 700, excluded: 0, issues: 0 });
  });
});

describe('targets given as dates and number formats from the host', () => {
  it('matches a target whose period cell is a date inside the period', () => {
    const r = run(
      [
        ['Owner', 'Stage', 'Amount', 'Close Date'],
        ['Ann', 'Pipeline', 1000, '2026-05-01'],
      ],
      { asOf: '2026-04-15', targets: [['Ann', new Date(Date.UTC(2026, 3, 1)), 3000]] },
    );
    expect(r.reps[0]).toMatchObject({ target: 3000, gap: 2500 });
  });

  it('gives FunnelData columns the date format where the host marks them', () => {
    const s = sheet([
      ['Stage', 'Amount', 'Signed'],
      ['Won', 100, 46096],
    ]);
    s.numberFormats = [
      ['General', 'General', 'General'],
      ['General', '#,##0', 'yyyy-mm-dd'],
    ];
    const data = toOutputTables(runForecast(s, base))[0]!;
    expect(data.columns.slice(0, 3).map((c) => c.format)).toEqual(['text', 'number', 'date']);
  });

  it('fills FunnelData from the columns exactly as the deal records read', () => {
    const r = run([
      ['Account', 'Owner', 'Stage', 'Amount', 'Close Date', 'Last Activity'],
      ['Acme', 'Ann', 'Pipeline', 100, '2026-03-01', '2026-01-01'],
      ['Beta', 'Bob', 'Mystery', 'x', null, null],
    ]);
    const data = toOutputTables(r)[0]!;
    const headers = data.columns.map((c) => c.header);
    r.deals.forEach((d, i) => {
      const row = data.rows[i]!;
      const at = (h: string) => row[headers.indexOf(h)];
      expect(at('Source Row')).toBe(d.row);
      expect(at('Weighted Amount')).toBe(d.weighted);
      expect(at('Deal Amount')).toBe(d.amount);
      expect(at('Period')).toBe(d.period);
      expect(at('Close Date Used')).toEqual(d.closeDate);
      expect(at('Account Tier')).toBe(d.tier);
      expect(at('Slipped')).toBe(d.slipped ? 'Yes' : 'No');
      expect(at('Stale')).toBe(d.stale ? 'Yes' : 'No');
      expect(at('Issues')).toBe(d.issues || null);
    });
  });
});

describe('sheets with little in them', () => {
  it('a header row alone gives empty tables, not an error', () => {
    const r = run([['Account', 'Stage', 'Amount', 'Close Date']]);
    expect(r.counts).toEqual({ rows: 0, counted: 0, excluded: 0, byKind: {} });
    expect(r.forecast).toEqual([]);
    expect(
      toOutputTables(r)
        .map((t) => t.rows.length)
        .slice(0, 6),
    ).toEqual([0, 0, 8, 0, 0, 0]);
  });

  it('without an amount column every deal is reported, none silently dropped', () => {
    const r = run([
      ['Account', 'Stage'],
      ['Acme', 'Won'],
    ]);
    expect(r.mapping.notes.join(' ')).toMatch(/No amount column/);
    expect(r.counts).toMatchObject({ rows: 1, counted: 0, excluded: 1 });
    expect(r.issues[0]).toMatchObject({ row: 2, kind: 'missing-amount', rowKept: false });
  });

  it('reads won/lost from a result column when there is no stage (IBM win-loss style)', () => {
    const r = run([
      ['Opportunity Number', 'Region', 'Opportunity Result', 'Opportunity Amount USD'],
      [1, 'Pacific', 'Won', 7750],
      [2, 'Pacific', 'Loss', 1000],
    ]);
    expect(r.deals.map((d) => [d.status, d.weighted])).toEqual([
      ['won', 7750],
      ['lost', 0],
    ]);
    // No close date column at all: one note, every deal under "(no close date)".
    expect(r.mapping.notes.join(' ')).toMatch(/No close date column/);
    expect(r.deals.map((d) => d.period)).toEqual(['(no close date)', '(no close date)']);
  });

  it('an empty grid is a clear error', () => {
    expect(() => runForecast(sheet([]), base)).toThrow(/empty/);
  });
});
