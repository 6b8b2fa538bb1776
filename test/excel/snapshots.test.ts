import type { CellValue } from '../../core/cells';
import { changeTables, runPipelineChange } from '../../core/change';
import { SNAPSHOT_SHEET } from '../../core/change/store';
import type { ForecastSettings } from '../../core/engine';
import type { OutputTable } from '../../core/output';
import type { SourceRef } from '../../core/ports';
import { dateToSerial } from '../../excel-addin/workbook/excel-values';
import { ExcelPort } from '../../excel-addin/workbook/excel-port';
import { D1, D2, SETTINGS, SNAPSHOT_HEADER, WEEK_1, WEEK_2 } from '../change/host-snapshots-data';
import { FakeExcel, FakeSettings } from './fake-excel';

const DEALS: SourceRef = { kind: 'sheet', id: 'Deals', label: 'Deals' };

function toExcel(grid: CellValue[][]) {
  return {
    values: grid.map((r) => r.map((v) => (v instanceof Date ? dateToSerial(v) : v))),
    formats: grid.map((r) => r.map((v) => (v instanceof Date ? 'yyyy-mm-dd' : 'General'))),
  };
}

function workbook(limits?: { rows: number; columns: number }) {
  const excel = new FakeExcel();
  const { values, formats } = toExcel(WEEK_1);
  excel.addSheet('Deals', values, formats);
  const port = new ExcelPort({
    run: excel.run,
    supports: excel.supports,
    settings: new FakeSettings(),
    displayLanguage: () => 'en-US',
    ...(limits ? { snapshotLimits: { host: 'Excel', ...limits } } : {}),
  });
  /** The user pastes another week's export over the deal sheet. */
  const setDeals = (grid: CellValue[][]) => {
    const sheet = excel.sheet('Deals')!;
    const next = toExcel(grid);
    sheet.values = next.values;
    sheet.formats = next.formats;
  };
  return { excel, port, setDeals };
}

const at = (asOf: string): ForecastSettings => ({ ...SETTINGS, asOf });

function asExcelGrid(table: OutputTable): CellValue[][] {
  const cell = (v: CellValue): CellValue =>
    v === null ? '' : v instanceof Date ? dateToSerial(v) : v;
  return [table.columns.map((c) => c.header), ...table.rows.map((r) => r.map(cell))];
}

