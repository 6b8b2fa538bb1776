/**
 * The rules a finance reader checks on the first run (issue 12): Omitted with
 * a deal's own probability, funnel counts with blank amounts, the spread total,
 * a sheet with no deal column, the as-of suggestion, and drill-down sums.
 */
import type { CellValue } from '../../core/cells';
import { FunnelError } from '../../core/errors';
import {
  inspectSheet,
  runForecast,
  summarizeRun,
  toOutputTables,
  type ForecastResult,
} from '../../core';
import { drillData, drillDown } from '../../core/engine/drill';
import { funnelWeight } from '../../core/functions/funnel-weight';
import { Sum } from '../../core/money';
import { columnTotal } from '../../core/output';
import { SAMPLE_AS_OF, SAMPLE_RATES, generateSampleSheet } from '../../core/sample';
import { probabilityUsed, lookupStage, openCategory, parseStageTable } from '../../core/stages';
import { sheet } from './helpers';

const HEAD = ['Opportunity', 'Owner', 'Stage', 'Probability', 'Amount', 'Close Date'];
const asOf = '2026-03-31';
const run = (rows: CellValue[][], extra = {}) =>
  runForecast(sheet([HEAD, ...rows]), { asOf, ...extra });
const source = { kind: 'sheet' as const, id: 'Deals', label: 'Deals' };

describe('a deal on an Omitted stage with its own probability', () => {
  const rows: CellValue[][] = [
    ['L-1', 'Ann', 'Lead', 0.1, 1000, '2026-02-10'],
    ['L-2', 'Ann', 'Lead', null, 500, '2026-02-10'],
  ];
  const r = run(rows);

  it('is weighted with its own probability and forecast as Pipeline, never as Omitted', () => {
    const [row] = r.forecast;
    expect(row!.weighted).toBe(100);
    expect(row!.pipeline).toBe(1000);
    // The Lead without a probability stays Omitted, at 0%.
    expect(row!.omitted).toBe(500);
    expect(r.deals[0]!.category).toBe('Pipeline');
    expect(r.deals[1]!.category).toBe('Omitted');
    expect(r.deals[1]!.weighted).toBe(0);
  });

  it('stays on its ladder stage in the Funnel, with the same weighted amount', () => {
    const leads = r.funnel.find((f) => f.stage === 'Leads')!;
    expect(leads.deals).toBe(2);
    expect(leads.weighted).toBe(100);
  });

  it('FUNNEL_WEIGHT and the shared rule say the same', () => {
    expect(funnelWeight(1000, 'Lead', null, 0.1)).toBe(100);
    expect(funnelWeight(500, 'Lead')).toBe(0);
    expect(funnelWeight(1000, 'Lost', null, 0.5)).toBe(0);
    expect(funnelWeight(1000, 'Won', null, 0.25)).toBe(1000);
    expect(probabilityUsed(lookupStage('Lead'), 0.1)).toBe(0.1);
    expect(openCategory('Omitted', 0.1)).toBe('Pipeline');
    expect(openCategory('Omitted', 0.65)).toBe('Best Case');
    expect(openCategory('Omitted', 0)).toBe('Omitted');
  });

  it('a forecast-category column that says Omitted weighs 0%', () => {
    const res = runForecast(
      sheet([
        [...HEAD, 'Forecast Category'],
        ['C-1', 'Ann', 'Committed', 0.9, 1000, '2026-02-10', 'Omitted'],
      ]),
      { asOf },
    );
    expect(res.forecast[0]!.omitted).toBe(1000);
    expect(res.forecast[0]!.weighted).toBe(0);
  });

  it('the Stages step is told what the run will do', () => {
    const ins = inspectSheet(
      source,
      sheet([HEAD, ...rows, ['X-1', 'Bo', 'Mystery', 0.2, 10, null]]),
      {
        asOf,
      },
    );
    const lead = ins.stages.find((s) => s.label === 'Lead')!;
    expect(lead.ownProbability).toEqual({
      deals: 1,
      median: 0.1,
      ladder: 'Leads',
      category: 'Pipeline',
    });
    const unknown = ins.stages.find((s) => s.label === 'Mystery')!;
    expect(unknown.resolved).toBeUndefined();
    expect(unknown.ownProbability).toMatchObject({ ladder: 'Opportunity', category: 'Pipeline' });
    // Ladder order, unknown stages last.
    expect(ins.stages.map((s) => s.label)).toEqual(['Lead', 'Mystery']);
  });
});

