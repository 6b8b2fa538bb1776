/** Reading one cell of a function argument: numbers, rates, blanks. */
import { isBlank } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { ScaleTally, parseProbability, type ProbabilityScale } from '../probability';

// 1234.5, 1,234.50, -12, +3, .5, 1e6, (1,234.50) for a negative in accounting style.
const NUMBER_TEXT = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * A number from a cell: a number, or numeric text ("1,234.50", full-width digits,
 * "(1,234.50)" as a negative). Blank -> null. Anything else throws #VALUE!
 * naming the value; an infinite or NaN number throws #NUM!.
 */
export function readNumber(value: unknown, param: string): number | null {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new FunnelError('#NUM!', `${param}: ${String(value)} is not a finite number.`, {
      column: param,
      value,
    });
  }
  if (typeof value === 'string') {
    // An empty cell as Excel hands it over (""): as cheap as null, no normalising.
    if (value === '') return null;
    const text = value.normalize('NFKC').trim();
    if (text === '') return null;
    const negative = /^\((.*)\)$/.exec(text);
    const body = negative ? negative[1]!.trim() : text;
    if (/\d/.test(body) && NUMBER_TEXT.test(body) && !(negative && /^[-+]/.test(body))) {
      const n = Number(body.replace(/,/g, ''));
      if (Number.isFinite(n)) return negative ? -n : n;
    }
  } else if (isBlank(value)) {
    return null;
  } else if (value instanceof FunnelError) {
    // An input cell holding an error (handed over by the host): that error, as it is.
    throw value;
  }
  throw new FunnelError(
    '#VALUE!',
    `${param}: ${describeValue(value)} is not a number; write 1234.5 or "1,234.50".`,
    { column: param, value },
  );
}

/** Like readNumber, but a negative number is a #NUM! error. */
export function readNonNegative(value: unknown, param: string): number | null {
  const n = readNumber(value, param);
  if (n !== null && n < 0) {
    throw new FunnelError(
      '#NUM!',
      `${param}: ${describeValue(value)} is negative; give 0 or more.`,
      {
        column: param,
        value,
      },
    );
  }
  return n;
}

/**
 * A rate in [0, 1] written 0.24, 24 (on the percent scale) or "24%".
 * Blank -> null. The scale comes from the whole argument (detectProbabilityScale).
 */
export function readRate(value: unknown, scale: ProbabilityScale, param: string): number | null {
  if (isEmptyCell(value)) return null;
  try {
    return parseProbability(value, scale, param);
  } catch (e) {
    if (e instanceof FunnelError && !e.location) {
      throw new FunnelError(e.code, e.message, { column: param, value });
    }
    throw e;
  }
}

/**
 * null, undefined or "": the blank cells hosts hand over (docs/architecture.md,
 * "Blank cells, host by host": Excel gives "" for an empty cell of a range and
 * null for an omitted argument; Sheets gives "" and undefined, which its adapter
 * turns into null; the CLI gives null). A cheap test for hot loops; text of
 * spaces only is blank too, but goes the longer way (isBlank).
 */
export function isEmptyCell(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/**
 * A one-cell range read as its value. Excel declares every parameter as a range,
 * so a whole-table argument typed as a value ("count", "50%, 80%") or pointing
 * at one blank cell arrives as [[value]].
 */
export function singleValue(arg: unknown): unknown {
  if (Array.isArray(arg) && arg.length === 1) {
    const row: unknown = arg[0];
    if (Array.isArray(row) && row.length === 1) return row[0];
  }
  return arg;
}

/** An optional argument the user left out (omitted, null, a blank value or a blank one-cell range). */
export function isOmitted(arg: unknown): boolean {
  const v = singleValue(arg);
  return !Array.isArray(v) && isBlank(v);
}

/**
 * The probability scale of a whole argument (single value or range), decided
 * by its numbers as a whole (core/probability.ts, the engine's detector too).
 * Scans rows in place: no copy of a million cells; blank cells cost nothing.
 */
export function probabilityScaleOf(arg: unknown): ProbabilityScale {
  const tally = new ScaleTally();
  if (!Array.isArray(arg)) {
    tally.add(arg);
    return tally.scale;
  }
  for (let r = 0; r < arg.length; r++) {
    const row: unknown = arg[r];
    if (!Array.isArray(row)) {
      if (!isEmptyCell(row)) tally.add(row);
      continue;
    }
    for (let c = 0; c < row.length; c++) {
      const v: unknown = row[c];
      if (!isEmptyCell(v)) tally.add(v);
    }
  }
  return tally.scale;
}
