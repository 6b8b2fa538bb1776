/**
 * Save snapshot on Sheets (SheetsWorkbook.saveSnapshot / readSnapshots) on
 * the fake spreadsheet: the FF Snapshots sheet, a date saved again, the
 * 10,000,000-cell limit refused before any write, and a run compared with a
 * saved date giving core's bridge cell for cell.
 */
import type { CellValue } from '../../core/cells';
import { changeTables, runPipelineChange } from '../../core/change';
import { SNAPSHOT_SHEET, type SnapshotLimits } from '../../core/change/store';
import type { ForecastSettings } from '../../core/engine';
import { runJobSync } from '../../core/app/pipeline';
import type { OutputTable } from '../../core/output';
import type { SourceRef } from '../../core/ports';
import { OUTPUT_METADATA_KEY, SheetsWorkbook } from '../../sheets-addon/server/workbook';
import { D1, D2, SETTINGS, SNAPSHOT_HEADER, WEEK_1, WEEK_2 } from '../change/host-snapshots-data';
import { createEnvironment, removeAppsScriptGlobals } from './support/fake-apps-script';
import { FakeSpreadsheet } from './support/fake-spreadsheet';

const DEALS: SourceRef = { kind: 'sheet', id: 'Deals', label: 'Deals' };
const at = (asOf: string): ForecastSettings => ({ ...SETTINGS, asOf });

function setup(limits?: SnapshotLimits) {
  const spreadsheet = new FakeSpreadsheet('Etc/UTC');
  const env = createEnvironment({ spreadsheet });
  Object.assign(globalThis, env.globals);
  spreadsheet.addSheet('Deals', WEEK_1 as never);
  const workbook = new SheetsWorkbook(spreadsheet as never, limits);
  const setDeals = (grid: CellValue[][]) => {
    const sheet = spreadsheet.getSheetByName('Deals')!;
    sheet.clear();
    sheet.getRange(1, 1, grid.length, grid[0]!.length).setValues(grid);
  };
  return { spreadsheet, workbook, setDeals };
}

afterEach(removeAppsScriptGlobals);

function asSheetGrid(table: OutputTable): CellValue[][] {
  return [
    table.columns.map((c) => c.header),
    ...table.rows.map((r) => r.map((v) => (v === null ? '' : v))),
  ];
}

