/**
 * The shared pipeline-change vectors (test/vectors/change) through the Excel
 * host: each earlier snapshot is put in the fake workbook's deal sheet as
 * Excel holds it (dates as serials with a date format) and saved with the
 * task pane's "Save snapshot" (FF Snapshots), then the latest is put there
 * and run compared with the bridge's *from* date through the ExcelPort's job
 * path; every change sheet must hold the vector's table cell for cell (dates
 * as serials, blanks empty, numbers within 1e-9), the snapshots named as the
 * host names them (hostChangeExpect). The waterfall chart beside the table:
 * waterfall.test.ts.
 */
import type { CellValue } from '../../core/cells';
import { CHANGE_ORDER, sheetNameFor } from '../../core/output';
import type { SourceRef } from '../../core/ports';
import { dateToSerial } from '../../excel-addin/workbook/excel-values';
import { ExcelPort } from '../../excel-addin/workbook/excel-port';
import {
  changeVectorFiles,
  hostChangeExpect,
  hostChangeRun,
  readChangeVector,
} from '../vectors/change-vectors';
import { isDateCell, sameNumber, type JsonCell } from '../vectors/forecast-vectors';
import { FakeExcel, FakeSettings } from './fake-excel';

const DEALS: SourceRef = { kind: 'sheet', id: 'Deals', label: 'Deals' };
const serial = (cell: { date: string }) => dateToSerial(new Date(`${cell.date}T00:00:00Z`));

function toExcel(grid: JsonCell[][]) {
  return {
    values: grid.map((r) => r.map((c): CellValue => (isDateCell(c) ? serial(c) : c))),
    formats: grid.map((r) => r.map((c) => (isDateCell(c) ? 'yyyy-mm-dd' : 'General'))),
  };
}

const asExcel = (grid: JsonCell[][]): CellValue[][] =>
  grid.map((row) => row.map((c) => (c === null ? '' : isDateCell(c) ? serial(c) : c)));

function sameCell(got: CellValue, want: CellValue): boolean {
  if (typeof got === 'number' && typeof want === 'number') return sameNumber(got, want);
  return got === want;
}

test('the change vectors are there', () => {
  expect(changeVectorFiles.length).toBeGreaterThanOrEqual(3);
});

describe.each(changeVectorFiles)('%s through the Excel adapter', (file) => {
  const vector = readChangeVector(file);

  test('every change table is written as the vector expects, on its own sheet', async () => {
    const plan = hostChangeRun(vector);
    const excel = new FakeExcel();
    excel.addSheet('Deals', [], []);
    const setDeals = (grid: JsonCell[][]) => {
      const sheet = excel.sheet('Deals')!;
      const next = toExcel(grid);
      sheet.values = next.values;
      sheet.formats = next.formats;
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
    const summary = await port.run(DEALS, plan.settings);

    const expected = hostChangeExpect(vector, 'Deals');
    const keys = CHANGE_ORDER.filter((k) => expected[k] !== undefined);
    expect(keys).toEqual(Object.keys(vector.expect));
    const names = summary.written.map((w) => w.sheetName);
    expect(names.filter((n) => keys.map(sheetNameFor).includes(n))).toEqual(keys.map(sheetNameFor));
    for (const key of keys) {
      const want = asExcel(expected[key]!);
      // The table's columns; on Pipeline change the waterfall's data sits one blank column right.
      const width = want[0]!.length;
      const sheetGrid = excel.grid(sheetNameFor(key));
      expect(sheetGrid.every((row) => (row[width] ?? '') === '')).toBe(true);
      const got = sheetGrid.map((row) => row.slice(0, width));
      expect({ key, rows: got.length }).toEqual({ key, rows: want.length });
      got.forEach((row, r) => {
        expect({ key, r, width: row.length }).toEqual({ key, r, width: want[r]!.length });
        row.forEach((cell, c) => {
          if (!sameCell(cell, want[r]![c]!)) {
            expect({ key, r, c, cell }).toEqual({ key, r, c, cell: want[r]![c] });
          }
        });
      });
      expect(excel.sheet(sheetNameFor(key))!.formulas.size).toBe(0);
    }
  });
});