describe('the Funnel', () => {
  const r = run([
    ['A', 'Ann', 'Prospect', null, null, '2026-05-01'],
    ['B', 'Ann', 'Prospect', null, '', '2026-05-01'],
    ['C', 'Ann', 'Pipeline', null, 1000, '2026-05-01'],
    ['D', 'Ann', 'Won', null, 2000, '2026-02-01'],
    ['E', 'Ann', 'Lost', null, 3000, '2026-02-01'],
  ]);

  it('counts every open deal, amount or not, and says how many add no money', () => {
    const prospect = r.funnel.find((f) => f.stage === 'Prospect')!;
    expect(prospect.deals).toBe(2);
    expect(prospect.withoutAmount).toBe(2);
    expect(prospect.amount).toBe(0);
    expect(r.counts.counted).toBe(3);
  });

  it('converts from the previous stage and from the top, with Lost apart', () => {
    const by = Object.fromEntries(r.funnel.map((f) => [f.stage, f]));
    expect(by.Leads!.reached).toBe(4);
    expect(by.Leads!.fromTop).toBe(1);
    expect(by.Leads!.fromPrevious).toBeNull();
    expect(by.Prospect!.reached).toBe(4);
    expect(by.Opportunity!.reached).toBe(2);
    expect(by.Opportunity!.fromPrevious).toBe(0.5);
    expect(by.Won!.fromTop).toBe(0.25);
    expect(by.Lost!.deals).toBe(1);
    expect(by.Lost!.reached).toBeNull();
    expect(by.Lost!.fromTop).toBeNull();
    const funnel = toOutputTables(r).find((t) => t.key === 'Funnel')!;
    expect(funnel.columns.map((c) => c.header)).not.toContain('Share Reached');
  });
});

describe('the Spread total', () => {
  const sample = generateSampleSheet();
  const r = runForecast(sample, { asOf: SAMPLE_AS_OF, rates: SAMPLE_RATES });
  const forecast = toOutputTables(r).find((t) => t.key === 'Forecast')!;
  const c = forecast.columns.findIndex((x) => x.header === 'Spread');

  it('is the square root of the summed variances, and the column says so', () => {
    const variance = new Sum();
    for (const d of r.deals) {
      if (d.counted === false || d.amount === null) continue;
      const p = d.probability!;
      variance.add(d.amount * d.amount * p * (1 - p));
    }
    const total = columnTotal(
      forecast.columns[c]!,
      forecast.rows.map((row) => row[c]),
    )!;
    expect(Math.abs(total - Math.sqrt(variance.value))).toBeLessThan(0.01);
    const plainSum = forecast.rows.reduce((s, row) => s + (row[c] as number), 0);
    expect(total).toBeLessThan(plainSum);
    expect(forecast.columns[c]!.total).toBe('rss');
    expect(forecast.columns[c]!.note).toMatch(/square root/);
  });
});

describe('a sheet with no deal column', () => {
  const values: CellValue[][] = [
    ['Name', 'Colour', 'Shoe size'],
    ['Ann', 'red', 38],
  ];

  it('is an error with one line, not "0 deals"', () => {
    let err: unknown;
    try {
      runForecast(sheet(values, 'Guests'), { asOf });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FunnelError);
    const message = (err as Error).message;
    expect(message).toMatch(/^Guests: no deal column found/);
    expect(message).not.toMatch(/\n/);
  });

  it('the inspection carries the same message for the pane', () => {
    const ins = inspectSheet(source, sheet(values, 'Guests'), { asOf });
    expect(ins.problem).toMatch(/no deal column found/);
  });
});

describe('close dates far from the as-of date', () => {
  const rows: CellValue[][] = [
    ['A', 'Ann', 'Pipeline', null, 1000, '2017-01-15'],
    ['B', 'Ann', 'Won', null, 2000, '2017-12-20'],
  ];

  it('the summary names the range and offers the last close date', () => {
    const r = runForecast(sheet([HEAD, ...rows]), { asOf: '2026-12-04' });
    const s = summarizeRun(r, { asOf: '2026-12-04' }, toOutputTables(r), [], []);
    expect(s.closeDates).toEqual({ first: '2017-01-15', last: '2017-12-20' });
    expect(s.suggestedAsOf).toBe('2017-12-20');
    const fits = summarizeRun(r, { asOf: '2017-12-20' }, toOutputTables(r), [], []);
    expect(fits.suggestedAsOf).toBeUndefined();
  });
});

