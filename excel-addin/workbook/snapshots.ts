import type { CellValue, Grid } from '../../core/cells';
import {
  EXCEL_SNAPSHOT_LIMITS,
  SNAPSHOT_SHEET,
  planSnapshotSave,
  type SnapshotLimits,
  type SnapshotSave,
} from '../../core/change/store';
import type { ForecastSettings, SourceSheet } from '../../core';
import { COMMAND_BYTES, WriteBatch } from './batch';
import { jsonBytes, toExcelValue } from './excel-values';
import { SNAPSHOT_TABLE } from './ownership';
import { readSourceSheet } from './read';
import { scanWorkbook, type Supports } from './write';

/*
 * The add-in's FF Snapshots sheet on Excel: the sheet that holds the table
 * ffSnapshots (the add-in's namespace, like its output tables), found again
 * when the user renamed it. core/change/store.ts decides what goes in it.
 */

/** Start a new batch rather than send a chunk of a few rows. */
const MIN_CHUNK_ROOM = 64 * 1024;

/** Where FF Snapshots is: its sheet, or null when nothing was saved yet. */
async function snapshotSheet(
  context: Excel.RequestContext,
  supports: Supports,
): Promise<{ sheetName: string | null; taken: boolean }> {
  const scan = await scanWorkbook(context, supports);
  const own = scan.tables.get(SNAPSHOT_TABLE);
  if (own !== undefined) return { sheetName: own, taken: false };
  const taken = scan.sheets.some((s) => s.toLowerCase() === SNAPSHOT_SHEET.toLowerCase());
  return { sheetName: null, taken };
}

/** The FF Snapshots grid (dates in date-formatted cells come back as Dates); [] when nothing is saved. */
export async function readSnapshotGrid(
  context: Excel.RequestContext,
  supports: Supports,
): Promise<Grid> {
  const { sheetName } = await snapshotSheet(context, supports);
  if (sheetName === null) return [];
  const sheet = await readSourceSheet(context, { kind: 'sheet', id: sheetName, label: sheetName });
  return sheet.values;
}

/** A cell's number format in FF Snapshots: text stays text, dates read back as dates. */
function formatOf(v: CellValue, column: number): string {
  if (column === 0 || typeof v === 'string') return '@';
  if (v instanceof Date) return 'yyyy-mm-dd';
  return 'General';
}

/**
 * Saves the source as a snapshot: the whole new history is planned and
 * checked against Excel's limits first (a refusal writes nothing), then
 * written over FF Snapshots in batches of ~4 MB, its table re-created over it.
 */
export async function saveSnapshotSheet(
  context: Excel.RequestContext,
  supports: Supports,
  source: SourceSheet,
  settings: ForecastSettings,
  limits: SnapshotLimits = EXCEL_SNAPSHOT_LIMITS,
): Promise<SnapshotSave> {
  const where = await snapshotSheet(context, supports);
  if (where.sheetName === null && where.taken) {
    throw new Error(
      `A sheet named "${SNAPSHOT_SHEET}" already exists and is not the add-in's; rename it so the add-in can keep its snapshots there. Nothing was written.`,
    );
  }
  const existing =
    where.sheetName === null
      ? []
      : (
          await readSourceSheet(context, {
            kind: 'sheet',
            id: where.sheetName,
            label: where.sheetName,
          })
        ).values;
  const { grid, save } = planSnapshotSave(existing, source, settings, limits);
  const width = grid[0]!.length;
  const rows = grid.length;

  let old: Excel.Range | null = null;
  let sheet: Excel.Worksheet;
  if (where.sheetName === null) {
    sheet = context.workbook.worksheets.add(SNAPSHOT_SHEET);
  } else {
    sheet = context.workbook.worksheets.getItem(where.sheetName);
    old = sheet.getUsedRangeOrNullObject().load('rowIndex,columnIndex,rowCount,columnCount');
    await context.sync();
  }
  const batch = new WriteBatch(context);
  batch.add(COMMAND_BYTES);
  if (where.sheetName !== null) context.workbook.tables.getItem(SNAPSHOT_TABLE).delete();
  // Cells past the new extent (a date saved again with fewer deals) are cleared.
  if (old && !old.isNullObject) {
    const lastRow = old.rowIndex + old.rowCount;
    const lastCol = old.columnIndex + old.columnCount;
    if (lastRow > rows) sheet.getRangeByIndexes(rows, 0, lastRow - rows, lastCol).clear();
    if (lastCol > width) sheet.getRangeByIndexes(0, width, rows, lastCol - width).clear();
  }
  // The header and the table first, over the rows still to come: if a later
  // batch fails, the sheet is still the add-in's and the next save rewrites it.
  const header = sheet.getRangeByIndexes(0, 0, 1, width);
  const headerValues = [grid[0]!.map((h) => toExcelValue(h))];
  header.numberFormat = [headerValues[0]!.map(() => '@')];
  header.values = headerValues;
  const table = sheet.tables.add(sheet.getRangeByIndexes(0, 0, rows, width), true);
  table.name = SNAPSHOT_TABLE;
  sheet.freezePanes.freezeRows(1);
  batch.add(2 * jsonBytes(headerValues) + 4 * COMMAND_BYTES);

  let next = 1;
  while (next < rows) {
    if (batch.room() < MIN_CHUNK_ROOM) await batch.flush();
    const start = next;
    const values: (string | number | boolean)[][] = [];
    const formats: string[][] = [];
    let bytes = COMMAND_BYTES;
    while (next < rows) {
      const src = grid[next]!;
      const row: (string | number | boolean)[] = [];
      const format: string[] = [];
      for (let c = 0; c < width; c++) {
        const v = src[c] ?? null;
        row.push(toExcelValue(v));
        format.push(formatOf(v, c));
      }
      const rowBytes = jsonBytes(row) + jsonBytes(format) + 2;
      if (values.length > 0 && bytes + rowBytes > batch.room()) break;
      values.push(row);
      formats.push(format);
      bytes += rowBytes;
      next++;
    }
    const range = sheet.getRangeByIndexes(start, 0, values.length, width);
    range.numberFormat = formats;
    range.values = values;
    batch.add(bytes);
  }
  await batch.flush();
  return { ...save, sheetName: where.sheetName ?? SNAPSHOT_SHEET };
}
