import type { CellValue, Grid } from '../../core/cells';
import type { SourceSheet } from '../../core';
import type { SourceRef } from '../../core';
import { PAYLOAD_BUDGET_BYTES } from './batch';
import { isDateFormat } from '../../core/read/date';
import { jsonBytes, serialToDate } from './excel-values';

/** Rows in the first read: enough to measure a row's size, small enough to fit any sheet. */
export const PROBE_ROWS = 1000;
/** Headroom over the largest row seen so far when sizing the next chunk. */
const SAFETY = 1.25;

function locate(context: Excel.RequestContext, source: SourceRef): Excel.Range {
  switch (source.kind) {
    case 'selection': {
      // Whole columns (A:H) mean the data in them, not 1,048,576 rows of blanks.
      const selected = context.workbook.getSelectedRange();
      return selected.getIntersectionOrNullObject(selected.worksheet.getUsedRange(true));
    }
    case 'table':
      return context.workbook.tables.getItem(source.id).getRange();
    case 'sheet':
      return context.workbook.worksheets.getItem(source.id).getUsedRangeOrNullObject(true);
  }
}

/**
 * Excel hands a date as its serial number; the cell's number format says it is
 * a date. Such cells become Date objects (UTC midnight, plus the time of day
 * when there is one), as Sheets hands them over and as the core's own tests
 * write them, so every host feeds the engine the same values.
 */
function withDates(row: CellValue[], formats: string[], cache: Map<string, boolean>): CellValue[] {
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (typeof v !== 'number') continue;
    const format = formats[c] ?? 'General';
    let isDate = cache.get(format);
    if (isDate === undefined) {
      isDate = isDateFormat(format);
      cache.set(format, isDate);
    }
    if (isDate) row[c] = serialToDate(v);
  }
  return row;
}

function describe(source: SourceRef): string {
  if (source.kind === 'table') return `The table "${source.id}"`;
  if (source.kind === 'sheet') return `The sheet "${source.id}"`;
  return 'The selection';
}

/** Excel on the web's answer to a request or response over 5 MB. */
export function isPayloadLimitError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return /PayloadSizeLimitExceeded/i.test(code);
}

/**
 * Reads a source range with its values and number formats (so date columns
 * are recognised) in a fixed number of syncs: one for the range's position,
 * one for a first chunk of rows, then one per ~4 MB, sized from the rows
 * already read. A chunk Excel still finds too large is split and retried.
 */
export async function readSourceSheet(
  context: Excel.RequestContext,
  source: SourceRef,
): Promise<SourceSheet> {
  const range = locate(context, source);
  range.load('address,rowIndex,columnIndex,rowCount,columnCount');
  try {
    await context.sync();
  } catch (error) {
    throw new Error(
      `${describe(source)} cannot be read (${(error as Error).message}); choose the source again.`,
    );
  }
  if (range.isNullObject) return { name: source.id, values: [], numberFormats: [], firstRow: 1 };

  const name = source.kind === 'selection' ? range.address : source.id;
  const { rowIndex, columnIndex, rowCount, columnCount } = range;
  const sheet = range.worksheet;
  const values: Grid = [];
  const numberFormats: string[][] = [];
  const dateFormats = new Map<string, boolean>();
  let chunkRows = Math.min(rowCount, PROBE_ROWS);
  let bytesPerRow = 0;
  let start = 0;
  while (start < rowCount) {
    const n = Math.min(chunkRows, rowCount - start);
    const part = sheet
      .getRangeByIndexes(rowIndex + start, columnIndex, n, columnCount)
      .load('values,numberFormat');
    try {
      await context.sync();
    } catch (error) {
      if (!isPayloadLimitError(error) || n === 1) throw error;
      chunkRows = Math.ceil(n / 2);
      continue;
    }
    const partValues = part.values as CellValue[][];
    const partFormats = part.numberFormat as string[][];
    bytesPerRow = Math.max(bytesPerRow, (jsonBytes(partValues) + jsonBytes(partFormats)) / n);
    for (let i = 0; i < n; i++) {
      values.push(withDates(partValues[i]!, partFormats[i]!, dateFormats));
      numberFormats.push(partFormats[i]!);
    }
    chunkRows = Math.max(1, Math.floor(PAYLOAD_BUDGET_BYTES / (bytesPerRow * SAFETY)));
    start += n;
  }
  return { name, values, numberFormats, firstRow: rowIndex + 1 };
}

/**
 * Reads targets or rates: a table name, a named range, or an A1 address
 * ("Targets!A1:C20", or "A1:C20" on the active sheet). Two syncs.
 */
export async function readRangeValues(
  context: Excel.RequestContext,
  address: string,
): Promise<Grid> {
  const text = address.trim();
  const table = context.workbook.tables.getItemOrNullObject(text);
  const named = context.workbook.names.getItemOrNullObject(text);
  await context.sync();
  let range: Excel.Range;
  if (!table.isNullObject) range = table.getRange();
  else if (!named.isNullObject) range = named.getRange();
  else {
    const bang = text.lastIndexOf('!');
    const sheetName =
      bang < 0
        ? null
        : text
            .slice(0, bang)
            .replace(/^'(.*)'$/, '$1')
            .replace(/''/g, "'");
    const cells = bang < 0 ? text : text.slice(bang + 1);
    const sheet =
      sheetName === null
        ? context.workbook.worksheets.getActiveWorksheet()
        : context.workbook.worksheets.getItem(sheetName);
    range = sheet.getRange(cells);
  }
  range.load('values');
  try {
    await context.sync();
  } catch (error) {
    throw new Error(
      `"${text}" is not a table, a named range or a cell address like Targets!A1:C20 (${(error as Error).message}).`,
    );
  }
  return range.values as CellValue[][];
}
