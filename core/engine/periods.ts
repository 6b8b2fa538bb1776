/**
 * Period naming. Calendar: "2026-Q1", months "2026-03", years "2026". With a
 * fiscal year starting in month S != 1, the fiscal year is named by the
 * calendar year it ends in: with S = 7, July 2026 to June 2027 is FY2027 and
 * its first quarter FY2027-Q1. Months keep their calendar labels.
 */
import { yearMonthOfDay } from '../read/date';
import type { PeriodKind } from './types';

export const NO_CLOSE_DATE = '(no close date)';

export interface PeriodNamer {
  /** Period label of a day number, by the chosen period kind. */
  period(day: number): string;
  fiscalYear(day: number): string;
  fiscalQuarter(day: number): string;
  /** Sort key: chronological; NO_CLOSE_DATE last. */
  order(label: string): number;
}

export function makePeriodNamer(kind: PeriodKind, fiscalYearStart: number): PeriodNamer {
  const start = fiscalYearStart;
  const fiscal = start !== 1;
  const fyOf = (year: number, month: number): number =>
    fiscal && month >= start ? year + 1 : year;
  const fqOf = (month: number): number => Math.floor(((month - start + 12) % 12) / 3) + 1;
  const yearLabel = (fy: number): string => (fiscal ? `FY${fy}` : String(fy));
  const quarterLabel = (fy: number, q: number): string => `${yearLabel(fy)}-Q${q}`;

  // A month's labels are computed once per month and reused: deal sheets span few months.
  const byMonth = new Map<number, { period: string; fy: string; fq: string; order: number }>();
  const orders = new Map<string, number>();
  const labelsOf = (day: number) => {
    const { year, month } = yearMonthOfDay(day);
    const mk = year * 12 + (month - 1);
    let hit = byMonth.get(mk);
    if (!hit) {
      const fy = fyOf(year, month);
      const fq = fqOf(month);
      const period =
        kind === 'month'
          ? `${year}-${String(month).padStart(2, '0')}`
          : kind === 'year'
            ? yearLabel(fy)
            : quarterLabel(fy, fq);
      hit = { period, fy: yearLabel(fy), fq: quarterLabel(fy, fq), order: mk };
      byMonth.set(mk, hit);
      const prev = orders.get(period);
      if (prev === undefined || mk < prev) orders.set(period, mk);
    }
    return hit;
  };
  const dayCache = new Map<number, ReturnType<typeof labelsOf>>();
  const cached = (day: number) => {
    let hit = dayCache.get(day);
    if (!hit) {
      hit = labelsOf(day);
      dayCache.set(day, hit);
    }
    return hit;
  };
  return {
    period: (day) => cached(day).period,
    fiscalYear: (day) => cached(day).fy,
    fiscalQuarter: (day) => cached(day).fq,
    order: (label) =>
      label === NO_CLOSE_DATE
        ? Number.MAX_SAFE_INTEGER
        : (orders.get(label) ?? Number.MAX_SAFE_INTEGER - 1),
  };
}

/** The label of the period after the one containing a day. */
export function nextPeriodDay(kind: PeriodKind, day: number): number {
  const { year, month } = yearMonthOfDay(day);
  const step = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  const m = month - 1 + step;
  return Date.UTC(year + Math.floor(m / 12), m % 12, 1) / 86_400_000;
}

/** The period of each deal as an id into labels; the as-of date's period is among them. */
export interface PeriodIds {
  period: Int32Array;
  labels: string[];
  /** Id of the period holding the as-of date. */
  nowId: number;
  /** First and last close day (Infinity and -Infinity when no deal has one). */
  minDay: number;
  maxDay: number;
}

/** Period ids of the close days (noDay: none), each label named once per day through a day table. */
export function periodIds(
  closeDay: Int32Array,
  n: number,
  noDay: number,
  names: PeriodNamer,
  thisPeriod: string,
): PeriodIds {
  const ids = new Map<string, number>();
  const labels: string[] = [];
  const idOf = (label: string): number => {
    let id = ids.get(label);
    if (id === undefined) {
      id = labels.push(label) - 1;
      ids.set(label, id);
    }
    return id;
  };
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = closeDay[i]!;
    if (d === noDay) continue;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const nowId = idOf(thisPeriod);
  const span = maxDay - minDay + 1;
  const dayPid = span > 0 && span <= 400_000 ? new Int32Array(span).fill(-1) : null;
  const period = new Int32Array(n);
  let noCloseId = -1;
  for (let i = 0; i < n; i++) {
    const d = closeDay[i]!;
    let pid: number;
    if (d === noDay) {
      if (noCloseId < 0) noCloseId = idOf(NO_CLOSE_DATE);
      pid = noCloseId;
    } else if (dayPid) {
      pid = dayPid[d - minDay]!;
      if (pid < 0) pid = dayPid[d - minDay] = idOf(names.period(d));
    } else pid = idOf(names.period(d));
    period[i] = pid;
  }
  return { period, labels, nowId, minDay, maxDay };
}
