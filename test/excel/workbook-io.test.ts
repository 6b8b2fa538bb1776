import { ExcelWorkbookIO } from '../../excel-addin/workbook/excel-io';
import type { CellValue } from '../../core/cells';
import { dateToSerial, serialToDate } from '../../excel-addin/workbook/excel-values';
import { runForecast, toOutputTables } from '../../core/engine';
import { generateSampleSheet, SAMPLE_AS_OF } from '../../core/sample';
import { expectEngineFormats } from '../support/output-formats';
import { FakeExcel, PAYLOAD_LIMIT } from './fake-excel';
import { MB4, dealSheet, outputTable, sampleTables, snapshot, totals } from './helpers';

/** What readSource hands the engine: cells with a date format become Dates. */
function asRead(values: CellValue[][], formats: string[][]): CellValue[][] {
  return values.map((row, r) =>
    row.map((v, c) =>
      typeof v === 'number' && formats[r]?.[c] === 'm/d/yyyy' ? serialToDate(v) : v,
    ),
  );
}

function setup(rows = 5) {
  const excel = new FakeExcel();
  const { values, formats } = dealSheet(rows);
  excel.addSheet('Deals', values, formats);
  const io = new ExcelWorkbookIO(excel.run, excel.supports);
  return { excel, io };
}