describe('Excel: Save snapshot (FF Snapshots)', () => {
  test('saves the key columns under the as-of date, appended, the Notes column left out', async () => {
    const { excel, port, setDeals } = workbook();
    const first = await port.saveSnapshot(DEALS, at(D1));
    expect(first).toMatchObject({ sheetName: SNAPSHOT_SHEET, date: D1, rows: 6, replaced: 0 });
    expect(first.dates).toEqual([D1]);
    const grid = excel.grid(SNAPSHOT_SHEET);
    expect(grid[0]).toEqual(SNAPSHOT_HEADER);
    expect(grid[1]).toEqual([
      D1,
      'OPP-1',
      'Renewal',
      'Acme',
      'Ann',
      'North',
      'Proposal',
      10000,
      dateToSerial(WEEK_1[1]![7] as Date),
    ]);
    // The date stays text, the close date is a date cell: both read back as they were.
    expect(excel.cell(SNAPSHOT_SHEET, 'A2').format).toBe('@');
    expect(excel.cell(SNAPSHOT_SHEET, 'I2').format).toBe('yyyy-mm-dd');
    expect(excel.tables.find((t) => t.name === 'ffSnapshots')?.sheet.name).toBe(SNAPSHOT_SHEET);

    setDeals(WEEK_2);
    const second = await port.saveSnapshot(DEALS, at(D2));
    expect(second).toMatchObject({ date: D2, rows: 6, replaced: 0, dates: [D1, D2] });
    const after = excel.grid(SNAPSHOT_SHEET);
    expect(after).toHaveLength(13);
    expect(after.slice(0, 7)).toEqual(grid.slice(0, 7));
    expect(after[7]![1]).toBe('OPP-1');
    expect(await port.listSnapshots()).toEqual([
      { date: D1, rows: 6 },
      { date: D2, rows: 6 },
    ]);
    // The add-in's own sheet is never offered as a deal sheet.
    expect((await port.listSources()).map((s) => s.id)).not.toContain(SNAPSHOT_SHEET);
  });

  test('saving a date again replaces that date only', async () => {
    const { excel, port, setDeals } = workbook();
    await port.saveSnapshot(DEALS, at(D1));
    setDeals(WEEK_2);
    await port.saveSnapshot(DEALS, at(D2));
    // D1 saved again from a shorter sheet: its 6 rows go, 3 come at the end.
    setDeals(WEEK_1.slice(0, 4));
    const again = await port.saveSnapshot(DEALS, at(D1));
    expect(again).toMatchObject({ date: D1, rows: 3, replaced: 6, dates: [D1, D2] });
    const grid = excel.grid(SNAPSHOT_SHEET);
    expect(grid).toHaveLength(1 + 6 + 3);
    expect(grid.slice(1, 7).every((r) => r[0] === D2)).toBe(true);
    expect(grid.slice(7).map((r) => [r[0], r[1]])).toEqual([
      [D1, 'OPP-1'],
      [D1, 'OPP-2'],
      [D1, 'OPP-3'],
    ]);
    expect(await port.listSnapshots()).toEqual([
      { date: D1, rows: 3 },
      { date: D2, rows: 6 },
    ]);
  });

  test('a save that would pass the row limit is refused before anything is written', async () => {
    const { excel, port, setDeals } = workbook({ rows: 10, columns: 16_384 });
    await port.saveSnapshot(DEALS, at(D1));
    const before = excel.grid(SNAPSHOT_SHEET);
    const writes = excel.writes.length;
    setDeals(WEEK_2);
    await expect(port.saveSnapshot(DEALS, at(D2))).rejects.toThrow(
      /13 rows long; Excel holds 10 rows per sheet\. Nothing was written/,
    );
    expect(excel.writes.length).toBe(writes);
    expect(excel.grid(SNAPSHOT_SHEET)).toEqual(before);
    // Replacing the same date still fits: the limit counts the history after the save.
    await expect(port.saveSnapshot(DEALS, at(D1))).resolves.toMatchObject({ replaced: 6 });
  });

  test('a first save too wide for the sheet creates no sheet', async () => {
    const { excel, port } = workbook({ rows: 1_048_576, columns: 5 });
    await expect(port.saveSnapshot(DEALS, at(D1))).rejects.toThrow(/9 columns wide/);
    expect(excel.sheet(SNAPSHOT_SHEET)).toBeUndefined();
  });

  test('a run compared with a saved date writes the bridge core computes, cell for cell', async () => {
    const { excel, port, setDeals } = workbook();
    await port.saveSnapshot(DEALS, at(D1));
    setDeals(WEEK_2);
    await port.saveSnapshot(DEALS, at(D2));
    const summary = await port.run(DEALS, { ...at(D2), compareWith: D1 });

    const expected = changeTables(
      runPipelineChange(
        [
          { sheet: { name: 'week 1', values: WEEK_1 }, asOf: D1 },
          { sheet: { name: 'Deals', values: WEEK_2 }, asOf: D2 },
        ],
        at(D2),
      ),
    );
    expect(expected.length).toBeGreaterThanOrEqual(3);
    for (const table of expected) {
      // The table's columns: the waterfall's data sits beside Pipeline change.
      const width = table.columns.length;
      const grid = excel.grid(table.sheetName).map((row) => row.slice(0, width));
      expect({ sheet: table.sheetName, grid }).toEqual({
        sheet: table.sheetName,
        grid: asExcelGrid(table),
      });
    }
    // After the forecast's sheets, in CHANGE_ORDER.
    const names = summary.written.map((w) => w.sheetName);
    expect(names.indexOf('Pipeline change')).toBeGreaterThan(names.indexOf('Assumptions'));
    expect(names.indexOf('Deal changes')).toBe(names.indexOf('Pipeline change') + 1);
    // The change sheets are the add-in's: not offered as sources.
    const ids = (await port.listSources()).map((s) => s.id);
    expect(ids).not.toContain('Pipeline change');
    expect(ids).not.toContain('Deal changes');
  });

  test('comparing with a date never saved says which dates are', async () => {
    const { port } = workbook();
    await port.saveSnapshot(DEALS, at(D1));
    await expect(port.run(DEALS, { ...at(D2), compareWith: '2026-10-26' })).rejects.toThrow(
      `No snapshot saved for 2026-10-26 in FF Snapshots; the saved dates are ${D1}.`,
    );
  });
});
