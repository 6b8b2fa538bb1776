/**
 * Saved snapshots in a workbook: the sheet the add-in owns for them
 * (`FF Snapshots`), the columns a save keeps, the merge that replaces an
 * earlier save of the same date, the hosts' size limits, and the grouping
 * that turns the sheet back into snapshots for the bridge. Pure: the Excel
 * and Sheets hosts read and write the grid, this file decides what is in it.
 *
 * Layout: row 1 is "Snapshot date" and the union of the saved headers, in
 * the order first saved; each data row is one deal of one save, its date
 * (YYYY-MM-DD, as text) in column A. A save appends its rows; a date saved
 * again loses its earlier rows first.
 */
import type { CellValue, Grid } from '../cells';
import { headerKey } from '../engine/headers';
import { prepareSheet, TIER_SEGMENT } from '../engine/run';
import type { ForecastSettings, SourceSheet } from '../engine/types';
import { isBlank } from '../read/blank';
import { normalizeLabel } from '../text';
import { parseIsoDay } from '../read/date';
import type { SnapshotSource } from './index';
import { KEY_HEADERS } from './snapshot';

export const SNAPSHOT_SHEET = 'FF Snapshots';
export const SNAPSHOT_DATE_HEADER = 'Snapshot date';

/** What one host's grid can hold (Excel: per sheet; Sheets: cells in the whole spreadsheet). */
export interface SnapshotLimits {
  host: 'Excel' | 'Google Sheets';
  /** Rows per sheet, header included. */
  rows?: number;
  columns: number;
  /** Cells per spreadsheet, every sheet counted. */
  cells?: number;
}

export const EXCEL_SNAPSHOT_LIMITS: SnapshotLimits = {
  host: 'Excel',
  rows: 1_048_576,
  columns: 16_384,
};
export const SHEETS_SNAPSHOT_LIMITS: SnapshotLimits = {
  host: 'Google Sheets',
  columns: 18_278,
  cells: 10_000_000,
};

/** One save, as the pane reports it. */
export interface SnapshotSave {
  sheetName: string;
  date: string;
  /** Deals saved under the date. */
  rows: number;
  /** The saved columns' headers (the date column left out). */
  headers: string[];
  /** Rows of an earlier save of the same date that this save replaced (0: a new date). */
  replaced: number;
  /** Dates now saved, oldest first. */
  dates: string[];
}

/** A saved date and its deals. */
export interface SavedSnapshot {
  date: string;
  rows: number;
}

/** The date in column A as YYYY-MM-DD ('' when it is not one). */
export function snapshotDateOf(v: CellValue | undefined): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v !== 'string') return '';
  const text = v.trim().replace(/^'/, '');
  return Number.isNaN(parseIsoDay(text)) ? '' : text;
}

/**
 * The rows a save keeps: under the headers of the mapped fields (key,
 * opportunity, account, owner, stage, amount, currency, probability, close
 * and created dates, category, status...), the key column (a deal id, else
 * the opportunity column: the same choice the bridge makes) and the segment
 * columns in use, in the sheet's column order. Blank rows are left out.
 */
export function snapshotRows(
  sheet: SourceSheet,
  settings: ForecastSettings,
): { headers: string[]; rows: CellValue[][] } {
  const prep = prepareSheet(sheet, settings);
  const { headers, map } = prep;
  const cols = new Set<number>();
  for (const c of Object.values(map.col)) if (c >= 0) cols.add(c);
  if (map.closedFlagCol >= 0) cols.add(map.closedFlagCol);
  for (const c of map.segmentCols) if (c >= 0) cols.add(c);
  for (const s of settings.segmentBy ?? []) {
    if (normalizeLabel(s) === normalizeLabel(TIER_SEGMENT)) continue;
    const c = headers.findIndex((h) => normalizeLabel(h) === normalizeLabel(s));
    if (c >= 0) cols.add(c);
  }
  const keys = headers.map(headerKey);
  const keyCol = KEY_HEADERS.map((k) => keys.indexOf(k)).find((c) => c >= 0);
  if (keyCol !== undefined) cols.add(keyCol);
  const order = [...cols].sort((a, b) => a - b);
  const rows: CellValue[][] = [];
  for (let r = prep.headerIndex + 1; r < sheet.values.length; r++) {
    const src = sheet.values[r]!;
    const row = order.map((c) => src[c] ?? null);
    if (row.every((v) => isBlank(v))) continue;
    rows.push(row);
  }
  return { headers: order.map((c) => headers[c]!), rows };
}

