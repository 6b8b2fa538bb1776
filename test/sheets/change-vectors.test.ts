/**
 * The shared pipeline-change vectors (test/vectors/change) through the
 * Sheets add-on: each earlier snapshot is put in the fake spreadsheet's deal
 * sheet as Sheets holds it (a date cell is a Date at local midnight of a Los
 * Angeles spreadsheet, blanks are "") and saved with the sidebar's "Save
 * snapshot", then the latest is put there and run compared with the
 * bridge's *from* date, all through google.script.run and the BUILT Code.js;
 * every change sheet must hold the vector's table cell for cell (dates on
 * the same calendar day, blanks empty, numbers within 1e-9, as for core and
 * Excel), the snapshots named as the host names them (hostChangeExpect).
 */
import { CHANGE_ORDER, sheetNameFor } from '../../core/output';
import { createServerClient } from '../../sheets-addon/client/server-client';
import { SheetsPort } from '../../sheets-addon/client/sheets-port';
import {
  changeVectorFiles,
  hostChangeExpect,
  hostChangeRun,
  readChangeVector,
} from '../vectors/change-vectors';
import { isDateCell, sameNumber, type JsonCell } from '../vectors/forecast-vectors';
import { loadProject } from './support/bundle';
import { FakeSpreadsheet, type Cell } from './support/fake-spreadsheet';
import { fakeScriptRunner } from './support/script-runner';
import { formatDate, parseDate } from './support/time-zone';

const TZ = 'America/Los_Angeles';

const asSheets = (grid: JsonCell[][]): Cell[][] =>
  grid.map((row) =>
    row.map((c) => (c === null ? '' : isDateCell(c) ? parseDate(c.date, TZ, 'yyyy-MM-dd') : c)),
  );

function sameCell(got: Cell | undefined, want: JsonCell): boolean {
  if (want === null) return got === '';
  if (isDateCell(want))
    return got instanceof Date && formatDate(got, TZ, 'yyyy-MM-dd HH:mm') === `${want.date} 00:00`;
  if (typeof want === 'number' && typeof got === 'number') return sameNumber(got, want);
  return got === want;
}

test('the change vectors are there', () => {
  expect(changeVectorFiles.length).toBeGreaterThanOrEqual(3);
});

describe.each(changeVectorFiles)('%s through the Sheets bundle', (file) => {
  const vector = readChangeVector(file);

  test('every change sheet holds the vector table', async () => {
    const plan = hostChangeRun(vector);
    const spreadsheet = new FakeSpreadsheet(TZ);
    const deals = spreadsheet.addSheet('Deals', asSheets(plan.latest.values));
    deals.activate();
    /** Another week's export imported over the deal sheet (held as addSheet holds a grid). */
    const setDeals = (grid: JsonCell[][]) => {
      const values = asSheets(grid);
      const width = Math.max(...values.map((r) => r.length));
      deals.cells = values.map((r) => [...r, ...Array<Cell>(width - r.length).fill('')]);
    };
    const project = loadProject({ spreadsheet });
    const port = new SheetsPort(createServerClient(fakeScriptRunner(project)), 'en');
    const ref = (await port.listSources()).find((s) => s.kind === 'sheet' && s.id === 'Deals')!;
    for (const save of plan.saves) {
      setDeals(save.values);
      await port.saveSnapshot(ref, { ...plan.settings, asOf: save.asOf });
    }
    setDeals(plan.latest.values);
    const summary = await port.run(ref, plan.settings);

    const expected = hostChangeExpect(vector, 'Deals');
    const keys = CHANGE_ORDER.filter((k) => expected[k] !== undefined);
    expect(keys).toEqual(Object.keys(vector.expect));
    const names = summary.written.map((w) => w.sheetName);
    expect(names.filter((n) => keys.map(sheetNameFor).includes(n))).toEqual(keys.map(sheetNameFor));
    for (const key of keys) {
      const want = expected[key]!;
      const got = spreadsheet.getSheetByName(sheetNameFor(key))!.grid();
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
  });
});
