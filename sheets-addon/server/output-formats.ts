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

/** 1-based column number to letters: 1 -> A, 27 -> AA. */
export function columnLetters(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
