/**
 * The plan arithmetic, one place for the worksheet functions (COVERAGE, OPPS_NEEDED,
 * PRODUCTIVITY), the engine (the Forecast table's gap and coverage, the Reps table's
 * gap, coverage, opportunities needed and velocity, the summary's coverage) and the
 * pane (the run summary's attainment and gap). Each answers
 * null where the question has no answer; the functions turn that null into the error
 * that says why, the tables into an empty cell. Results are cleaned of float noise
 * (core/money.ts clean), so 9.999999999999998 opportunities is 10, not 11 after rounding up.
 */
import { clean } from './money';

/**
 * Pipeline coverage: open / (target - closed). Null when nothing is left to cover
 * (closed already meets the target): the ratio has no meaning there.
 */
export function coverage(open: number, target: number, closed: number): number | null {
  const remaining = clean(target - closed);
  return remaining > 0 ? clean(open / remaining) : null;
}

/**
 * The gap: what the forecast still falls short of the target by, target minus each
 * forecast part in turn (the Forecast table: its weighted amount; the Reps table: closed,
 * then weighted open). Negative when the forecast is above the target.
 */
export function gap(target: number, ...forecast: number[]): number {
  let left = target;
  for (const part of forecast) left -= part;
  return clean(left);
}

/** Attainment: closed / target. Null without a target above 0 (nothing to attain). */
export function attainment(closed: number, target: number): number | null {
  return target > 0 ? clean(closed / target) : null;
}

/**
 * Opportunities needed to close a gap, each won at winRate for dealSize on average,
 * rounded up: ceil(gap / (winRate x dealSize)). No gap (0 or less): 0. Null when an
 * opportunity closes nothing (a zero win rate or deal size).
 */
export function opportunitiesNeeded(gap: number, winRate: number, dealSize: number): number | null {
  if (gap <= 0) return 0;
  const perOpportunity = winRate * dealSize;
  if (!(perOpportunity > 0)) return null;
  return Math.ceil(clean(gap / perOpportunity));
}

/**
 * The performance equation: opportunities x win rate x average deal size, earned over
 * one sales cycle; with cycleDays, per day (sales velocity); with periodDays as well,
 * per period. Null when cycleDays is given and not above 0 (no cycle to divide by).
 * A periodDays without cycleDays is the caller's error to report (it is ignored here).
 */
export function velocity(
  opportunities: number,
  winRate: number,
  dealSize: number,
  cycleDays: number | null = null,
  periodDays: number | null = null,
): number | null {
  let revenue = opportunities * winRate * dealSize;
  if (cycleDays === null) return clean(revenue);
  if (!(cycleDays > 0)) return null;
  revenue /= cycleDays;
  if (periodDays !== null) revenue *= periodDays;
  return clean(revenue);
}
