import type { CellValue } from '../../core/cells';
import { looksLikeFormula } from '../../core/text';

/** Days from Excel's day zero (1899-12-30, which absorbs the 1900 leap-year bug) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;

/** A Date (UTC midnight in output tables) as an Excel date serial number; the time of day is kept as a fraction. */
export function dateToSerial(date: Date): number {
  return date.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

export function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY));
}

/**
 * One output value as Excel's `values` setter must receive it. Excel parses
 * strings the way it parses typing: "=..." becomes a formula, "'..." loses its
 * apostrophe. A leading apostrophe makes Excel store the rest as literal text,
 * so formula-looking text (and text that starts with an apostrophe) gets one.
 * Blank is "" because null in a values array means "leave this cell as it is".
 */
export function toExcelValue(value: CellValue): string | number | boolean {
  if (value === null) return '';
  if (value instanceof Date) return dateToSerial(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'string' && (looksLikeFormula(value) || value.startsWith("'"))) {
    return `'${value}`;
  }
  return value;
}

/** Byte size of a JSON payload as it travels to Excel (UTF-8). */
export function jsonBytes(payload: unknown): number {
  return utf8Length(JSON.stringify(payload));
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
