/**
 * The pipeline-change waterfall in Excel: a native Waterfall chart (ExcelApi
 * 1.9) drawn from the bridge's total steps, written beside the Pipeline
 * change table, in its own sync after the tables; a note instead when the
 * API version lacks it or Excel refuses it, the tables whole either way. The
 * fake Excel refuses Chart.title and Chart.series on a Waterfall chart, as
 * real Excel does, so the add-in must not touch them.
 */
import { sheetNameFor } from '../../core/output';
import type { SourceRef } from '../../core/ports';
import { dateToSerial } from '../../excel-addin/workbook/excel-values';
import { ExcelPort } from '../../excel-addin/workbook/excel-port';
import { WATERFALL_TITLE } from '../../excel-addin/workbook/pivot-and-charts';
import { WATERFALL_NAME } from '../../excel-addin/workbook/ownership';
import {
  hostChangeExpect,
  hostChangeRun,
  readChangeVector,
  type ChangeVector,
} from '../vectors/change-vectors';
import { isDateCell, type JsonCell } from '../vectors/forecast-vectors';
import { FakeExcel, FakeSettings } from './fake-excel';

const DEALS: SourceRef = { kind: 'sheet', id: 'Deals', label: 'Deals' };
const CHANGE = sheetNameFor('PipelineChange');

function toExcel(grid: JsonCell[][]) {
  const serial = (c: { date: string }) => dateToSerial(new Date(`${c.date}T00:00:00Z`));
  return {
    values: grid.map((r) => r.map((c) => (isDateCell(c) ? serial(c) : c))),
    formats: grid.map((r) => r.map((c) => (isDateCell(c) ? 'yyyy-mm-dd' : 'General'))),
  };
}

/** Saves the vector's earlier snapshots, then returns a run of the latest compared with them. */
async function prepared(vector: ChangeVector, tweak: (excel: FakeExcel) => void = () => {}) {
  const plan = hostChangeRun(vector);
  const excel = new FakeExcel();
  excel.addSheet('Deals', [], []);
  const setDeals = (grid: JsonCell[][]) => {
    const sheet = excel.sheet('Deals')!;
    Object.assign(sheet, toExcel(grid));
  };
  const port = new ExcelPort({
    run: excel.run,
    supports: excel.supports,
    settings: new FakeSettings(),
    displayLanguage: () => 'en-US',
  });
  for (const save of plan.saves) {
    setDeals(save.values);
    await port.saveSnapshot(DEALS, { ...plan.settings, asOf: save.asOf });
  }
  setDeals(plan.latest.values);
  tweak(excel);
  const run = () => port.run(DEALS, plan.settings);
  return { excel, run, expected: hostChangeExpect(vector, 'Deals') };
}

/** The waterfall block: one blank column right of the Pipeline change table. */
function block(excel: FakeExcel, width: number) {
  return excel
    .grid(CHANGE)
    .map((row) => row.slice(width + 1, width + 3))
    .filter((pair) => pair.some((c) => c !== '' && c !== undefined));
}

describe('Excel: waterfall chart of the pipeline change', () => {
  const docs = readChangeVector('docs-example.json');

  test('a native Waterfall chart of Start and each bucket with deals, its last bar at End', async () => {
    const { excel, run, expected } = await prepared(docs);
    const summary = await run();
    const width = expected.PipelineChange![0]!.length;
    // Written by hand from docs/engine.md's worked example (End 3,800).
    expect(block(excel, width)).toEqual([
      [WATERFALL_TITLE, 'Amount'],
      ['start', 3700],
      ['won', -2000],
      ['pushedOut', -400],
      ['reopened', 800],
      ['new', 1200],
      ['increased', 500],
      ['advanced', 0],
    ]);
    const waterfalls = excel.charts.filter((c) => c.type === 'Waterfall');
    expect(waterfalls).toHaveLength(1);
    const chart = waterfalls[0]!;
    expect(chart).toMatchObject({ name: WATERFALL_NAME, type: 'Waterfall' });
    expect(chart.sheet.name).toBe(CHANGE);
    expect(chart.source).toEqual({ row: 1, col: width + 1, rows: 7, cols: 2 });
    // No member Excel refuses on a Waterfall chart was touched, and no note.
    expect(chart.title).toBeUndefined();
    expect(summary.notes.join('\n')).not.toMatch(/waterfall/i);
    // In its own sync, after every table was written.
    const chartSync = excel.writes.find((w) => w.what === 'add chart' && w.sheet === CHANGE)!.sync;
    const tableWrites = excel.writes.filter(
      (w) => w.what === 'add table' || (w.sheet !== CHANGE && !w.what.includes('chart')),
    );
    expect(chartSync).toBeGreaterThan(Math.max(...tableWrites.map((w) => w.sync)));
    expect(excel.stale).toBe(false);
  });

  test('a second run replaces the chart instead of adding one', async () => {
    const { excel, run } = await prepared(docs);
    await run();
    await run();
    expect(excel.charts.filter((c) => c.type === 'Waterfall')).toHaveLength(1);
  });

  test('segmented: the steps are the total rows, summing to the total End', async () => {
    const vector = readChangeVector('owner-moves-currency-duplicates.json');
    const { excel, run, expected } = await prepared(vector);
    await run();
    const table = expected.PipelineChange!;
    const bucket = table[0]!.indexOf('Bucket');
    const amount = table[0]!.indexOf('Amount');
    const totals = table.slice(1).filter((r) => r.slice(0, bucket).every((c) => c === '(total)'));
    const end = totals.find((r) => r[bucket] === 'end')![amount] as number;
    const steps = block(excel, table[0]!.length).slice(1);
    expect(steps.length).toBeGreaterThan(2);
    expect(steps[0]![0]).toBe('start');
    expect(steps.map((s) => s[0])).not.toContain('end');
    expect(steps.reduce((sum, s) => sum + (s[1] as number), 0)).toBeCloseTo(end, 6);
  });

  test('Excel without ExcelApi 1.9: no chart, a note, the tables whole', async () => {
    const { excel, run, expected } = await prepared(docs, (e) => (e.apiMinor = 8));
    const summary = await run();
    expect(excel.charts.filter((c) => c.type === 'Waterfall')).toEqual([]);
    expect(summary.notes.join('\n')).toMatch(/cannot draw a waterfall chart .*ExcelApi 1\.9/);
    expect(excel.grid(CHANGE)).toHaveLength(expected.PipelineChange!.length);
  });

  test('an Excel that refuses the Waterfall chart: the run succeeds with a note, tables whole', async () => {
    const { excel, run, expected } = await prepared(docs, (e) => {
      e.unsupportedChartMembers.Waterfall = ['add', 'title', 'series'];
    });
    const summary = await run();
    expect(excel.charts.filter((c) => c.type === 'Waterfall')).toEqual([]);
    expect(summary.notes.join('\n')).toMatch(
      /waterfall chart of the pipeline change could not be drawn.*UnsupportedOperation/,
    );
    const width = expected.PipelineChange![0]!.length;
    expect(excel.grid(CHANGE).map((r) => r.slice(0, width))).toHaveLength(
      expected.PipelineChange!.length,
    );
    expect(excel.stale).toBe(false);
  });
});
