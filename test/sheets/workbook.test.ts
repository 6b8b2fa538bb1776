/**
 * The Sheets workbook adapter (sheets-addon/server/workbook.ts) on the fake
 * spreadsheet, with hand-made output tables: reading, writing, ownership,
 * dates across time zones, text that must stay text. The same code runs in
 * the bundle (sidebar-server.test.ts drives it end to end).
 */
import type { OutputTable } from '../../core/output';
import { runForecast, toOutputTables } from '../../core/engine';
import { generateSampleSheet, SAMPLE_AS_OF } from '../../core/sample';
import { expectEngineFormats } from '../support/output-formats';
import { OUTPUT_METADATA_KEY, SheetsWorkbook } from '../../sheets-addon/server/workbook';
import { createEnvironment, removeAppsScriptGlobals } from './support/fake-apps-script';
import { FakeSpreadsheet, type FakeSheet } from './support/fake-spreadsheet';
import { formatDate } from './support/time-zone';

function setup(timeZone = 'Etc/UTC') {
  const spreadsheet = new FakeSpreadsheet(timeZone);
  const env = createEnvironment({ spreadsheet });
  Object.assign(globalThis, env.globals);
  return { spreadsheet, workbook: new SheetsWorkbook(spreadsheet as never) };
}

afterEach(removeAppsScriptGlobals);

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

function forecastTable(rows: OutputTable['rows']): OutputTable {
  return {
    key: 'Forecast',
    sheetName: 'Forecast',
    tableName: 'ffForecast',
    columns: [
      { header: 'Region', format: 'text' },
      { header: 'Period', format: 'text' },
      { header: 'Deals', format: 'integer' },
      { header: 'Weighted', format: 'currency', currency: 'EUR' },
      { header: 'Share', format: 'percent', decimals: 1 },
      { header: 'Close', format: 'date' },
    ],
    rows,
  };
}

