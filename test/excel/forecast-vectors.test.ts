/**
 * The shared forecast vectors (test/vectors/forecast) through the Excel host:
 * each deal sheet is put in a fake workbook as Excel holds it (dates as serial
 * numbers with a date format, from its first row), the task pane's ExcelPort
 * runs it, and every output sheet must hold the expected table: same headers,
 * same cells (dates as serials, blanks empty, numbers within 1e-9).
 */
import type { CellValue } from '../../core/cells';
import { OUTPUT_ORDER, sheetNameFor } from '../../core/output';
import { dateToSerial } from '../../excel-addin/workbook/excel-values';
import { ExcelPort } from '../../excel-addin/workbook/excel-port';
import {
  forecastVectorFiles,
  isDateCell,
  readForecastVector,
  sameNumber,
  type ForecastVector,
  type JsonCell,
} from '../vectors/forecast-vectors';
import { FakeExcel, FakeSettings } from './fake-excel';

const files = forecastVectorFiles;
const isDate = isDateCell;
type Vector = ForecastVector;
const serial = (cell: { date: string }) => dateToSerial(new Date(`${cell.date}T00:00:00Z`));

/** The user's sheet as Excel stores it: a date cell is a serial number formatted as a date. */
function workbookFor(vector: Vector): { excel: FakeExcel; port: ExcelPort } {
  const excel = new FakeExcel();
  const offset = (vector.sheet.firstRow ?? 1) - 1;
  const values: CellValue[][] = Array.from({ length: offset }, () => []);
  const formats: string[][] = Array.from({ length: offset }, () => []);
  for (const row of vector.sheet.values) {
    values.push(row.map((c) => (isDate(c) ? serial(c) : c)));
    formats.push(row.map((c) => (isDate(c) ? 'yyyy-mm-dd' : 'General')));
  }
  excel.addSheet(vector.sheet.name, values, formats);
  const port = new ExcelPort({
    run: excel.run,
    supports: excel.supports,
    settings: new FakeSettings(),
    displayLanguage: () => 'en-US',
  });
  return { excel, port };
}

/** The expected table as a user sees it in Excel. */
function asExcel(grid: JsonCell[][]): CellValue[][] {
  return grid.map((row) => row.map((c) => (c === null ? '' : isDate(c) ? serial(c) : c)));
}

function sameCell(got: CellValue, want: CellValue): boolean {
  if (typeof got === 'number' && typeof want === 'number') {
    return sameNumber(got, want);
  }
  return got === want;
}

test('the vectors are there', () => {
  expect(files.length).toBeGreaterThanOrEqual(4);
});

describe.each(files)('%s through the Excel adapter', (file) => {
  const vector = readForecastVector(file);

  test('every output table is written as expected, on its own sheet, source untouched', async () => {
    const { excel, port } = workbookFor(vector);
    const source = excel.grid(vector.sheet.name);
    const summary = await port.run(
      { kind: 'sheet', id: vector.sheet.name, label: vector.sheet.name },
      vector.settings,
    );
    const keys = OUTPUT_ORDER.filter((k) => vector.expect[k] !== undefined);
    expect(keys.length).toBeGreaterThan(0);
    expect(summary.written.slice(0, keys.length).map((w) => w.sheetName)).toEqual(
      keys.map(sheetNameFor),
    );
    for (const key of keys) {
      const want = asExcel(vector.expect[key]!);
      const got = excel.grid(sheetNameFor(key));
      expect({ key, rows: got.length }).toEqual({ key, rows: want.length });
      got.forEach((row, r) => {
        expect({ key, r, width: row.length }).toEqual({ key, r, width: want[r]!.length });
        row.forEach((cell, c) => {
          if (!sameCell(cell, want[r]![c]!)) {
            expect({ key, r, c, cell }).toEqual({ key, r, c, cell: want[r]![c] });
          }
        });
      });
    }
    expect(excel.grid(vector.sheet.name)).toEqual(source);
    expect(excel.writes.filter((w) => w.sheet === vector.sheet.name)).toEqual([]);
    for (const sheet of excel.sheets) expect(sheet.formulas.size).toBe(0);
  });
});
