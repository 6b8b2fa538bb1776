import type { CellValue } from '../../core/cells';
import { runForecast, toOutputTables, type ForecastSettings } from '../../core/engine';
import type { OutputTable } from '../../core/output';
import { dateToSerial } from '../../excel-addin/workbook/excel-values';
import { ExcelPort } from '../../excel-addin/workbook/excel-port';
import { SETTINGS_KEY } from '../../excel-addin/workbook/settings';
import { FakeExcel, FakeSettings } from './fake-excel';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A deal sheet as a user keeps it (dates are Date objects here; Excel holds them as serials). */
const DEALS: CellValue[][] = [
  ['Opportunity', 'Account', 'Amount', 'Stage', 'Close Date', 'Owner', 'Region'],
  ['Big renewal', 'Acme', 4245.74, 'Pipeline', day('2026-02-15'), 'Ann', 'North'],
  ['Expansion', 'Globex', 12285, 'Committed', day('2026-03-20'), 'Bob', 'South'],
  ['New logo', '=Initech', 8000, 'Won', day('2026-01-10'), 'Ann', 'North'],
  ['Pilot', 'Umbrella', 3000, 'Lost', day('2026-02-01'), 'Bob', 'South'],
  ['Upsell', 'Acme', 5000, 'Upside', day('2026-05-05'), 'Ann', 'North'],
  ['Mystery', 'Hooli', 'lots', 'Limbo', null, 'Cid', 'East'],
  ['Next year', 'Stark', 20000, 'Prospect', day('2027-01-15'), 'Cid', 'East'],
];

const SETTINGS: ForecastSettings = {
  asOf: '2026-03-31',
  period: 'quarter',
  fiscalYearStart: 1,
  segmentBy: ['Region'],
};

function workbook() {
  const excel = new FakeExcel();
  const values = DEALS.map((row) => row.map((v) => (v instanceof Date ? dateToSerial(v) : v)));
  const formats = DEALS.map((row) =>
    row.map((v) => (v instanceof Date ? 'yyyy-mm-dd' : 'General')),
  );
  excel.addSheet('Deals', values, formats);
  const settings = new FakeSettings();
  const port = new ExcelPort({
    run: excel.run,
    supports: excel.supports,
    settings,
    displayLanguage: () => 'zh-CN',
  });
  return { excel, port, settings };
}

/** An output table as Excel shows it: header row, dates as serials, blanks as "". */
function asExcelGrid(table: OutputTable): CellValue[][] {
  const cell = (v: CellValue): CellValue =>
    v === null ? '' : v instanceof Date ? dateToSerial(v) : v;
  return [table.columns.map((c) => c.header), ...table.rows.map((r) => r.map(cell))];
}