describe('reading a source', () => {
  test('one getValues for the whole sheet; empty cells are blank, dates are calendar dates', () => {
    const { spreadsheet, workbook } = setup('America/Los_Angeles');
    // Sheets gives 2024-03-15 in a Los Angeles spreadsheet as 07:00Z.
    spreadsheet.addSheet('Deals', [
      ['Account', 'Amount', 'Close'],
      ['Acme', 1200, new Date('2024-03-15T07:00:00Z')],
      ['Globex', '', new Date('2024-11-03T07:00:00Z')],
    ]);
    spreadsheet.resetCounts();
    const sheet = workbook.readSource({ kind: 'sheet', id: 'Deals', label: '' });
    expect(spreadsheet.calls.getValues).toBe(1);
    expect(sheet).toEqual({
      name: 'Deals',
      firstRow: 1,
      values: [
        ['Account', 'Amount', 'Close'],
        ['Acme', 1200, utc(2024, 3, 15)],
        ['Globex', '', utc(2024, 11, 3)],
      ],
    });
  });

  test("date text typed into a sheet is a date in the spreadsheet's zone, read back as that calendar date", () => {
    // Sheets reads "2024-03-15" typed into a Los Angeles spreadsheet as midnight there
    // (07:00Z), in Shanghai as 16:00Z the day before; the fake does the same, so a
    // fake that read the text as UTC midnight cannot hide an off-by-one-day read.
    const cases: [string, string, string, string][] = [
      ['America/Los_Angeles', '2024-03-15', '2024-03-15T07:00:00.000Z', '2024-03-15'],
      ['America/Los_Angeles', '11/3/2024', '2024-11-03T07:00:00.000Z', '2024-11-03'],
      ['America/Los_Angeles', 'Dec 2024', '2024-12-01T08:00:00.000Z', '2024-12-01'],
      ['Asia/Shanghai', '2024-03-15', '2024-03-14T16:00:00.000Z', '2024-03-15'],
      ['Etc/UTC', '2024-03-15', '2024-03-15T00:00:00.000Z', '2024-03-15'],
    ];
    for (const [zone, typed, instant, day] of cases) {
      const { spreadsheet, workbook } = setup(zone);
      const deals = spreadsheet.addSheet('Deals', [
        ['Account', 'Close'],
        ['Acme', ''],
      ]);
      deals.getRange('B2').setValues([[typed]]);
      const cell = deals.getRange('B2').getValue();
      expect([zone, typed, cell instanceof Date ? cell.toISOString() : cell]).toEqual([
        zone,
        typed,
        instant,
      ]);
      const sheet = workbook.readSource({ kind: 'sheet', id: 'Deals', label: '' });
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      expect(sheet.values[1]).toEqual(['Acme', utc(y, m, d)]);
    }
  });

  test('the selection, a single selected cell meaning its table, and a named range', () => {
    const { spreadsheet, workbook } = setup();
    const deals = spreadsheet.addSheet('Deals', [
      ['Account', 'Amount'],
      ['Acme', 1],
      ['Globex', 2],
    ]);
    spreadsheet.activeRange = deals.getRange('A1:B2');
    expect(workbook.readSource({ kind: 'selection', id: '', label: '' }).values).toEqual([
      ['Account', 'Amount'],
      ['Acme', 1],
    ]);
    spreadsheet.activeRange = deals.getRange('B3');
    expect(workbook.readSource({ kind: 'selection', id: '', label: '' }).values).toHaveLength(3);
    spreadsheet.setNamedRange('DealTable', deals.getRange('A2:B3'));
    const named = workbook.readSource({ kind: 'table', id: 'DealTable', label: '' });
    expect(named).toMatchObject({
      name: 'DealTable',
      firstRow: 2,
      values: [
        ['Acme', 1],
        ['Globex', 2],
      ],
    });
  });

  test('a missing source is a clear error', () => {
    const { workbook } = setup();
    expect(() => workbook.readSource({ kind: 'sheet', id: 'Gone', label: '' })).toThrow(
      /no sheet named "Gone"/,
    );
    expect(() => workbook.readSource({ kind: 'selection', id: '', label: '' })).toThrow(/Select/);
    expect(() => workbook.readRange('Nowhere!!')).toThrow(/named range nor a range address/);
  });

  test('readRange takes a named range or an A1 address with a sheet name', () => {
    const { spreadsheet, workbook } = setup();
    const t = spreadsheet.addSheet('My targets', [
      ['Owner', 'Period', 'Target'],
      ['Ann', '2024-Q1', 1000],
    ]);
    expect(workbook.readRange("'My targets'!A1:C2")).toEqual(t.grid());
    spreadsheet.setNamedRange('Targets', t.getRange('A2:C2'));
    expect(workbook.readRange('Targets')).toEqual([['Ann', '2024-Q1', 1000]]);
  });
});

describe('listing sources', () => {
  test('the active sheet first, then other sheets, named ranges, the selection; never output sheets or empty sheets', () => {
    const { spreadsheet, workbook } = setup();
    spreadsheet.addSheet('Notes', [['x']]);
    const deals = spreadsheet.addSheet('Deal list', [
      ['A', 'B'],
      [1, 2],
    ]);
    spreadsheet.insertSheet('Empty');
    deals.activate();
    spreadsheet.activeRange = deals.getRange('A1:B2');
    spreadsheet.setNamedRange('Deals', deals.getRange('A1:B2'));
    workbook.writeTables([forecastTable([])]);
    expect(workbook.listSources()).toEqual([
      { kind: 'sheet', id: 'Deal list', label: 'Deal list (A1:B2)' },
      { kind: 'sheet', id: 'Notes', label: 'Notes (A1)' },
      { kind: 'table', id: 'Deals', label: "Deals ('Deal list'!A1:B2)" },
      { kind: 'selection', id: '', label: "Selection ('Deal list'!A1:B2)" },
    ]);
  });
});

