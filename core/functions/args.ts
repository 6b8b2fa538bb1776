/**
 * Reading a function argument: rates, one-cell ranges, omitted arguments. Blanks and
 * numbers are read by core/read/ (the one reader the engine shares).
 */
import { FunnelError } from '../errors';
import { isBlank } from '../read/blank';
import { ScaleTally, parseProbability, type ProbabilityScale } from '../probability';

/**
 * A rate in [0, 1] written 0.24, 24 (on the percent scale) or "24%".
 * Blank -> null. The scale comes from the whole argument (detectProbabilityScale).
 */
export function readRate(value: unknown, scale: ProbabilityScale, param: string): number | null {
  if (isBlank(value)) return null;
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
      if (!isBlank(row)) tally.add(row);
      continue;
    }
    for (let c = 0; c < row.length; c++) {
      const v: unknown = row[c];
      if (!isBlank(v)) tally.add(v);
    }
  }
  return tally.scale;
}
