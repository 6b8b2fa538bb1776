/**
 * Dates as deal sheets really hold them: Excel serial numbers, ISO text,
 * "3/15/2026", "15/03/2026", "2026年3月15日" or Date objects; the day order a column
 * uses, decided from its values as a whole.
 *
 * Dates are handled as whole days since 1970-01-01 (UTC): integers compare,
 * subtract and cache cheaply, and no time zone can shift them.
 */
import { isBlankValue } from './blank';

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

const DAY_MS = 86_400_000;

/** Whole days since 1970-01-01 for a calendar date; NaN when the date does not exist. */
export function dayNumber(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000 || year > 9999) return NaN;
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return NaN;
  return ms / DAY_MS;
}

/** Date at UTC midnight for a day number. */
export function dateOfDay(day: number): Date {
  return new Date(day * DAY_MS);
}

/** ISO "YYYY-MM-DD" of a day number. */
export function isoOfDay(day: number): string {
  return dateOfDay(day).toISOString().slice(0, 10);
}

/** Parses "YYYY-MM-DD" strictly (settings.asOf). */
/** Exactly YYYY-MM-DD and a real calendar day (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(parseIsoDay(text));
}

export function parseIsoDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? dayNumber(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
}

/** Day 0 of Excel's 1900 date system is 1899-12-30 for serials above 60 (Lotus's leap-year bug). */
const EXCEL_EPOCH_DAY = -25569;

/**
 * Excel serial number to a day number. Serial 60 is Excel's 1900-02-29, a day
 * that never existed (kept from Lotus 1-2-3): it is rejected; serials 1-59 sit
 * one day later than the linear rule gives.
 */
export function dayFromSerial(serial: number): number {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return NaN;
  const whole = Math.floor(serial);
  if (whole === 60) return NaN;
  return whole < 60 ? EXCEL_EPOCH_DAY + whole + 1 : EXCEL_EPOCH_DAY + whole;
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['may', 5],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['sept', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
]);

export type DayOrder = 'month-first' | 'day-first';

const YMD_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/;
const CJK_RE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/;
const DMY_RE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s.*)?$/;
const NAMED1_RE = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/i; // Mar 15, 2026
const NAMED2_RE = /^(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{4}|\d{2})(?!\d)/i; // 15 Mar 2026, 15-Mar-26

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
}

function monthNamed(name: string): number {
  const k = name.toLowerCase();
  return MONTHS.get(k) ?? MONTHS.get(k.slice(0, 3)) ?? NaN;
}

/** What a column's a/b/yyyy dates say about their order. */
export interface DayOrderEvidence {
  /** Values whose first part is above 12 (only day-first reads them). */
  dayFirst: number;
  /** Values whose second part is above 12 (only month-first reads them). */
  monthFirst: number;
  /** Values such as 01/08/2026 that both orders read, as different dates; the first of them. */
  either: number;
  example?: string;
}

/** Counts the evidence for the day order in a column's a/b/yyyy text dates. */
export function dayOrderEvidence(values: Iterable<unknown>): DayOrderEvidence {
  let dayFirst = 0;
  let monthFirst = 0;
  let either = 0;
  let example: string | undefined;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    // "yyyy-..." (four digits, then a dash) is never a/b/yyyy: skip the regex.
    if (
      v.length >= 5 &&
      v.charCodeAt(4) === 45 &&
      isDigitCode(v.charCodeAt(0)) &&
      isDigitCode(v.charCodeAt(1)) &&
      isDigitCode(v.charCodeAt(2)) &&
      isDigitCode(v.charCodeAt(3))
    )
      continue;
    const m = DMY_RE.exec(v.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dayFirst++;
    else if (b > 12 && a <= 12) monthFirst++;
    else if (a !== b && a >= 1 && b >= 1 && a <= 12 && b <= 12 && either++ === 0)
      example = v.trim();
  }
  return { dayFirst, monthFirst, either, example };
}

/**
 * For a text column of dates, which comes first in "a/b/yyyy": a value with
 * a first part above 12 proves day-first, a second part above 12 month-first.
 * Returns null when nothing in the column decides it.
 */
export function detectDayOrder(values: Iterable<unknown>): DayOrder | null {
  const { dayFirst, monthFirst } = dayOrderEvidence(values);
  if (dayFirst === 0 && monthFirst === 0) return null;
  return dayFirst >= monthFirst ? 'day-first' : 'month-first';
}

/** The result of reading a date cell: a day number, null for a blank, or why it is not a date. */
export type DateResult = number | null | { error: string };

