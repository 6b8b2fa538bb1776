/**
 * One rule for how an output column looks in a spreadsheet: the Excel-style
 * number-format code of each column (format, currency, decimals). The XLSX
 * writer, the Excel add-in and the Sheets add-on all write this code.
 */
import type { OutputColumn } from './output';

/** Default decimals by column format, where the column does not say. */
const DEFAULT_DECIMALS = { integer: 0, number: 2, currency: 2, percent: 1 } as const;

/** What cannot stand inside a quoted literal of a format code: the quote, a backslash, control characters. */
// eslint-disable-next-line no-control-regex
const NOT_IN_LITERAL = /["\\\u0000-\u001f]/g;

function digits(decimals: number): string {
  const d = Math.max(0, Math.min(10, Math.floor(decimals)));
  return d === 0 ? '' : `.${'0'.repeat(d)}`;
}

/** The whole-number part: grouped by thousands unless the column says not (a year). */
function whole(column: OutputColumn): string {
  return column.grouping === false ? '0' : '#,##0';
}

/**
 * The number-format code of a column: '@' for text, an accounting format for
 * money with the currency named and negatives in brackets ("USD "#,##0.00_);("USD "#,##0.00)),
 * '0.0%' for percentages, '#,##0' for whole numbers (counts, days), '0' for a year, 'yyyy-mm-dd' for dates.
 */
export function numberFormatOf(column: OutputColumn): string {
  switch (column.format) {
    case 'text':
      return '@';
    case 'date':
      return 'yyyy-mm-dd';
    case 'percent':
      return `0${digits(column.decimals ?? DEFAULT_DECIMALS.percent)}%`;
    case 'integer':
      return `${whole(column)}${digits(column.decimals ?? DEFAULT_DECIMALS.integer)}`;
    case 'number':
      return `${whole(column)}${digits(column.decimals ?? DEFAULT_DECIMALS.number)}`;
    case 'currency': {
      const body = `#,##0${digits(column.decimals ?? DEFAULT_DECIMALS.currency)}`;
      const code = (column.currency ?? '').replace(NOT_IN_LITERAL, '').trim().slice(0, 12);
      const lit = code ? `"${code} "` : '';
      return `${lit}${body}_);(${lit}${body})`;
    }
  }
}
