/**
 * The shared forecast vectors (test/vectors/forecast) through the Sheets
 * add-on: each deal sheet is put in a fake spreadsheet as Sheets holds it
 * (a date cell is a Date at local midnight of a Los Angeles spreadsheet,
 * blanks are ""), the sidebar's SheetsPort runs it through google.script.run
 * and the BUILT Code.js, and every output sheet must hold the expected table:
 * same headers, same cells (dates on the same calendar day, blanks empty,
 * numbers within 1e-9, as for core and Excel).
 */
import { OUTPUT_ORDER, sheetNameFor } from '../../core/output';
import { createServerClient } from '../../sheets-addon/client/server-client';
import { SheetsPort } from '../../sheets-addon/client/sheets-port';
import {
  forecastVectorFiles,
  isDateCell,
  readForecastVector,
  sameNumber,
  type ForecastVector,
  type JsonCell,
} from '../vectors/forecast-vectors';
import { loadProject } from './support/bundle';
import { FakeSpreadsheet, type Cell } from './support/fake-spreadsheet';
import { fakeScriptRunner } from './support/script-runner';
import { formatDate, parseDate } from './support/time-zone';

const TZ = 'America/Los_Angeles';
const files = forecastVectorFiles;
const isDate = isDateCell;
type Vector = ForecastVector;

/** The user's sheet as Sheets stores it, with the vector's title rows left blank above it. */
function sheetValues(vector: Vector): Cell[][] {
  const blankRows = (vector.sheet.firstRow ?? 1) - 1;
  const width = Math.max(...vector.sheet.values.map((r) => r.length));
  const rows: Cell[][] = Array.from({ length: blankRows }, () => Array<Cell>(width).fill(''));
  for (const row of vector.sheet.values) {
    rows.push(
      row.map((c) => (c === null ? '' : isDate(c) ? parseDate(c.date, TZ, 'yyyy-MM-dd') : c)),
    );
  }
  return rows;
}

function sameCell(got: Cell | undefined, want: JsonCell): boolean {
  if (want === null) return got === '';
  if (isDate(want))
    return got instanceof Date && formatDate(got, TZ, 'yyyy-MM-dd HH:mm') === `${want.date} 00:00`;
  if (typeof want === 'number' && typeof got === 'number') {
    return sameNumber(got, want);
  }
  return got === want;
}

test('there are vectors to run', () => {
  expect(files.length).toBeGreaterThanOrEqual(4);
});

describe.each(files)('%s', (file) => {
  const vector = readForecastVector(file);

  test('every output sheet holds the expected table; the deal sheet is untouched', async () => {
    const spreadsheet = new FakeSpreadsheet(TZ);
    const source = sheetValues(vector);
    spreadsheet.addSheet(vector.sheet.name, source).activate();
    const project = loadProject({ spreadsheet });
    const port = new SheetsPort(createServerClient(fakeScriptRunner(project)), 'en');
    const sources = await port.listSources();
    const ref = sources.find((s) => s.kind === 'sheet' && s.id === vector.sheet.name)!;
    const summary = await port.run(ref, vector.settings);

    const keys = OUTPUT_ORDER.filter((k) => vector.expect[k]);
    expect(keys.length).toBe(OUTPUT_ORDER.length);
    expect(summary.written.map((w) => w.sheetName)).toEqual(keys.map(sheetNameFor));
    for (const key of keys) {
      const want = vector.expect[key]!;
      const got = spreadsheet.getSheetByName(sheetNameFor(key))!.grid();
      // an empty table is its header row alone
      expect([key, got.length]).toEqual([key, want.length]);
      expect([key, got[0]]).toEqual([key, want[0]]);
      want.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (!sameCell(got[r]?.[c], cell)) {
            expect([key, r, c, got[r]?.[c]]).toEqual([key, r, c, cell]);
          }
        }),
      );
      expect(spreadsheet.getSheetByName(sheetNameFor(key))!.formulas.size).toBe(0);
    }
    const untouched = spreadsheet.getSheetByName(vector.sheet.name)!.getDataRange().getValues();
    expect(untouched).toEqual(source);
  });
});
