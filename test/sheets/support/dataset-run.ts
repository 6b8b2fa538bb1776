/**
 * A deal sheet through the built Code.js on a fake spreadsheet in a far-east
 * time zone, against core's runJob on the same values: the summary and every
 * output cell must be identical. Used on the fixture (test/sheets/datasets.test.ts)
 * and on the public datasets (test/datasets/sheets.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ForecastSettings, SourceSheet } from '../../../core/engine/types';
import { runJob } from '../../../core/app/pipeline';
import type { WorkbookIO } from '../../../core/ports';
import type { OutputTable } from '../../../core/output';
import type { RunSummary, SourceRef } from '../../../core/ports';
import { readCsv } from '../../../files';
import { decode, encode } from '../../../sheets-addon/shared/wire';
import { loadProject } from './bundle';
import { asSheetsStores } from './deals';
import { FakeSpreadsheet, type Cell } from './fake-spreadsheet';
import { parseDate } from './time-zone';

const TZ = 'Asia/Tokyo';
const localMidnight = (d: Date) =>
  parseDate(d.toISOString().slice(0, 23), TZ, "yyyy-MM-dd'T'HH:mm:ss.SSS");

async function viaCore(sheet: SourceSheet, settings: ForecastSettings) {
  let tables: OutputTable[] = [];
  const io: WorkbookIO = {
    readSource: async () => sheet,
    readRange: async () => [],
    writeTables: async (t) => {
      tables = t;
      return {
        written: t.map((x) => ({ sheetName: x.sheetName, rows: x.rows.length })),
        notes: [],
      };
    },
  };
  const source: SourceRef = { kind: 'sheet', id: sheet.name, label: sheet.name };
  return { summary: await runJob(io, source, settings), tables };
}

/** Runs the CSV file through the bundle and through core; expects identical results. */
export async function expectBundleMatchesCore(
  full: string,
  settings: ForecastSettings,
): Promise<void> {
  const csv = readCsv(path.basename(full), readFileSync(full));
  // In a spreadsheet the imported date columns are real dates: give both sides Dates.
  const values = csv.values.map((row) =>
    row.map((v) =>
      typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : v,
    ),
  );
  const sheet: SourceSheet = { name: 'Deals', values, firstRow: 1 };
  const core = await viaCore(sheet, settings);

  const spreadsheet = new FakeSpreadsheet(TZ);
  spreadsheet.addSheet(
    'Deals',
    asSheetsStores(values as Cell[][], localMidnight).map((r) =>
      r.map((v) => (v === null ? '' : v)),
    ),
  );
  const project = loadProject({ spreadsheet });
  const source: SourceRef = { kind: 'sheet', id: 'Deals', label: 'Deals' };
  const summary = decode<RunSummary>(
    project.call('ffApi_run', encode([source, settings])) as string,
  );

  expect(summary).toEqual(core.summary);
  expect(summary.counts.rows).toBe(values.length - 1);
  expect(values[1]!.some((v) => v instanceof Date)).toBe(true);
  for (const table of core.tables) {
    const grid = spreadsheet.getSheetByName(table.sheetName)!.grid();
    expect(grid[0]).toEqual(table.columns.map((c) => c.header));
    expect(grid.length).toBe(table.rows.length + 1);
    for (let r = 0; r < table.rows.length; r++) {
      const want = table.columns.map((_, i) => {
        const v = table.rows[r]![i];
        return v === null || v === undefined ? '' : v instanceof Date ? localMidnight(v) : v;
      });
      if (JSON.stringify(grid[r + 1]) !== JSON.stringify(want))
        expect([table.key, r, grid[r + 1]]).toEqual([table.key, r, want]);
    }
  }
}
