import type { OutputColumn } from '../../core/output';
import { numberFormatOf } from '../../core/output-formats';

/**
 * The Sheets number format of an output column: the one rule of core/output-formats.ts
 * (Sheets reads the same Excel-style codes). Text columns keep the automatic format:
 * setValues already stores them as text (cell-text.ts).
 */
export function sheetsNumberFormat(column: OutputColumn): string | null {
  return column.format === 'text' ? null : numberFormatOf(column);
}
