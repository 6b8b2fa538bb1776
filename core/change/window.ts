/**
 * The bridge's window of close dates: one period label in the run's period
 * scheme. The labels are the engine's own (core/engine/periods.ts decides
 * them); a label is accepted when the period namer gives it back for the
 * first and last day it stands for.
 */
import { FunnelError, describeValue } from '../errors';
import { makePeriodNamer } from '../engine/periods';
import type { PeriodKind } from '../engine/types';
import { isoOfDay } from '../read/date';

export interface WindowDays {
  label: string;
  kind: PeriodKind;
  /** First day (inclusive) and the day after the last (exclusive), as day numbers. */
  lo: number;
  hi: number;
}

const DAY_MS = 86_400_000;

function monthStartDay(monthIndex: number): number {
  return Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1) / DAY_MS;
}

/** Kind and month span (first month index = year x 12 + month - 1, months) of a label, before checking. */
function spanOf(
  label: string,
  fiscalYearStart: number,
): { kind: PeriodKind; m0: number; months: number } | null {
  const startOffset = fiscalYearStart - 1;
  // A fiscal year named Y starts in month S of Y - 1 (of Y itself when S = 1).
  const yearStart = (y: number) => (y - (fiscalYearStart === 1 ? 0 : 1)) * 12 + startOffset;
  let m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return { kind: 'month', m0: Number(m[1]) * 12 + month - 1, months: 1 };
  }
  m = /^(FY)?(\d{4})-Q([1-4])$/.exec(label);
  if (m)
    return { kind: 'quarter', m0: yearStart(Number(m[2])) + 3 * (Number(m[3]) - 1), months: 3 };
  m = /^(FY)?(\d{4})$/.exec(label);
  if (m) return { kind: 'year', m0: yearStart(Number(m[2])), months: 12 };
  return null;
}

/**
 * The window a label names (case and spaces ignored), in the scheme of the
 * fiscal year start. Throws a FunnelError that shows the labels this scheme
 * writes when the label is not one of them.
 */
export function windowOfLabel(label: string, fiscalYearStart: number): WindowDays {
  const text = label.replace(/\s+/g, '').toUpperCase();
  const span = spanOf(text, fiscalYearStart);
  if (span) {
    const lo = monthStartDay(span.m0);
    const hi = monthStartDay(span.m0 + span.months);
    const names = makePeriodNamer(span.kind, fiscalYearStart);
    if (names.period(lo) === text && names.period(hi - 1) === text) {
      return { label: text, kind: span.kind, lo, hi };
    }
  }
  const fy = fiscalYearStart !== 1;
  throw new FunnelError(
    '#VALUE!',
    `The window ${describeValue(label)} is not a period label of this run: write ${
      fy
        ? 'a fiscal quarter (FY2027-Q2), a fiscal year (FY2027) or a month (2026-11)'
        : 'a quarter (2026-Q4), a month (2026-11) or a year (2026)'
    }.`,
    { value: label },
  );
}

/** The period of the given kind that holds a day (the default window: the one holding the later snapshot's date). */
export function windowOfDay(day: number, kind: PeriodKind, fiscalYearStart: number): WindowDays {
  return windowOfLabel(makePeriodNamer(kind, fiscalYearStart).period(day), fiscalYearStart);
}

export function windowDates(w: WindowDays): { label: string; first: string; last: string } {
  return { label: w.label, first: isoOfDay(w.lo), last: isoOfDay(w.hi - 1) };
}