/** The dates saved in a FF Snapshots grid, oldest first, with their deals. */
export function savedSnapshots(grid: Grid): SavedSnapshot[] {
  const counts = new Map<string, number>();
  for (let r = 1; r < grid.length; r++) {
    const d = snapshotDateOf(grid[r]![0]);
    if (d) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, rows]) => ({ date, rows }));
}

/**
 * The FF Snapshots grid after saving `rows` (under `headers`) as `date`:
 * the earlier rows of every other date kept in place, the rows of `date`
 * dropped, the new ones appended; new headers widen the header row.
 */
export function mergeSnapshot(
  existing: Grid,
  date: string,
  headers: readonly string[],
  rows: readonly CellValue[][],
): { grid: Grid; replaced: number } {
  if (Number.isNaN(parseIsoDay(date))) {
    throw new Error('Set the as-of date (YYYY-MM-DD) first: it is the snapshot date.');
  }
  const oldHeaders = existing.length
    ? existing[0]!.slice(1).map((h) => (h === null || h === undefined ? '' : String(h)))
    : [];
  const union = [...oldHeaders];
  for (const h of headers) if (!union.includes(h)) union.push(h);
  const width = 1 + union.length;
  const grid: Grid = [[SNAPSHOT_DATE_HEADER, ...union]];
  let replaced = 0;
  for (let r = 1; r < existing.length; r++) {
    const row = existing[r]!;
    const d = snapshotDateOf(row[0]);
    if (d === date) {
      replaced++;
      continue;
    }
    if (row.every((v) => isBlank(v))) continue;
    const out: CellValue[] = new Array(width).fill(null);
    for (let c = 0; c < width && c < row.length; c++) out[c] = row[c] ?? null;
    out[0] = d || row[0] || null;
    grid.push(out);
  }
  const at = headers.map((h) => 1 + union.indexOf(h));
  for (const row of rows) {
    const out: CellValue[] = new Array(width).fill(null);
    out[0] = date;
    at.forEach((c, i) => (out[c] = row[i] ?? null));
    grid.push(out);
  }
  return { grid, replaced };
}

/**
 * Refuses a save that would pass the host's limits, before anything is
 * written. `otherCells` counts the cells of every other sheet (Sheets).
 */
export function checkSnapshotLimits(
  limits: SnapshotLimits,
  rows: number,
  columns: number,
  otherCells = 0,
): void {
  const fix =
    'Nothing was written. Keep fewer dates in FF Snapshots (delete the oldest rows), or keep the snapshots as exported files and compare them on the standalone page or with the command line.';
  const n = (x: number) => x.toLocaleString('en-US');
  if (limits.rows !== undefined && rows > limits.rows) {
    throw new Error(
      `This snapshot would make ${SNAPSHOT_SHEET} ${n(rows)} rows long; ${limits.host} holds ${n(limits.rows)} rows per sheet. ${fix}`,
    );
  }
  if (columns > limits.columns) {
    throw new Error(
      `This snapshot would make ${SNAPSHOT_SHEET} ${n(columns)} columns wide; ${limits.host} holds ${n(limits.columns)} columns per sheet. ${fix}`,
    );
  }
  if (limits.cells !== undefined && otherCells + rows * columns > limits.cells) {
    throw new Error(
      `This snapshot would bring the spreadsheet to ${n(otherCells + rows * columns)} cells (${SNAPSHOT_SHEET}: ${n(rows)} rows x ${n(columns)} columns); ${limits.host} holds ${n(limits.cells)} cells per spreadsheet. ${fix}`,
    );
  }
}