describe('Sheets: Save snapshot (FF Snapshots)', () => {
  test('saves the key columns under the as-of date in a sheet the add-on owns', () => {
    const { spreadsheet, workbook, setDeals } = setup();
    const first = workbook.saveSnapshot(DEALS, at(D1));
    expect(first).toMatchObject({ sheetName: SNAPSHOT_SHEET, date: D1, rows: 6, replaced: 0 });
    const sheet = spreadsheet.getSheetByName(SNAPSHOT_SHEET)!;
    const grid = sheet.grid();
    expect(grid[0]).toEqual(SNAPSHOT_HEADER);
    // The date stays text (not a date cell), the close date stays a date.
    expect(grid[1]![0]).toBe(D1);
    expect(grid[1]![8]).toEqual(WEEK_1[1]![7]);
    expect(sheet.getDeveloperMetadata().map((m) => [m.getKey(), m.getValue()])).toContainEqual([
      OUTPUT_METADATA_KEY,
      'Snapshots',
    ]);
    expect(workbook.listSources().map((s) => s.id)).not.toContain(SNAPSHOT_SHEET);

    setDeals(WEEK_2);
    expect(workbook.saveSnapshot(DEALS, at(D2))).toMatchObject({ rows: 6, dates: [D1, D2] });
    expect(sheet.grid()).toHaveLength(13);
    expect(sheet.grid().slice(0, 7)).toEqual(grid);
    expect(workbook.listSnapshots()).toEqual([
      { date: D1, rows: 6 },
      { date: D2, rows: 6 },
    ]);
  });

  test('saving a date again replaces that date only, and the sheet shrinks to fit', () => {
    const { spreadsheet, workbook, setDeals } = setup();
    workbook.saveSnapshot(DEALS, at(D1));
    setDeals(WEEK_2);
    workbook.saveSnapshot(DEALS, at(D2));
    const sheet = spreadsheet.getSheetByName(SNAPSHOT_SHEET)!;
    expect(sheet.getMaxRows()).toBe(13);
    setDeals(WEEK_1.slice(0, 3));
    expect(workbook.saveSnapshot(DEALS, at(D1))).toMatchObject({ rows: 2, replaced: 6 });
    const grid = sheet.grid();
    expect(grid.map((r) => r[0])).toEqual(['Snapshot date', ...Array(6).fill(D2), D1, D1]);
    expect(sheet.getMaxRows()).toBe(9);
  });

  test('a save past the cells of the spreadsheet is refused and writes nothing', () => {
    // The limit counts every sheet's grid (Deals: 1000 x 26 on a new fake sheet, as in Sheets).
    const limits: SnapshotLimits = { host: 'Google Sheets', columns: 18_278, cells: 0 };
    const { spreadsheet, workbook, setDeals } = setup(limits);
    const deals = spreadsheet.getSheetByName('Deals')!;
    limits.cells = deals.getMaxRows() * deals.getMaxColumns() + 7 * 9 + 20;
    workbook.saveSnapshot(DEALS, at(D1));
    const sheet = spreadsheet.getSheetByName(SNAPSHOT_SHEET)!;
    const before = sheet.grid();
    setDeals(WEEK_2);
    spreadsheet.resetCounts();
    expect(() => workbook.saveSnapshot(DEALS, at(D2))).toThrow(
      /would bring the spreadsheet to .* cells \(FF Snapshots: 13 rows x 9 columns\); Google Sheets holds [\d,]+ cells per spreadsheet\. Nothing was written/,
    );
    expect(sheet.grid()).toEqual(before);
    expect(spreadsheet.calls.setValues).toBe(0);
  });

  test('a run compared with a saved date writes the bridge core computes, cell for cell', () => {
    const { spreadsheet, workbook, setDeals } = setup();
    workbook.saveSnapshot(DEALS, at(D1));
    setDeals(WEEK_2);
    workbook.saveSnapshot(DEALS, at(D2));
    const summary = runJobSync(workbook, DEALS, { ...at(D2), compareWith: D1 });
    const expected = changeTables(
      runPipelineChange(
        [
          { sheet: { name: 'week 1', values: WEEK_1 }, asOf: D1 },
          { sheet: { name: 'Deals', values: WEEK_2 }, asOf: D2 },
        ],
        at(D2),
      ),
    );
    for (const table of expected) {
      const sheet = spreadsheet.getSheetByName(table.sheetName);
      expect({ sheet: table.sheetName, grid: sheet?.grid() }).toEqual({
        sheet: table.sheetName,
        grid: asSheetGrid(table),
      });
    }
    const names = summary.written.map((w) => w.sheetName);
    expect(names.indexOf('Pipeline change')).toBeGreaterThan(names.indexOf('Assumptions'));
    expect(workbook.listSources().map((s) => s.id)).not.toContain('Pipeline change');
  });
  test("a run compared with another sheet of the workbook (settings.compareSource) equals core's bridge on the two grids", () => {
    const { spreadsheet, workbook, setDeals } = setup();
    setDeals(WEEK_2);
    spreadsheet.addSheet(`Deals ${D1}`, WEEK_1 as never);
    const other = workbook.listSources().find((s) => s.id === `Deals ${D1}`);
    expect(other).toBeDefined();
    const settings: ForecastSettings = {
      ...at(D2),
      compareSource: other!,
      compareWith: D1,
      compareWindow: '2026-Q4',
      compareKey: 'Opportunity ID',
    };
    runJobSync(workbook, DEALS, settings);
    const expected = changeTables(
      runPipelineChange(
        [
          { sheet: { name: `Deals ${D1}`, values: WEEK_1 }, asOf: D1 },
          { sheet: { name: 'Deals', values: WEEK_2 }, asOf: D2 },
        ],
        at(D2),
        { window: '2026-Q4', key: 'Opportunity ID' },
      ),
    );
    expect(expected.map((t) => t.sheetName)).toContain('Pipeline change');
    for (const table of expected) {
      const sheet = spreadsheet.getSheetByName(table.sheetName);
      expect({ sheet: table.sheetName, grid: sheet?.grid() }).toEqual({
        sheet: table.sheetName,
        grid: asSheetGrid(table),
      });
    }
    // FF Snapshots was neither read nor made.
    expect(spreadsheet.getSheetByName(SNAPSHOT_SHEET)).toBeNull();
  });

  test('another sheet without a snapshot date is refused in one line, before anything is written', () => {
    const { spreadsheet, workbook } = setup();
    spreadsheet.addSheet('Old', WEEK_1 as never);
    const other = workbook.listSources().find((s) => s.id === 'Old')!;
    expect(() => runJobSync(workbook, DEALS, { ...at(D2), compareSource: other })).toThrow(
      `Give the snapshot date of ${other.label} (YYYY-MM-DD) to compare the run with it.`,
    );
    expect(spreadsheet.getSheetByName('Pipeline change')).toBeNull();
  });
});