describe('ExcelPort', () => {
  test('lists the selection, tables and sheets with data, never its own output', async () => {
    const { excel, port } = workbook();
    excel.addSheet('Empty');
    excel.addSheet('Lookups', [
      ['Stage', 'Probability'],
      ['Demo', 0.3],
    ]);
    excel.addTable('Lookups', 'StageTable', 'A1:B2');
    excel.select('Deals', 'A1:G8');
    expect(await port.listSources()).toEqual([
      { kind: 'selection', id: '', label: 'Selection (Deals!A1:G8)' },
      { kind: 'table', id: 'StageTable', label: 'Table StageTable (Lookups!A1:B2)' },
      { kind: 'sheet', id: 'Deals', label: 'Sheet Deals (A1:G8)' },
      { kind: 'sheet', id: 'Lookups', label: 'Sheet Lookups (A1:B2)' },
    ]);
    await port.run({ kind: 'sheet', id: 'Deals', label: '' }, SETTINGS);
    excel.select('Deals', 'A1');
    const after = await port.listSources();
    expect(after.map((s) => s.id)).toEqual(['StageTable', 'Deals', 'Lookups']);
    excel.selection = undefined; // a chart or a shape is selected
    expect((await port.listSources()).map((s) => s.kind)).toEqual(['table', 'sheet', 'sheet']);
  });

  test('inspect reads the sheet and reports the mapping and stages', async () => {
    const { port } = workbook();
    const inspection = await port.inspect({ kind: 'sheet', id: 'Deals', label: 'Deals' }, SETTINGS);
    expect(inspection.rows).toBe(7);
    expect(inspection.mapping.headerRow).toBe(1);
    expect(inspection.mapping.fields.closeDate?.header).toBe('Close Date');
    expect(inspection.stages.map((s) => s.label)).toEqual(
      expect.arrayContaining(['Pipeline', 'Committed', 'Limbo']),
    );
  });

  test('run: the same output grids as the core on the same deals, written to owned sheets', async () => {
    const { excel, port } = workbook();
    const source = excel.grid('Deals');
    const progress: number[] = [];
    const summary = await port.run({ kind: 'sheet', id: 'Deals', label: 'Deals' }, SETTINGS, (f) =>
      progress.push(f),
    );

    const expected = toOutputTables(runForecast({ name: 'Deals', values: DEALS }, SETTINGS));
    expect(summary.written.slice(0, expected.length)).toEqual(
      expected.map((t) => ({ sheetName: t.sheetName, rows: t.rows.length })),
    );
    for (const table of expected) {
      expect({ sheet: table.sheetName, grid: excel.grid(table.sheetName) }).toEqual({
        sheet: table.sheetName,
        grid: asExcelGrid(table),
      });
      expect(excel.tables.find((t) => t.name === table.tableName)!.sheet.name).toBe(
        table.sheetName,
      );
    }
    expect(summary.counts.rows).toBe(7);
    expect(summary.issuesByKind['unknown-stage']).toBe(1);
    expect(summary.notes.join('\n')).not.toMatch(/PivotTable|funnel chart|already exists/);
    expect(excel.pivots[0]).toMatchObject({
      rows: ['Region'],
      columns: ['Period'],
      data: [{ name: 'Weighted' }],
    });
    expect(excel.grid('Deals')).toEqual(source);
    expect(excel.writes.filter((w) => w.sheet === 'Deals')).toEqual([]);
    expect(progress[progress.length - 1]).toBe(1);
    for (const sheet of excel.sheets) expect(sheet.formulas.size).toBe(0);
  });

  test('targets and rates are read from the workbook by address', async () => {
    const { excel, port } = workbook();
    excel.addSheet('Targets', [
      ['Owner', 'Period', 'Target'],
      ['Ann', '2026-Q1', 20000],
    ]);
    const summary = await port.run(
      { kind: 'sheet', id: 'Deals', label: '' },
      {
        ...SETTINGS,
        segmentBy: ['Owner'],
        targetsRange: 'Targets!A1:C2',
      },
    );
    const direct = toOutputTables(
      runForecast(
        { name: 'Deals', values: DEALS },
        {
          ...SETTINGS,
          segmentBy: ['Owner'],
          targets: excel.grid('Targets'),
        },
      ),
    );
    const forecast = direct.find((t) => t.key === 'Forecast')!;
    expect(forecast.columns.map((c) => c.header)).toContain('Target');
    expect(excel.grid('Forecast')).toEqual(asExcelGrid(forecast));
    expect(summary.written.length).toBeGreaterThan(0);
  });

  test('a re-run gives the same workbook', async () => {
    const { excel, port } = workbook();
    await port.run({ kind: 'sheet', id: 'Deals', label: '' }, SETTINGS);
    const names = excel.sheets.map((s) => s.name);
    const grids = names.map((n) => excel.grid(n));
    await port.run({ kind: 'sheet', id: 'Deals', label: '' }, SETTINGS);
    expect(excel.sheets.map((s) => s.name)).toEqual(names);
    expect(names.map((n) => excel.grid(n))).toEqual(grids);
  });

  test('settings live in the document: saved for the next person, reset clears them', async () => {
    const { port, settings } = workbook();
    expect(await port.loadSettings()).toBeNull();
    const mine: ForecastSettings = {
      ...SETTINGS,
      mapping: { amount: 'Amount', probability: null },
      stageTable: [
        ['Demo', 0.3, 'Pipeline'],
        ['Signed', 1, 'Closed'],
      ],
    };
    await port.saveSettings(mine);
    expect(settings.saves).toBe(1);
    const colleague = new ExcelPort({
      run: async () => {
        throw new Error('not needed');
      },
      supports: () => true,
      settings: settings.reopen(),
      displayLanguage: () => 'en-US',
    });
    expect(await colleague.loadSettings()).toEqual(mine);
    await port.clearSettings();
    expect(await port.loadSettings()).toBeNull();
    expect(settings.reopen().get(SETTINGS_KEY)).toBeNull();
  });

  test('settings someone else mangled are read back with the bad parts dropped', async () => {
    const { port, settings } = workbook();
    settings.set(SETTINGS_KEY, {
      version: 1,
      settings: {
        period: 'fortnight',
        fiscalYearStart: 4,
        asOf: 'yesterday',
        segmentBy: ['Region', 3],
      },
    });
    expect(await port.loadSettings()).toEqual({ fiscalYearStart: 4 });
    settings.set(SETTINGS_KEY, 'garbage');
    expect(await port.loadSettings()).toBeNull();
  });

  test('the sheet a run compares with (compareSource) is kept when well-formed, dropped otherwise', async () => {
    const { port, settings } = workbook();
    const other = { kind: 'sheet', id: 'Deals 2026-11-02', label: 'Deals 2026-11-02 (A1:I7)' };
    settings.set(SETTINGS_KEY, {
      version: 1,
      settings: { compareSource: other, compareWith: '2026-11-02', compareWindow: '2026-Q4' },
    });
    expect(await port.loadSettings()).toEqual({
      compareSource: other,
      compareWith: '2026-11-02',
      compareWindow: '2026-Q4',
    });
    for (const bad of [
      { kind: 'selection', id: '', label: 'Selection' },
      { kind: 'sheet' },
      'Old',
    ]) {
      settings.set(SETTINGS_KEY, {
        version: 1,
        settings: { compareSource: bad, fiscalYearStart: 4 },
      });
      expect(await port.loadSettings()).toEqual({ fiscalYearStart: 4 });
    }
  });

  test('display language and showSheet', async () => {
    const { excel, port } = workbook();
    expect(port.displayLanguage()).toBe('zh-CN');
    excel.addSheet('Data issues');
    await port.showSheet('Data issues');
    expect(excel.active?.name).toBe('Data issues');
  });
});