describe('writing output tables', () => {
  const rows = [
    ['West', '2024-03', 3, 1234.5, 0.25, utc(2024, 3, 31)],
    ['=HYPERLINK("http://x")', 'FY2025 Q1', 1, 10, 1, null],
    ['+1 555 0100', '-', 0, 0, 0, utc(2024, 12, 1)],
    ['00123', 'TRUE', 2, 3, 0.5, null],
    ["'quoted", 'Mar 2024', 4, 5, 0.1, null],
  ];

  test('one setValues per table, values exactly as given: text stays text, no formula is created', () => {
    const { spreadsheet, workbook } = setup();
    spreadsheet.resetCounts();
    const report = workbook.writeTables([forecastTable(rows)]);
    // the table's one setValues, and the caption cell of the forecast pivot sheet
    expect(spreadsheet.calls.setValues).toBe(2);
    expect(report).toEqual({ written: [{ sheetName: 'Forecast', rows: 5 }], notes: [] });
    const sheet = spreadsheet.getSheetByName('Forecast')!;
    expect(sheet.formulas.size).toBe(0);
    expect(sheet.grid()).toEqual([
      ['Region', 'Period', 'Deals', 'Weighted', 'Share', 'Close'],
      ...rows.map((r) => r.map((v) => (v === null ? '' : v))),
    ]);
  });

  test("the engine's tables keep their formats: money in the base currency with negatives in brackets, percentages with one decimal, whole days", () => {
    const { spreadsheet, workbook } = setup();
    const result = runForecast(generateSampleSheet({ deals: 60 }), { asOf: SAMPLE_AS_OF });
    const tables = toOutputTables(result);
    workbook.writeTables(tables);
    expectEngineFormats(
      tables,
      (sheet, a1) => spreadsheet.getSheetByName(sheet)!.getRange(a1).getNumberFormats()[0]![0],
    );
  });

  test('formats in bulk: one call per distinct format, header bold and frozen, named range over the table', () => {
    const { spreadsheet, workbook } = setup();
    spreadsheet.resetCounts();
    workbook.writeTables([forecastTable(rows)]);
    const sheet = spreadsheet.getSheetByName('Forecast')!;
    expect(spreadsheet.calls.setNumberFormat).toBe(4);
    expect(sheet.getRange('C2:F6').getNumberFormats()[0]).toEqual([
      '#,##0',
      '"EUR "#,##0.00_);("EUR "#,##0.00)',
      '0.0%',
      'yyyy-mm-dd',
    ]);
    expect(sheet.getRange('A2:A6').getNumberFormats().flat()).toEqual(Array(5).fill('General'));
    expect(sheet.getFrozenRows()).toBe(1);
    expect(sheet.boldRanges).toEqual(['A1:F1:bold']);
    expect(spreadsheet.getRangeByName('ffForecast')!.getA1Notation()).toBe('A1:F6');
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([6, 6]);
  });

  test('dates land on the same calendar day in any spreadsheet time zone', () => {
    for (const tz of ['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Etc/UTC']) {
      const { spreadsheet, workbook } = setup(tz);
      workbook.writeTables([forecastTable([['x', 'p', 1, 1, 1, utc(2024, 3, 10)]])]);
      const written = spreadsheet.getSheetByName('Forecast')!.getRange('F2').getValue() as Date;
      // Reading it back through the adapter gives the date that was written.
      expect(new SheetsWorkbook(spreadsheet as never).readRange('Forecast!F2')).toEqual([
        [utc(2024, 3, 10)],
      ]);
      // Sheets shows the instant written as local midnight of that day in the spreadsheet's zone.
      expect(formatDate(written, tz, 'yyyy-MM-dd HH:mm')).toBe('2024-03-10 00:00');
    }
  });

  test('owned sheets are marked with developer metadata and replaced in place on a re-run', () => {
    const { spreadsheet, workbook } = setup();
    workbook.writeTables([forecastTable(rows)]);
    const sheet = spreadsheet.getSheetByName('Forecast')!;
    expect(
      sheet.getDeveloperMetadata().map((m) => [m.getKey(), m.getValue(), m.getVisibility()]),
    ).toEqual([[OUTPUT_METADATA_KEY, 'Forecast', 'DOCUMENT']]);
    workbook.writeTables([forecastTable(rows.slice(0, 2))]);
    expect(spreadsheet.getSheets().map((s) => s.getName())).toEqual(['Forecast', 'Forecast pivot']);
    expect(spreadsheet.getSheets()[0]).toBe(sheet);
    expect(sheet.grid()).toHaveLength(3);
    expect(sheet.getMaxRows()).toBe(3);
    // The old tail is gone, not left as stale rows under the new table.
    expect(() => sheet.getRange('A4')).toThrow(/outside the dimensions/);
  });

  test('marks are DOCUMENT-visible: after the script moves to a standard Cloud project, a re-run still finds its sheets', () => {
    // Google, "Enum DeveloperMetadataVisibility"
    // (developers.google.com/apps-script/reference/spreadsheet/developer-metadata-visibility):
    // PROJECT metadata is visible only to the developer project that created it.
    const { spreadsheet, workbook } = setup();
    workbook.writeTables([forecastTable(rows)]);
    expect(OUTPUT_METADATA_KEY).toMatch(/funnelForecast/);
    spreadsheet.scriptProject = 'standard-cloud-project';
    const report = workbook.writeTables([forecastTable(rows.slice(0, 2))]);
    expect(report.notes).toEqual([]);
    expect(report.written).toEqual([{ sheetName: 'Forecast', rows: 2 }]);
    expect(spreadsheet.getSheets().map((s) => s.getName())).toEqual(['Forecast', 'Forecast pivot']);
  });

  test('sheets marked by an earlier version (PROJECT-visible) are still found, and marked for any project', () => {
    const { spreadsheet, workbook } = setup();
    const old = spreadsheet.addSheet('Forecast', [
      ['Region', 'Period'],
      ['old', 'run'],
    ]);
    old.addDeveloperMetadata(OUTPUT_METADATA_KEY, 'Forecast', 'PROJECT');
    const first = workbook.writeTables([forecastTable(rows)]);
    expect(first.written[0]).toEqual({ sheetName: 'Forecast', rows: 5 });
    expect(spreadsheet.getSheets()[0]).toBe(old);
    expect(old.getDeveloperMetadata().map((m) => m.getVisibility())).toEqual([
      'PROJECT',
      'DOCUMENT',
    ]);
    spreadsheet.scriptProject = 'standard-cloud-project';
    const second = workbook.writeTables([forecastTable(rows)]);
    expect(second.written[0]).toEqual({ sheetName: 'Forecast', rows: 5 });
    expect(second.notes).toEqual([]);
    // One DOCUMENT mark, not one more per run.
    expect(old.getDeveloperMetadata().map((m) => m.getVisibility())).toEqual(['DOCUMENT']);
  });

  test('a renamed output sheet is still found by its metadata', () => {
    const { spreadsheet, workbook } = setup();
    workbook.writeTables([forecastTable(rows)]);
    spreadsheet.getSheetByName('Forecast')!.setName('Q1 forecast');
    const report = workbook.writeTables([forecastTable(rows.slice(0, 1))]);
    expect(report.written).toEqual([{ sheetName: 'Q1 forecast', rows: 1 }]);
    expect(spreadsheet.getSheets().map((s) => s.getName())).toEqual([
      'Q1 forecast',
      'Forecast pivot',
    ]);
  });

  test("a user's sheet with the output's name is never touched; the output goes next to it", () => {
    const { spreadsheet, workbook } = setup();
    const mine: FakeSheet = spreadsheet.addSheet('forecast', [['my own numbers', 42]]);
    const report = workbook.writeTables([forecastTable(rows)]);
    expect(mine.grid()).toEqual([['my own numbers', 42]]);
    expect(mine.getDeveloperMetadata()).toEqual([]);
    expect(report.written).toEqual([{ sheetName: 'FF Forecast', rows: 5 }]);
    expect(report.notes[0]).toMatch(/"Forecast" already exists.*left untouched.*"FF Forecast"/);
    // A second run reuses FF Forecast and still leaves the user's sheet alone.
    workbook.writeTables([forecastTable(rows)]);
    expect(spreadsheet.getSheets().map((s) => s.getName())).toEqual([
      'forecast',
      'FF Forecast',
      'Forecast pivot',
    ]);
    expect(mine.grid()).toEqual([['my own numbers', 42]]);
  });

  test('an empty table still gets its header row; a big one grows the sheet', () => {
    const { spreadsheet, workbook } = setup();
    workbook.writeTables([forecastTable([])]);
    expect(spreadsheet.getSheetByName('Forecast')!.grid()).toEqual([
      ['Region', 'Period', 'Deals', 'Weighted', 'Share', 'Close'],
    ]);
    const many = Array.from({ length: 2500 }, (_, i) => ['r', `p${i}`, i, i, 0, null]);
    workbook.writeTables([forecastTable(many)]);
    const sheet = spreadsheet.getSheetByName('Forecast')!;
    expect(sheet.getMaxRows()).toBe(2501);
    expect(sheet.getRange('C2501').getValue()).toBe(2499);
  });

  test('tables are written in OUTPUT_ORDER and progress reaches 1', () => {
    const { spreadsheet, workbook } = setup();
    const issues: OutputTable = {
      key: 'DataIssues',
      sheetName: 'Data issues',
      tableName: 'ffDataIssues',
      columns: [{ header: 'Row', format: 'integer' }],
      rows: [[3]],
    };
    const progress: number[] = [];
    workbook.writeTables([issues, forecastTable(rows)], (f) => progress.push(f));
    expect(spreadsheet.getSheets().map((s) => s.getName())).toEqual([
      'Forecast',
      'Data issues',
      'Forecast pivot',
    ]);
    expect(progress).toEqual([0.5, 1]);
    workbook.showSheet('Data issues');
    expect(spreadsheet.getActiveSheet()!.getName()).toBe('Data issues');
    expect(() => workbook.showSheet('Nope')).toThrow(/no sheet named "Nope"/);
  });

  test('a pivot of the weighted forecast by segment and period, rebuilt on its own owned sheet', () => {
    const { spreadsheet, workbook } = setup();
    workbook.writeTables([forecastTable(rows)]);
    workbook.writeTables([forecastTable(rows.slice(0, 3))]);
    const pivotSheet = spreadsheet.getSheetByName('Forecast pivot')!;
    expect(pivotSheet.getDeveloperMetadata().map((m) => m.getValue())).toEqual(['ForecastPivot']);
    expect(pivotSheet.pivotTables).toHaveLength(1);
    const pivot = pivotSheet.pivotTables[0]!;
    expect(pivot.anchor).toBe('A3');
    expect(pivot.sourceA1()).toBe('Forecast!A1:F4');
    expect(pivot.rowGroups).toEqual([1]); // Region, the segment before Period
    expect(pivot.columnGroups).toEqual([2]); // Period
    expect(pivot.values).toEqual([{ column: 4, summarize: 'SUM' }]); // Weighted
    expect(workbook.listSources().map((s) => s.id)).not.toContain('Forecast pivot');
    workbook.showSheet('Forecast pivot');
    expect(spreadsheet.getActiveSheet()).toBe(pivotSheet);
  });

  test('a column chart of the funnel beside the Funnel table, Lost left out, one per run', () => {
    const { spreadsheet, workbook } = setup();
    const funnel: OutputTable = {
      key: 'Funnel',
      sheetName: 'Funnel',
      tableName: 'ffFunnel',
      columns: [
        { header: 'Stage', format: 'text' },
        { header: 'Deals', format: 'integer' },
        { header: 'Amount', format: 'currency' },
      ],
      rows: [
        ['Prospect', 3, 300],
        ['Won', 1, 100],
        ['Lost', 2, 50],
      ],
    };
    workbook.writeTables([funnel]);
    workbook.writeTables([funnel]);
    const sheet = spreadsheet.getSheetByName('Funnel')!;
    expect(sheet.charts).toHaveLength(1);
    expect(sheet.charts[0]).toMatchObject({
      type: 'column',
      ranges: ['Funnel!A1:A3', 'Funnel!C1:C3'],
      numHeaders: 1,
      position: [2, 5],
      options: { title: 'Funnel: amount by stage' },
    });
    // room kept right of the table for the chart
    expect(sheet.getMaxColumns()).toBeGreaterThanOrEqual(5);
  });
});
