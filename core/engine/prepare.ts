/**
 * Before pass 1: the sheet's header row found (or the user's taken) and its
 * columns mapped to deal fields (core/engine/headers.ts); a sheet with no
 * deal column refused with a one-line message.
 */
import { cellsOf, headRows, rowAt, type CellSource } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { findHeaderRow, mapColumns, uniqueHeaders } from './headers';
import type { ForecastSettings, SourceSheet } from './types';

/** Segment name that groups by the account's pyramid tier (a computed column). */
export const TIER_SEGMENT = 'Tier';

export interface PreparedSheet {
  /** The sheet's cells (its reader's columns, or its grid). */
  cells: CellSource;
  headerIndex: number;
  headerRow: number;
  headers: string[];
  map: ReturnType<typeof mapColumns>;
}

export function prepareSheet(sheet: SourceSheet, settings: ForecastSettings): PreparedSheet {
  const cells = cellsOf(sheet);
  const rows = cells.rows;
  if (!rows) {
    throw new FunnelError(
      '#VALUE!',
      `${sheet.name} is empty: select a deal sheet with a header row.`,
    );
  }
  const firstRow = sheet.firstRow ?? 1;
  const notes: string[] = [...(sheet.fileNotes ?? [])];
  let headerIndex: number;
  if (settings.headerRow !== undefined && settings.headerRow !== null) {
    headerIndex = chosenHeaderIndex(sheet, rows, settings.headerRow);
  } else {
    const userHeaders = Object.values(settings.mapping ?? {}).filter(
      (h): h is string => typeof h === 'string',
    );
    headerIndex = findHeaderRow(headRows(cells, 30), 30, userHeaders);
  }
  let width = 0;
  for (let r = 0; r < rows; r++) {
    const w = cells.width(r);
    if (w > width) width = w;
  }
  const headers = uniqueHeaders(headerIndex >= 0 ? rowAt(cells, headerIndex) : [], width);
  if (headerIndex < 0) {
    notes.push(
      settings.headerRow === 0
        ? `No header row (as set): the columns are named Column 1 to Column ${width} and every row is data; map them (amount=Column 3).`
        : `No header row found: no row among the first 30 names the deal fields (amount, stage, close date...). The columns are named Column 1 to Column ${width} and every row is read as data: map them (amount=Column 3), or give the header row's number (headerRow, --header-row N).`,
    );
  }
  const headerRow = firstRow + headerIndex;
  const map = mapColumns(headers, headerRow, settings.mapping, settings.segmentBy);
  map.report.notes.unshift(...notes);
  return { cells, headerIndex, headerRow, headers, map };
}

/**
 * The sheet has no column the engine can read deals from (no amount, stage,
 * probability, close date or status): a one-line message, else null. A run
 * refuses such a sheet rather than reporting "0 deals".
 */
export function noDealColumns(name: string, prep: PreparedSheet): string | null {
  const c = prep.map.col;
  if (c.amount >= 0 || c.stage >= 0 || c.probability >= 0 || c.closeDate >= 0 || c.status >= 0)
    return null;
  // A sheet without a header row is read as data, its columns mapped by position.
  if (prep.headerIndex < 0) {
    return `${name}: no header row found and no deal column mapped: map the columns by position (amount=Column 3, stage=Column 4, closeDate=Column 5), or give the header row's number (headerRow, --header-row N).`;
  }
  const shown = prep.headers.filter((h) => h.trim() !== '').slice(0, 6);
  const more = prep.headers.length > shown.length ? ', ...' : '';
  return `${name}: no deal column found (amount, stage, probability, close date or status) in the header row ${prep.headerRow} (${shown.join(', ')}${more}); choose the deal sheet, or map the columns (amount=Header, stage=Header).`;
}

/** The header row the user gave (1-based sheet row; 0 = none) as an index into values. */
function chosenHeaderIndex(sheet: SourceSheet, rows: number, row: number): number {
  const firstRow = sheet.firstRow ?? 1;
  const last = firstRow + rows - 1;
  if (!Number.isInteger(row) || row < 0) {
    throw new FunnelError(
      '#VALUE!',
      `Header row ${describeValue(row)}: give a row number (1 or more), or 0 for a sheet without a header row.`,
    );
  }
  if (row === 0) return -1;
  if (row < firstRow || row > last) {
    throw new FunnelError(
      '#VALUE!',
      `Header row ${row} is outside ${sheet.name} (rows ${firstRow} to ${last}).`,
    );
  }
  return row - firstRow;
}

/**
 * The cell count every data row must have, for a source whose rows hold
 * exactly their records' cells (a CSV): the header row's, else (no header)
 * the first row's. -1 when rows are padded (a spreadsheet range).
 */
export function recordWidth(sheet: SourceSheet, cells: CellSource, headerIndex: number): number {
  if (!sheet.exactRowLengths) return -1;
  if (headerIndex >= 0) return cells.width(headerIndex);
  for (let r = 0; r < cells.rows; r++) if (cells.width(r) > 0) return cells.width(r);
  return -1;
}