/**
 * Reads a date cell into a day number. Numbers are Excel serials (or yyyymmdd
 * integers such as 20260315); Date objects give their UTC calendar date.
 */
export function parseDateValue(value: unknown, order: DayOrder = 'month-first'): DateResult {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 19000101 && value <= 29991231) {
      const d = dayNumber(Math.floor(value / 10000), Math.floor(value / 100) % 100, value % 100);
      if (!Number.isNaN(d)) return d;
    }
    const d = dayFromSerial(value);
    return Number.isNaN(d) ? { error: 'not a date serial number' } : d;
  }
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? { error: 'an invalid date' } : Math.floor(t / DAY_MS);
  }
  if (isBlankValue(value)) return null;
  if (typeof value !== 'string') return { error: 'not a date' };
  return parseDateText(value.normalize('NFKC').trim(), order);
}

function parseDateText(t: string, order: DayOrder): DateResult {
  let m = YMD_RE.exec(t) ?? CJK_RE.exec(t);
  let d = NaN;
  if (m) {
    d = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  } else if ((m = DMY_RE.exec(t))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(m[3]!);
    d = order === 'day-first' ? dayNumber(y, b, a) : dayNumber(y, a, b);
    if (Number.isNaN(d)) {
      return {
        error:
          order === 'day-first'
            ? 'not a date (this column is read day-first: DD/MM/YYYY)'
            : 'not a date (this column is read month-first: MM/DD/YYYY)',
      };
    }
  } else if ((m = NAMED1_RE.exec(t))) {
    d = dayNumber(Number(m[3]), monthNamed(m[1]!), Number(m[2]));
  } else if ((m = NAMED2_RE.exec(t))) {
    d = dayNumber(fullYear(m[3]!), monthNamed(m[2]!), Number(m[1]));
  } else if (/^\d+(\.\d+)?$/.test(t)) {
    return parseDateValue(Number(t), order);
  } else {
    return { error: 'not a date' };
  }
  return Number.isNaN(d) ? { error: 'not a valid calendar date' } : d;
}

/**
 * "YYYY-MM-DD" (optionally followed by a time) straight from the character
 * codes: the common case of CSV exports, without a regex or a Date.
 * NaN when the text is not in that form or not a real date.
 */
export function fastIsoDay(t: string): number {
  if (t.length < 10 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return NaN;
  if (t.length > 10) {
    const sep = t.charCodeAt(10);
    if (sep !== 84 && sep !== 32) return NaN; // 'T' or ' '
  }
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    y = y * 10 + c;
  }
  const m1 = t.charCodeAt(5) - 48;
  const m2 = t.charCodeAt(6) - 48;
  const d1 = t.charCodeAt(8) - 48;
  const d2 = t.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 1 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 3 || d2 < 0 || d2 > 9) return NaN;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1 || y < 1000) return NaN;
  const yi = y - TABLE_FIRST_YEAR;
  if (yi >= 0 && yi < TABLE_YEARS) {
    // The common case: days from tables, no division.
    const leap = YEAR_LEAP[yi]!;
    const dim = m === 2 ? 28 + leap : MONTH_DAYS[m - 1]!;
    if (d > dim) return NaN;
    return YEAR_START[yi]! + MONTH_START[m - 1]! + (m > 2 ? leap : 0) + d - 1;
  }
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = m === 2 ? (leap ? 29 : 28) : MONTH_DAYS[m - 1]!;
  if (d > dim) return NaN;
  return daysFromCivil(y, m, d);
}

/** Day tables for fastIsoDay over the years deal sheets use. */
const TABLE_FIRST_YEAR = 1900;
const TABLE_YEARS = 300;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_START = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const YEAR_START = new Int32Array(TABLE_YEARS);
const YEAR_LEAP = new Uint8Array(TABLE_YEARS);
for (let i = 0; i < TABLE_YEARS; i++) {
  const y = TABLE_FIRST_YEAR + i;
  YEAR_LEAP[i] = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 1 : 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

for (let i = 0; i < TABLE_YEARS; i++) YEAR_START[i] = daysFromCivil(TABLE_FIRST_YEAR + i, 1, 1);

/** Civil year and month (1-12) of a day number. */
export function yearMonthOfDay(day: number): { year: number; month: number } {
  const d = dateOfDay(day);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** Whether an Excel number format shows a date (has d/m/y outside quotes and is not elapsed time). */
export function isDateFormat(format: string | undefined): boolean {
  if (!format || format === 'General' || format === '@') return false;
  const bare = format.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dy]/i.test(bare) || /m{3,}/i.test(bare) || /(^|[^h:])m{1,2}[^:]*[dy/-]/i.test(bare);
}
