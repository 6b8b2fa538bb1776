import type { ColumnFormat } from '../../core/output';

/** Sheets number formats for the output column formats (locale-neutral patterns). */
export const SHEETS_NUMBER_FORMAT: Record<ColumnFormat, string | null> = {
  // Text cells keep the automatic format: setValues already stores them as text (cell-text.ts).
  text: null,
  integer: '#,##0',
  number: '#,##0.00',
  currency: '#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
};