/**
 * The saved snapshots a run compares with: every date up to `compareWith`
 * (that date is the bridge's *from*; the earlier ones feed the Trend table).
 * Each comes back as its own sheet with only the columns its save filled,
 * its rows numbered as FF Snapshots numbers them (grid row 0 = sheet row 1).
 */
export function snapshotsFromGrid(grid: Grid, compareWith: string): SnapshotSource[] {
  const want = compareWith.trim();
  const saved = savedSnapshots(grid);
  if (!saved.some((s) => s.date === want)) {
    const dates = saved.map((s) => s.date).join(', ');
    throw new Error(
      saved.length
        ? `No snapshot saved for ${want} in ${SNAPSHOT_SHEET}; the saved dates are ${dates}.`
        : `No snapshot is saved in ${SNAPSHOT_SHEET} yet: save one first ("Save snapshot").`,
    );
  }
  const headers = (grid[0] ?? []).map((h) => (h === null || h === undefined ? '' : String(h)));
  const groups = new Map<string, number[]>();
  for (let r = 1; r < grid.length; r++) {
    const d = snapshotDateOf(grid[r]![0]);
    if (!d || d > want) continue;
    let g = groups.get(d);
    if (!g) groups.set(d, (g = []));
    g.push(r);
  }
  return [...groups.keys()].sort().map((date) => {
    const at = groups.get(date)!;
    const rows = at.map((r) => grid[r]!);
    // A save is one block of rows: issues and Deal changes then name the row of
    // FF Snapshots that holds the deal (the header counts as the row above the
    // block). Rows sorted apart by the user are numbered from 2 instead.
    const block = at[at.length - 1]! - at[0]! + 1 === at.length;
    const headerRow = block ? at[0]! : 1;
    const cols: number[] = [];
    for (let c = 1; c < headers.length; c++) {
      if (rows.some((row) => !isBlank(row[c]))) cols.push(c);
    }
    const values: Grid = [cols.map((c) => headers[c]!)];
    for (const row of rows) values.push(cols.map((c) => row[c] ?? null));
    const name = `${SNAPSHOT_SHEET} ${date}`;
    return {
      sheet: { name, values, firstRow: headerRow },
      asOf: date,
      name,
      settings: { headerRow },
    };
  });
}

/**
 * A save, planned whole before anything is written: the source's snapshot
 * columns under `settings.asOf`, merged into the existing FF Snapshots grid
 * and checked against the host's limits (`otherCells`: cells of the other
 * sheets, for a host that counts the whole spreadsheet). Throws with the
 * reason when it cannot be saved; the host then writes nothing.
 */
export function planSnapshotSave(
  existing: Grid,
  sheet: SourceSheet,
  settings: ForecastSettings,
  limits: SnapshotLimits | null,
  otherCells = 0,
): { grid: Grid; save: SnapshotSave } {
  const date = (settings.asOf ?? '').trim();
  if (Number.isNaN(parseIsoDay(date))) {
    throw new Error('Set the as-of date (YYYY-MM-DD) first: a snapshot is saved under it.');
  }
  const { headers, rows } = snapshotRows(sheet, settings);
  if (rows.length === 0) throw new Error(`${sheet.name} has no deals to save as a snapshot.`);
  const { grid, replaced } = mergeSnapshot(existing, date, headers, rows);
  if (limits) checkSnapshotLimits(limits, grid.length, grid[0]!.length, otherCells);
  return {
    grid,
    save: {
      sheetName: SNAPSHOT_SHEET,
      date,
      rows: rows.length,
      headers,
      replaced,
      dates: savedSnapshots(grid).map((s) => s.date),
    },
  };
}