describe('the fake enforces the Office.js rules the adapter relies on', () => {
  test('reading a property before load() and sync() throws', async () => {
    const { excel } = setup();
    await excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Deals').getRange('A1:B2');
      expect(() => range.values).toThrow(/PropertyNotLoaded/);
      range.load('values');
      expect(() => range.values).toThrow(/PropertyNotLoaded/);
      await context.sync();
      expect(range.values).toEqual([
        ['Opportunity', 'Account'],
        ['OPP-0', 'Account 0'],
      ]);
      expect(() => range.address).toThrow(/PropertyNotLoaded/);
    });
  });

  test('a request over 5 MB fails like Excel on the web', async () => {
    const { excel } = setup();
    await expect(
      excel.run(async (context) => {
        const big = Array.from({ length: 60_000 }, () => ['x'.repeat(100)]);
        context.workbook.worksheets
          .getItem('Deals')
          .getRangeByIndexes(0, 20, big.length, 1).values = big;
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
  });

  test('entering "=..." makes a formula, "\'=..." stays text', async () => {
    const { excel } = setup();
    await excel.run(async (context) => {
      context.workbook.worksheets.getItem('Deals').getRange('J1:K1').values = [['=1+1', "'=1+1"]];
      await context.sync();
    });
    expect(excel.cell('Deals', 'J1').formula).toBe('=1+1');
    expect(excel.cell('Deals', 'K1')).toMatchObject({ value: '=1+1', formula: undefined });
  });
});

describe('readSource', () => {
  test('a small sheet: values, number formats and first row in 2 syncs', async () => {
    const { excel, io } = setup(5);
    const sheet = await io.readSource({ kind: 'sheet', id: 'Deals', label: '' });
    expect(sheet.name).toBe('Deals');
    expect(sheet.firstRow).toBe(1);
    expect(sheet.values).toHaveLength(6);
    expect(sheet.values[1]![4]).toEqual(new Date('2025-12-09T00:00:00Z')); // serial 46000
    expect(sheet.numberFormats![1]![4]).toBe('m/d/yyyy');
    expect(excel.syncs).toHaveLength(2);
  });

  test('the number of syncs does not grow with the row count below one chunk', async () => {
    for (const rows of [3, 300, 999]) {
      const { excel, io } = setup(rows);
      await io.readSource({ kind: 'sheet', id: 'Deals', label: '' });
      expect(excel.syncs).toHaveLength(2);
    }
  });

  test('a table and the selection, from wherever they start', async () => {
    const excel = new FakeExcel();
    const { values, formats } = dealSheet(4);
    const shifted = [[], [], ...values.map((r) => [null, ...r])];
    excel.addSheet('Data', shifted, [[], [], ...formats.map((r) => ['General', ...r])]);
    excel.addTable('Data', 'Deals', 'B3:I7');
    excel.select('Data', 'B3:D5');
    const io = new ExcelWorkbookIO(excel.run, excel.supports);
    const table = await io.readSource({ kind: 'table', id: 'Deals', label: '' });
    expect(table).toMatchObject({ name: 'Deals', firstRow: 3 });
    expect(table.values).toEqual(asRead(values, formats));
    const selection = await io.readSource({ kind: 'selection', id: '', label: '' });
    expect(selection.name).toBe('Data!B3:D5');
    expect(selection.values).toEqual(
      asRead(values, formats)
        .slice(0, 3)
        .map((r) => r.slice(0, 3)),
    );
  });

  test('a whole-column selection reads only the rows with data', async () => {
    const { excel, io } = setup(20);
    excel.select('Deals', 'A1:C1048576');
    const sheet = await io.readSource({ kind: 'selection', id: '', label: '' });
    expect(sheet.values).toHaveLength(21);
    expect(sheet.name).toBe('Deals!A1:C21');
    expect(excel.syncs).toHaveLength(2);
  });

  test('a table that is gone says so, and which', async () => {
    const { io } = setup();
    await expect(io.readSource({ kind: 'table', id: 'Deals2026', label: '' })).rejects.toThrow(
      /The table "Deals2026" cannot be read .*choose the source again/,
    );
  });

  test('an empty sheet reads as no rows', async () => {
    const excel = new FakeExcel();
    excel.addSheet('Empty');
    const io = new ExcelWorkbookIO(excel.run, excel.supports);
    const sheet = await io.readSource({ kind: 'sheet', id: 'Empty', label: '' });
    expect(sheet.values).toEqual([]);
  });

  test('100,000 rows: a fixed 2 syncs plus one per ~4 MB, every response under 5 MB', async () => {
    const { excel, io } = setup(100_000);
    const sheet = await io.readSource({ kind: 'sheet', id: 'Deals', label: '' });
    expect(sheet.values).toHaveLength(100_001);
    const all = excel.grid('Deals');
    expect(sheet.values[100_000]).toEqual(
      asRead([all[100_000]!], [sheet.numberFormats![100_000]!])[0],
    );
    expect(sheet.numberFormats).toHaveLength(100_001);
    const { response } = totals(excel.syncs);
    expect(response).toBeGreaterThan(3 * PAYLOAD_LIMIT);
    for (const s of excel.syncs) expect(s.responseBytes).toBeLessThan(PAYLOAD_LIMIT);
    expect(excel.syncs.length).toBeLessThanOrEqual(2 + Math.ceil(response / MB4) + 1);
    expect(excel.writes).toEqual([]);
  });

  test('a chunk Excel still finds too large is split and read again', async () => {
    const { excel, io } = setup(3000);
    excel.payloadLimit = 200_000;
    const sheet = await io.readSource({ kind: 'sheet', id: 'Deals', label: '' });
    expect(sheet.values).toEqual(asRead(excel.grid('Deals'), sheet.numberFormats!));
    expect(excel.syncs.some((s) => s.responseBytes > 200_000)).toBe(true);
  });
});

describe('readRange (targets and rates)', () => {
  test('a table, a named range or an A1 address', async () => {
    const excel = new FakeExcel();
    excel.addSheet('Deals', [['x']]);
    excel.addSheet("Rep's targets", [
      ['Owner', 'Period', 'Target'],
      ['Ann', '2026-Q1', 1000],
    ]);
    excel.addTable("Rep's targets", 'Targets', 'A1:C2');
    excel.names.set('Rates', {
      sheet: excel.sheet("Rep's targets")!,
      rect: { row: 1, col: 0, rows: 1, cols: 3 },
    });
    const io = new ExcelWorkbookIO(excel.run, excel.supports);
    expect(await io.readRange('Targets')).toHaveLength(2);
    expect(await io.readRange('Rates')).toEqual([['Ann', '2026-Q1', 1000]]);
    expect(await io.readRange("'Rep''s targets'!B2:C2")).toEqual([['2026-Q1', 1000]]);
    expect(await io.readRange('A1')).toEqual([['x']]);
    await expect(io.readRange('Nowhere!A1')).rejects.toThrow(
      /not a table, a named range or a cell address/,
    );
  });
});

describe('writeTables', () => {
  test('writes each table on its own sheet, in order, as an Excel table with formats', async () => {
    const { excel, io } = setup();
    const result = await io.writeTables(sampleTables());
    expect(result.written.map((w) => w.sheetName)).toEqual([
      'FunnelData',
      'Forecast',
      'Funnel',
      'Data issues',
      'Forecast pivot',
    ]);
    expect(excel.sheets.map((s) => s.name)).toEqual([
      'Deals',
      ...result.written.map((w) => w.sheetName),
    ]);
    const data = excel.tables.find((t) => t.name === 'ffFunnelData')!;
    expect(data.sheet.name).toBe('FunnelData');
    expect(data.rect).toEqual({ row: 0, col: 0, rows: 4, cols: 5 });
    expect(excel.cell('FunnelData', 'C2')).toMatchObject({
      value: 4245.74,
      format: '#,##0.00_);(#,##0.00)',
    });
    expect(excel.cell('FunnelData', 'D2')).toMatchObject({
      value: dateToSerial(new Date('2026-01-15T00:00:00Z')),
      format: 'yyyy-mm-dd',
    });
    expect(excel.cell('FunnelData', 'D2').value).toBe(46037);
    expect(excel.cell('FunnelData', 'D4').value).toBe('');
    expect(excel.cell('Funnel', 'E3')).toMatchObject({ value: 0.5, format: '0.0%' });
    expect(excel.sheet('Forecast')!.frozenRows).toBe(1);
    expect(result.notes).toEqual([]);
  });

  test("the engine's tables keep their formats: money in the base currency with negatives in brackets, percentages with one decimal, whole days", async () => {
    const { excel, io } = setup();
    const result = runForecast(generateSampleSheet({ deals: 60 }), { asOf: SAMPLE_AS_OF });
    const tables = toOutputTables(result);
    await io.writeTables(tables);
    expectEngineFormats(tables, (sheet, a1) => excel.cell(sheet, a1).format);
  });

  test('user text that looks like a formula, or like a number, stays text', async () => {
    const { excel, io } = setup();
    await io.writeTables(sampleTables());
    expect(excel.cell('FunnelData', 'B3')).toEqual({
      value: '=HYPERLINK("http://x","y")',
      format: '@',
      formula: undefined,
    });
    expect(excel.cell('FunnelData', 'B4').value).toBe('00123');
    expect(excel.cell('Data issues', 'C2')).toMatchObject({
      value: '-Negotiation',
      formula: undefined,
    });
    for (const sheet of excel.sheets) expect(sheet.formulas.size).toBe(0);
  });

  test('formula-looking text stays text in a number column too (no "@" format to hide behind)', async () => {
    const { excel, io } = setup();
    await io.writeTables([
      outputTable(
        'Reps',
        [
          ['Owner', 'text'],
          ['Won', 'number'],
        ],
        [
          ['@rep', '=SUM(A1:A9)'],
          ["'quoted", '+1 555'],
        ],
      ),
    ]);
    expect(excel.grid('Reps')).toEqual([
      ['Owner', 'Won'],
      ['@rep', '=SUM(A1:A9)'],
      ["'quoted", '+1 555'],
    ]);
    expect(excel.sheet('Reps')!.formulas.size).toBe(0);
  });

  test('every write batch suspends calculation and stays under the 5 MB request limit', async () => {
    const { excel, io } = setup();
    const rows = Array.from({ length: 100_000 }, (_, i) => [
      i + 2,
      `Account ${i} with a longer name`,
      i * 1.5,
      new Date(Date.UTC(2026, 0, 1 + (i % 365))),
      i * 0.75,
    ]);
    const tables = sampleTables();
    tables[0] = { ...tables[0]!, rows };
    excel.resetCounters();
    const progress: number[] = [];
    await io.writeTables(tables, (f) => progress.push(f));
    expect(progress.filter((f) => f > 0 && f < 0.9).length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(1);
    const { request } = totals(excel.syncs);
    expect(request).toBeGreaterThan(2 * PAYLOAD_LIMIT);
    for (const s of excel.syncs) expect(s.requestBytes).toBeLessThan(PAYLOAD_LIMIT);
    const writeSyncs = excel.syncs.filter((_, i) => excel.writes.some((w) => w.sync === i + 1));
    expect(writeSyncs.length).toBeGreaterThan(1);
    for (const s of writeSyncs) expect(s.suspended).toBe(true);
    // scan + one per ~4 MB (+1 for the last partial batch) + the chart's two steps + the recalculation
    expect(excel.syncs.length).toBeLessThanOrEqual(1 + Math.ceil(request / MB4) + 1 + 3);
    expect(excel.grid('FunnelData')).toHaveLength(100_001);
    expect(excel.cell('FunnelData', 'B100001').value).toBe('Account 99999 with a longer name');
    expect(excel.tables.find((t) => t.name === 'ffFunnelData')!.rect.rows).toBe(100_001);
  });

  test('a small output is written in a fixed, small number of syncs', async () => {
    const { excel, io } = setup();
    await io.writeTables(sampleTables());
    // scan, one write batch, the funnel chart, its title and labels, the recalculation
    expect(excel.syncs).toHaveLength(5);
    excel.resetCounters();
    await io.writeTables(sampleTables());
    expect(excel.syncs).toHaveLength(6); // the same, plus the charts on the add-in's sheets
  });

  test('the source is never written to', async () => {
    const { excel, io } = setup(50);
    const before = excel.grid('Deals');
    await io.writeTables(sampleTables());
    await io.writeTables(sampleTables(1));
    expect(excel.writes.filter((w) => w.sheet === 'Deals')).toEqual([]);
    expect(excel.grid('Deals')).toEqual(before);
  });

  test('a re-run replaces only the add-in sheets and leaves the workbook as one run would', async () => {
    const { excel, io } = setup();
    await io.writeTables(sampleTables(30));
    const once = snapshot(excel);
    await io.writeTables(sampleTables(30));
    expect(snapshot(excel)).toEqual(once);
    expect(excel.tables.map((t) => t.name).sort()).toEqual([
      'ffDataIssues',
      'ffForecast',
      'ffFunnel',
      'ffFunnelData',
    ]);
    expect(excel.pivots).toHaveLength(1);
    expect(excel.charts).toHaveLength(1);
    // Fewer rows the second time: nothing left over from the longer run.
    await io.writeTables(sampleTables(2));
    expect(excel.grid('Forecast')).toHaveLength(3);
    expect(excel.tables.find((t) => t.name === 'ffForecast')!.rect.rows).toBe(3);
  });

  test('Excel 1.13+: a re-run keeps the same tables (name, style, identity) when the columns are the same', async () => {
    const { excel, io } = setup();
    excel.apiMinor = 13;
    await io.writeTables(sampleTables(30));
    const forecast = excel.tables.find((t) => t.name === 'ffForecast')!;
    forecast.style = 'TableStyleLight9'; // the user's choice
    excel.sheet('Forecast')!.values[40] = ['a note below the table, on the add-in sheet'];

    await io.writeTables(sampleTables(2)); // shrink
    expect(excel.tables.find((t) => t.name === 'ffForecast')).toBe(forecast);
    expect(forecast).toMatchObject({
      style: 'TableStyleLight9',
      rect: { row: 0, col: 0, rows: 3, cols: 5 },
    });
    expect(excel.grid('Forecast')).toEqual(
      [['Region', 'Period', 'Deals', 'Amount', 'Weighted']].concat(
        sampleTables(2)[1]!.rows.map((r) => r.map((v) => v as string)),
      ),
    );

    await io.writeTables(sampleTables(50)); // grow
    expect(excel.tables.find((t) => t.name === 'ffForecast')).toBe(forecast);
    expect(forecast.rect.rows).toBe(51);
    expect(excel.grid('Forecast')).toHaveLength(51);

    await io.writeTables(sampleTables(0)); // empty: header and one blank row, nothing stale
    expect(forecast.rect.rows).toBe(2);
    expect(excel.grid('Forecast')).toEqual([['Region', 'Period', 'Deals', 'Amount', 'Weighted']]);
    expect(excel.writes.filter((w) => w.what === 'delete table' && w.sheet === 'Forecast')).toEqual(
      [],
    );
  });

  test('Excel 1.13+: a table whose columns changed is re-created', async () => {
    const { excel, io } = setup();
    excel.apiMinor = 13;
    await io.writeTables(sampleTables());
    const before = excel.tables.find((t) => t.name === 'ffForecast')!;
    const tables = sampleTables();
    tables[1] = {
      ...tables[1]!,
      columns: tables[1]!.columns.map((c, i) => (i === 0 ? { ...c, header: 'Owner' } : c)),
    };
    await io.writeTables(tables);
    const after = excel.tables.find((t) => t.name === 'ffForecast')!;
    expect(after).not.toBe(before);
    expect(excel.grid('Forecast')[0]![0]).toBe('Owner');
    expect(excel.pivots[0]!.rows).toEqual(['Owner']);
  });

  test("a user's sheet with the add-in's sheet name is never touched; the output goes next to it", async () => {
    const { excel, io } = setup();
    excel.addSheet('Forecast', [['my own forecast'], [42]]);
    const mine = excel.grid('Forecast');
    const first = await io.writeTables(sampleTables());
    expect(first.written.map((w) => w.sheetName)).toContain('FF Forecast');
    expect(first.notes.join(' ')).toMatch(/"Forecast" already exists .* "FF Forecast"/);
    expect(excel.tables.find((t) => t.name === 'ffForecast')!.sheet.name).toBe('FF Forecast');
    const second = await io.writeTables(sampleTables());
    expect(second.notes).toEqual([]);
    expect(excel.grid('Forecast')).toEqual(mine);
    expect(excel.writes.filter((w) => w.sheet === 'Forecast')).toEqual([]);
    expect(excel.sheets.filter((s) => /Forecast$/.test(s.name)).map((s) => s.name)).toEqual([
      'Forecast',
      'FF Forecast',
    ]);
  });

  test('a sheet the user renamed is still found by its table and replaced in place', async () => {
    const { excel, io } = setup();
    await io.writeTables(sampleTables());
    excel.sheet('Funnel')!.name = 'My funnel';
    await io.writeTables(sampleTables());
    expect(excel.sheet('Funnel')).toBeUndefined();
    expect(excel.tables.find((t) => t.name === 'ffFunnel')!.sheet.name).toBe('My funnel');
  });

  test('PivotTable of weighted forecast by segment and period, and a funnel chart', async () => {
    const { excel, io } = setup();
    await io.writeTables(sampleTables());
    expect(excel.pivots).toEqual([
      expect.objectContaining({
        name: 'ffForecastPivot',
        source: 'ffForecast',
        rows: ['Region'],
        columns: ['Period'],
        data: [{ name: 'Weighted', summarizeBy: 'Sum', numberFormat: '#,##0.00' }],
      }),
    ]);
    expect(excel.pivots[0]!.sheet.name).toBe('Forecast pivot');
    expect(excel.charts).toEqual([
      expect.objectContaining({
        name: 'ffFunnelChart',
        type: 'Funnel',
        source: { row: 0, col: 2, rows: 4, cols: 1 },
        xValues: { row: 1, col: 0, rows: 3, cols: 1 },
      }),
    ]);
  });

  test('older Excel: no PivotTable or funnel chart, and a note that says so', async () => {
    const { excel, io } = setup();
    excel.apiMinor = 7;
    const result = await io.writeTables(sampleTables());
    expect(excel.pivots).toEqual([]);
    expect(excel.charts).toEqual([]);
    expect(result.notes.join('\n')).toMatch(/PivotTables .*ExcelApi 1\.8/);
    expect(result.notes.join('\n')).toMatch(/funnel chart .*ExcelApi 1\.9/);
    expect(result.written.map((w) => w.sheetName)).not.toContain('Forecast pivot');
  });

  test('an empty table is still a table with its header', async () => {
    const { excel, io } = setup();
    await io.writeTables([
      outputTable(
        'DataIssues',
        [
          ['Row', 'integer'],
          ['Problem', 'text'],
        ],
        [],
      ),
    ]);
    expect(excel.grid('Data issues')).toEqual([['Row', 'Problem']]);
    expect(excel.tables[0]!.rect.rows).toBe(2);
  });

  test('formulas that use the output are recalculated after the write (Excel.Application reference)', async () => {
    // Microsoft, "Excel.Application class", suspendApiCalculationUntilNextSync:
    // "Once set, it is the developer's responsibility to re-calc the workbook, to
    // ensure that any dependencies are propagated." The fake keeps the workbook
    // stale from a suspended write until a calculate() in a later sync.
    const { excel, io } = setup();
    await io.writeTables(sampleTables());
    expect(excel.stale).toBe(false);
    expect(excel.calculations).toEqual(['Recalculate']);
    const last = excel.syncs[excel.syncs.length - 1]!;
    expect(last.suspended).toBe(false);
    expect(excel.writes.every((w) => w.sync < excel.syncs.length)).toBe(true);
  });

  test('the fake: a write in a suspended batch leaves formulas stale until calculate() runs', async () => {
    const { excel } = setup();
    await excel.run(async (context) => {
      context.application.suspendApiCalculationUntilNextSync();
      context.workbook.worksheets.getItem('Deals').getRange('A1').values = [['x']];
      await context.sync();
      expect(excel.stale).toBe(true);
      // Inside a suspended batch a calculate() is suspended too.
      context.application.suspendApiCalculationUntilNextSync();
      context.application.calculate('Recalculate' as Excel.CalculationType);
      await context.sync();
      expect(excel.stale).toBe(true);
      context.application.calculate('Recalculate' as Excel.CalculationType);
      await context.sync();
      expect(excel.stale).toBe(false);
    });
  });

  test('the chart is built after the tables, in syncs of its own', async () => {
    const { excel, io } = setup();
    await io.writeTables(sampleTables());
    const chartSync = excel.writes.find((w) => w.what === 'add chart')!.sync;
    const lastTableWrite = Math.max(
      ...excel.writes.filter((w) => !w.what.includes('chart')).map((w) => w.sync),
    );
    expect(chartSync).toBeGreaterThan(lastTableWrite);
    expect(excel.charts[0]).toMatchObject({ title: 'Funnel: amount by stage' });
  });

  test("an Excel that refuses the funnel chart's title and series: tables whole, chart without labels, a note", async () => {
    // office-js issue 2041 (Chart.title on a Waterfall chart) and office-js-docs
    // issue 910 (Chart.series on Waterfall, Sunburst...): UnsupportedOperation.
    const { excel, io } = setup();
    excel.unsupportedChartMembers.Funnel = ['title', 'series'];
    const result = await io.writeTables(sampleTables());
    expect(result.written.map((w) => w.sheetName)).toContain('Forecast pivot');
    expect(excel.grid('Funnel')).toHaveLength(5);
    expect(excel.charts).toHaveLength(1);
    expect(excel.charts[0]!.title).toBeUndefined();
    expect(excel.charts[0]!.xValues).toBeUndefined();
    expect(result.notes.join('\n')).toMatch(
      /funnel chart is drawn without its title and stage labels.*UnsupportedOperation/,
    );
    expect(excel.stale).toBe(false);
  });

  test('an Excel that cannot add the chart at all: the run still succeeds, with a note', async () => {
    const { excel, io } = setup();
    excel.unsupportedChartMembers.Funnel = ['add'];
    const result = await io.writeTables(sampleTables());
    expect(excel.charts).toEqual([]);
    expect(excel.tables).toHaveLength(4);
    expect(result.notes.join('\n')).toMatch(/funnel chart could not be drawn/);
    expect(excel.stale).toBe(false);
  });

  test('the fake refuses the members reported unsupported: Chart.title on a Waterfall chart', async () => {
    const { excel } = setup();
    excel.addSheet('Chart', [
      ['Step', 'Amount'],
      ['Start', 10],
      ['Won', 5],
    ]);
    await expect(
      excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('Chart');
        const chart = sheet.charts.add('Waterfall' as Excel.ChartType, sheet.getRange('B1:B3'));
        chart.title.text = 'Pipeline change';
        await context.sync();
      }),
    ).rejects.toThrow(/UnsupportedOperation.*Chart\.title on a Waterfall chart/);
  });
});