describe('drill-down', () => {
  const sample = generateSampleSheet();
  const settings = { asOf: SAMPLE_AS_OF, rates: SAMPLE_RATES, segmentBy: ['Region'] };
  const r: ForecastResult = runForecast(sample, settings);
  const data = drillData(r);
  const near = (a: number, b: number) => Math.abs(a - b) < 0.011;

  it('every forecast cell: the deals behind it add up to it, with their names', () => {
    expect(data.complete).toBe(true);
    for (const row of r.forecast) {
      for (const [column, figure] of [
        ['Amount', row.amount],
        ['Weighted', row.weighted],
        ['Closed', row.closed],
        ['Commit', row.commit],
        ['Best Case', row.bestCase],
        ['Pipeline', row.pipeline],
        ['Commit (cumulative)', row.commitCumulative],
        ['Open Amount', row.openAmount ?? 0],
      ] as const) {
        const d = drillDown(data, {
          table: 'Forecast',
          segment: row.segment,
          period: row.period,
          column,
        });
        expect(near(d.total, figure)).toBe(true);
      }
      const all = drillDown(data, {
        table: 'Forecast',
        segment: row.segment,
        period: row.period,
        column: 'Deals',
      });
      expect(all.deals).toHaveLength(row.deals);
      expect(all.deals.every((x) => typeof x.name === 'string' && x.name.length > 0)).toBe(true);
    }
  });

  it('funnel stages, reps and pyramid tiers', () => {
    for (const f of r.funnel) {
      const d = drillDown(data, { table: 'Funnel', stage: f.stage, column: 'Amount' });
      expect(d.deals).toHaveLength(f.deals);
      expect(near(d.total, f.amount)).toBe(true);
    }
    for (const rep of r.reps) {
      const open = drillDown(data, { table: 'Reps', owner: rep.owner, column: 'Open Amount' });
      expect(near(open.total, rep.openAmount)).toBe(true);
      const weighted = drillDown(data, { table: 'Reps', owner: rep.owner, column: 'Weighted' });
      expect(near(weighted.total, rep.weighted)).toBe(true);
      const won = drillDown(data, { table: 'Reps', owner: rep.owner, column: 'Won' });
      expect(won.deals).toHaveLength(rep.won);
    }
    const tiers = new Map<string, number>();
    for (const t of r.tiers) tiers.set(t.tier, (tiers.get(t.tier) ?? 0) + t.value);
    for (const [tier, value] of tiers) {
      const d = drillDown(data, { table: 'Pyramid', tier, column: 'Value' });
      expect(near(d.total, value)).toBe(true);
    }
    const top = r.tiers[0]!;
    expect(
      near(
        drillDown(data, { table: 'Pyramid', account: top.account, column: 'Value' }).total,
        top.value,
      ),
    ).toBe(true);
  });
});

describe('column formats in the host-neutral tables', () => {
  const r = runForecast(generateSampleSheet(), { asOf: SAMPLE_AS_OF, rates: SAMPLE_RATES });
  const tables = toOutputTables(r);
  const col = (key: string, header: string) =>
    tables.find((t) => t.key === key)!.columns.find((c) => c.header === header)!;

  it('money names its currency, percentages one decimal, cycle days whole, a year is a number', () => {
    expect(col('Forecast', 'Amount')).toMatchObject({ format: 'currency', currency: 'USD' });
    expect(col('FunnelData', 'Weighted Amount')).toMatchObject({ currency: 'USD' });
    expect(col('Reps', 'Win Rate')).toMatchObject({ format: 'percent', decimals: 1 });
    expect(col('Reps', 'Avg Cycle Days')).toMatchObject({ format: 'number', decimals: 0 });
    expect(col('FunnelData', 'Fiscal Year')).toMatchObject({ format: 'integer' });
    const data = tables.find((t) => t.key === 'FunnelData')!;
    const fy = data.columns.findIndex((c) => c.header === 'Fiscal Year');
    expect(typeof data.rows.find((row) => row[fy] !== null)![fy]).toBe('number');
    const reps = tables.find((t) => t.key === 'Reps')!;
    const days = reps.columns.findIndex((c) => c.header === 'Avg Cycle Days');
    for (const row of reps.rows)
      if (row[days] !== null) expect(Number.isInteger(row[days])).toBe(true);
    // The shared FunnelData column list is left as it was.
    const again = toOutputTables(
      runForecast(sheet([HEAD, ['A', 'Ann', 'Won', null, 1, null]]), { asOf }),
    );
    expect(
      again
        .find((t) => t.key === 'FunnelData')!
        .columns.find((c) => c.header === 'Weighted Amount')!.currency,
    ).toBeUndefined();
  });

  it('the Assumptions table holds the as-of date, source, mapping and a stage table that reads back', () => {
    const a = tables.find((t) => t.key === 'Assumptions')!;
    const item = (section: string, name: string) =>
      a.rows.find((row) => row[0] === section && row[1] === name)?.[2];
    expect(item('Run', 'As-of date')).toBe(SAMPLE_AS_OF);
    expect(item('Run', 'Source')).toBe('Sample deals');
    expect(item('Run', 'Base currency')).toBe('USD');
    expect(item('Column mapping', 'amount')).toBe('Amount');
    expect(item('Currency rates', 'EUR')).toBe('1.08 USD');
    const stageRows = a.rows.filter((row) => row[0] === 'Stage table' && row[3] !== null);
    const table = parseStageTable(stageRows.map((row) => row.slice(1)));
    expect(lookupStage('Committed', table)).toMatchObject({ probability: 0.7, category: 'Commit' });
  });
});
