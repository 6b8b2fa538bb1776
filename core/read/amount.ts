/**
 * Amounts as deal sheets really hold them: "USD 485,000.00", "(1,000)", "12.5万",
 * "1.234.567,89"; the currency a cell names; the decimal separator a column uses,
 * decided from its values as a whole (docs/engine.md).
 */
import { isBlankValue } from './blank';

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export interface ParsedAmount {
  value: number;
  /** ISO code written in or next to the number ("USD 485", "$485", "¥1,200"), else null. */
  currency: string | null;
}

/** Currency symbols and words to ISO codes. "¥" is read as CNY: this product's users are mostly in China. */
const CURRENCY_WORDS: ReadonlyMap<string, string> = new Map([
  ['$', 'USD'],
  ['us$', 'USD'],
  ['usd', 'USD'],
  ['€', 'EUR'],
  ['eur', 'EUR'],
  ['£', 'GBP'],
  ['gbp', 'GBP'],
  ['¥', 'CNY'],
  ['rmb', 'CNY'],
  ['cny', 'CNY'],
  ['元', 'CNY'],
  ['人民币', 'CNY'],
  ['jp¥', 'JPY'],
  ['jpy', 'JPY'],
  ['円', 'JPY'],
  ['hk$', 'HKD'],
  ['a$', 'AUD'],
  ['c$', 'CAD'],
  ['s$', 'SGD'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['chf', 'CHF'],
]);

/** Reads a currency cell ("usd", "$", "人民币") into an ISO code; null when blank. */
export function parseCurrency(value: unknown): string | null {
  if (isBlankValue(value)) return null;
  const t = String(value).normalize('NFKC').trim();
  const known = CURRENCY_WORDS.get(t.toLowerCase());
  if (known) return known;
  return /^[A-Za-z]{3}$/.test(t) ? t.toUpperCase() : t;
}

const MULTIPLIERS: ReadonlyMap<string, number> = new Map([
  ['k', 1e3],
  ['千', 1e3],
  ['m', 1e6],
  ['mm', 1e6],
  ['mn', 1e6],
  ['bn', 1e9],
  ['万', 1e4],
  ['萬', 1e4],
  ['亿', 1e8],
  ['億', 1e8],
  ['百万', 1e6],
]);

const AMOUNT_RE =
  /^(?<pre>[^\d\s.,+\-(]*)\s*(?<num>[+-]?\s*(?:\d[\d,.' ]*)?\d(?:[.,]\d+)?|[+-]?\.\d+)\s*(?<mult>万|萬|亿|億|百万|千|k|mm|mn|bn|m)?\s*(?<post>[^\d\s]*)$/i;

/** The result of reading one amount cell: a number, a blank, or the reason it is not an amount. */
export type AmountResult = ParsedAmount | null | { error: string };

/**
 * The largest amount (in absolute value) the engine accepts: 1e15, a million
 * billion. Sums of a million such amounts stay far inside a double's range, so
 * no total, JSON document or workbook can hold Infinity or NaN.
 */
export const AMOUNT_LIMIT = 1e15;
const LIMIT_ERROR = { error: 'above the limit of 1,000,000,000,000,000 (1e15)' } as const;

/** Which character separates the decimals in number text: '.' (1,234.56) or ',' (1.234,56). */
export type DecimalSeparator = '.' | ',';

/**
 * Reads an amount. Numbers pass through; text may carry a currency code or
 * symbol before or after, thousands separators, a decimal comma ("1.234,56"),
 * parentheses or a minus for negatives, and a multiplier (k, M, 万, 亿).
 * `decimal` settles the text a single separator leaves ambiguous: with ','
 * "2.000" is 2000 and "1,500" is 1.5; with '.' (the default) 2 and 1500. An
 * amount beyond AMOUNT_LIMIT is an error, not a number.
 */
export function parseAmount(value: unknown, decimal: DecimalSeparator = '.'): AmountResult {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { error: 'not a finite number' };
    return value <= AMOUNT_LIMIT && value >= -AMOUNT_LIMIT
      ? { value, currency: null }
      : LIMIT_ERROR;
  }
  if (isBlankValue(value)) return null;
  if (typeof value !== 'string') {
    return { error: typeof value === 'boolean' ? 'a TRUE/FALSE value' : 'a date' };
  }
  // Group and decimal characters by the column's separator: "1,234.5" or "1.234,5".
  const quick = decimal === '.' ? quickAmount(value, 44, 46) : quickAmount(value, 46, 44);
  if (quick) return quick;
  let text = value.normalize('NFKC').trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    negative = true;
    text = paren[1]!.trim();
  }
  // A minus may stand before the currency: "-$1,200".
  if (/^[-−]/.test(text) && !/^[-−]\s*\d/.test(text)) {
    negative = !negative;
    text = text.slice(1).trim();
  }
  const m = AMOUNT_RE.exec(text);
  if (!m?.groups) return { error: 'not an amount' };
  const pre = (m.groups.pre ?? '').trim().toLowerCase();
  const post = (m.groups.post ?? '').trim().toLowerCase();
  if (pre && post) return { error: 'not an amount' };
  const word = pre || post;
  let currency: string | null = null;
  if (word) {
    currency = CURRENCY_WORDS.get(word) ?? (/^[a-z]{3}$/.test(word) ? word.toUpperCase() : null);
    if (!currency) return { error: 'not an amount' };
  }
  const n = readNumber(m.groups.num!.replace(/\s+/g, ''), decimal);
  if (n === null) return { error: 'not an amount' };
  const mult = m.groups.mult ? MULTIPLIERS.get(m.groups.mult.toLowerCase())! : 1;
  // Multiply through a decimal string so 12.5万 is exactly 125000.
  let v = mult === 1 ? n : Number((n * mult).toPrecision(15));
  if (!(v <= AMOUNT_LIMIT)) return LIMIT_ERROR;
  if (negative) v = -v;
  return { value: v, currency };
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];
/** Three-letter codes met by quickAmount, by (c0 c1 c2) in base 26. */
const QUICK_CODES: (string | undefined)[] = new Array<string | undefined>(26 * 26 * 26);

/**
 * The common shapes without a regex: "1234.56", "1,234,567.89", "USD 1,234.00",
 * "$1,234" (groupChar ',' and pointChar '.'; the other way round for a
 * decimal-comma column: "1.234,56"). Anything else (or anything doubtful,
 * such as "0,500") goes to the full reader.
 */
function quickAmount(t: string, groupChar: number, pointChar: number): ParsedAmount | null {
  const n = t.length;
  let i = 0;
  let currency: string | null = null;
  const c0 = t.charCodeAt(0);
  if (c0 === 36) {
    currency = 'USD'; // "$"
    i = 1;
  } else if (c0 >= 65 && c0 <= 90) {
    if (n < 5 || t.charCodeAt(3) !== 32) return null;
    const c1 = t.charCodeAt(1);
    const c2 = t.charCodeAt(2);
    if (c1 < 65 || c1 > 90 || c2 < 65 || c2 > 90) return null;
    // One string per code, not a slice per cell.
    const key = (c0 - 65) * 676 + (c1 - 65) * 26 + (c2 - 65);
    currency = QUICK_CODES[key] ??= t.slice(0, 3);
    i = 4;
  }
  let intPart = 0;
  let digits = 0;
  let groupLen = -1; // digits since the last comma; -1 before any comma
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      intPart = intPart * 10 + (c - 48);
      digits++;
      if (groupLen >= 0) groupLen++;
    } else if (c === groupChar) {
      if (
        digits === 0 ||
        intPart === 0 ||
        (groupLen >= 0 && groupLen !== 3) ||
        (groupLen < 0 && digits > 3)
      )
        return null;
      groupLen = 0;
    } else break;
  }
  if (digits === 0 || digits > 15 || (groupLen >= 0 && groupLen !== 3)) return null;
  if (i === n) return { value: intPart, currency };
  if (t.charCodeAt(i) !== pointChar) return null;
  const start = i + 1;
  if (start === n || n - start > 6) return null;
  for (let k = start; k < n; k++) {
    const c = t.charCodeAt(k);
    if (c < 48 || c > 57) return null;
  }
  // Number() of the digits gives the correctly rounded decimal, as the full reader does.
  let scaled = intPart;
  for (let k = start; k < n; k++) scaled = scaled * 10 + (t.charCodeAt(k) - 48);
  // Both exact integers below 2^53, so one correctly rounded division gives
  // the same double as Number("int.frac"), without building that string.
  if (scaled <= Number.MAX_SAFE_INTEGER) return { value: scaled / POW10[n - start]!, currency };
  return { value: Number(`${intPart}.${t.slice(start)}`), currency };
}

/**
 * "1,234.56", "1.234,56", "1 234", "1'234.5", "12,5" into a number; null when
 * malformed. Both separators: the later one is the decimal one. One kind
 * repeated ("1,234,567", "1.234.567"): thousands. One separator once: with
 * `decimal` '.', "1,500" is 1500 and "2.000" is 2 (three digits after a comma
 * are a group, other counts a decimal comma, "12,5"); with ',', "1,500" is 1.5
 * and "2.000" is 2000 (a dot before three digits is a group, "12.5" stays 12.5).
 */
function readNumber(raw: string, decimal: DecimalSeparator): number | null {
  let s = raw.replace(/[' ]/g, '');
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // The later separator is the decimal one.
    if (lastComma > lastDot) s = s.replace(/\./g, '').replace(',', '.');
    else s = s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const groups = s.split(',');
    // Thousands groups: one to three leading digits, not a lone 0 ("0,500" is a decimal comma).
    const lead = groups[0]!.replace(/^[+-]/, '');
    const thousands =
      lead.length >= 1 &&
      lead.length <= 3 &&
      lead !== '0' &&
      groups.slice(1).every((g) => g.length === 3);
    if (groups.length === 2 && (decimal === ',' || !thousands)) s = s.replace(',', '.');
    else if (thousands) s = s.replace(/,/g, '');
    else return null;
  } else if (lastDot >= 0 && s.indexOf('.') !== lastDot) {
    // "1.234.567": dots as thousands separators.
    if (
      !s
        .split('.')
        .slice(1)
        .every((g) => g.length === 3)
    )
      return null;
    s = s.replace(/\./g, '');
  } else if (
    lastDot >= 0 &&
    decimal === ',' &&
    s.length - lastDot === 4 &&
    /\d/.test(s.slice(0, lastDot))
  ) {
    // "2.000" in a decimal-comma column: a thousands dot.
    if (!/^[+-]?(0|\d{4,})\./.test(s)) s = s.replace('.', '');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  // 309 digits or more overflow to Infinity: above the limit, said as such by parseAmount.
  return Number(s);
}

/** What one cell says about its column's decimal separator (see separatorVote). */
export const SEPARATOR_NONE = 0;
export const SEPARATOR_POINT = 1;
export const SEPARATOR_COMMA = 2;
/** One separator before exactly three digits ("2.000", "1,500"): either reading is possible. */
export const SEPARATOR_EITHER = 3;

/**
 * What a cell says about the decimal separator, from its characters alone (no
 * allocation): "1.234,56", "12,5", "1.234.567" say comma; "1,234.56", "12.5",
 * "1,234,567" say point; "2.000" or "1,500" could be either; numbers and text
 * without separators say nothing.
 */
export function separatorVote(v: unknown): number {
  if (typeof v !== 'string') return SEPARATOR_NONE;
  const n = v.length;
  let commas = 0;
  let dots = 0;
  let last = -1; // position of the last separator
  let lastIsComma = false;
  let sawComma = -1;
  let sawDot = -1;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c === 44) {
      commas++;
      sawComma = i;
      last = i;
      lastIsComma = true;
    } else if (c === 46) {
      dots++;
      sawDot = i;
      last = i;
      lastIsComma = false;
    }
  }
  if (last < 0) return SEPARATOR_NONE;
  if (commas && dots) return sawComma > sawDot ? SEPARATOR_COMMA : SEPARATOR_POINT;
  // Digits right after the separator, and the digit run right before it.
  let after = 0;
  for (let i = last + 1; i < n && isDigitCode(v.charCodeAt(i)); i++) after++;
  let before = 0;
  for (let i = last - 1; i >= 0 && isDigitCode(v.charCodeAt(i)); i--) before++;
  if (before === 0 && after === 0) return SEPARATOR_NONE; // not a number's separator
  if (commas > 1 || dots > 1) return lastIsComma ? SEPARATOR_POINT : SEPARATOR_COMMA;
  const decimalVote = lastIsComma ? SEPARATOR_COMMA : SEPARATOR_POINT;
  // "0.500", ".5", "1234.567" cannot be thousands groups.
  const leadingZero = before === 1 && v.charCodeAt(last - 1) === 48;
  if (after !== 3 || before === 0 || before > 3 || leadingZero) return decimalVote;
  return SEPARATOR_EITHER;
}

/** A column's decimal separator as decided from its values, with the evidence. */
export interface SeparatorDecision {
  separator: DecimalSeparator;
  /** 'values' when cells decided it, 'hint' when the file's delimiter did, 'user' for the setting, 'default' otherwise. */
  how: 'values' | 'hint' | 'user' | 'default';
  point: number;
  comma: number;
  /** Cells readable either way ("2.000"), and the first of them. */
  either: number;
  example?: string;
}

/**
 * Decides a column's decimal separator from its cells (a sample of them for a
 * long column): the majority of the cells that say which; when none says
 * (only cells like "2.000"), a ';' field delimiter hints at a decimal comma,
 * anything else at a decimal point.
 */
export function decideDecimalSeparator(
  values: Iterable<unknown>,
  hint: { delimiter?: string; user?: DecimalSeparator } = {},
): SeparatorDecision {
  let point = 0;
  let comma = 0;
  let either = 0;
  let example: string | undefined;
  for (const v of values) {
    const vote = separatorVote(v);
    if (vote === SEPARATOR_POINT) point++;
    else if (vote === SEPARATOR_COMMA) comma++;
    else if (vote === SEPARATOR_EITHER) {
      if (either++ === 0) example = String(v);
    }
  }
  const base = { point, comma, either, example };
  if (hint.user) return { separator: hint.user, how: 'user', ...base };
  if (comma > point) return { separator: ',', how: 'values', ...base };
  if (point > comma) return { separator: '.', how: 'values', ...base };
  if (either > 0 || comma > 0) {
    return { separator: hint.delimiter === ';' ? ',' : '.', how: 'hint', ...base };
  }
  return { separator: '.', how: 'default', ...base };
}
