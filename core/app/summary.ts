/** The figures a task pane shows after a run (RunSummary, core/ports.ts). */
import { coverage as planCoverage } from '../plan';
import { Sum } from '../money';
import type { OutputTable } from '../output';
import type { RunSummary } from '../ports';
import { makePeriodNamer, nextPeriodDay } from '../engine/periods';
import { periodMatches } from '../engine/run';
import { FORECAST_DEFAULTS, parseTargets, requireAsOf } from '../engine/settings';
import type { ForecastResult, ForecastSettings } from '../engine/types';
import { parseIsoDay } from '../read/date';
import { drillData } from '../engine/drill';
import { issueCount } from '../engine/issue-list';

/** Rows of each display table; the full tables are on the output sheets. */
export const DISPLAY_ROW_CAP = 500;

export function summarizeRun(
  result: ForecastResult,
  settings: ForecastSettings,
  tables: OutputTable[],
  written: { sheetName: string; rows: number }[],
  notes: string[],
): RunSummary {
  const { day, iso } = requireAsOf(settings);
  const kind = settings.period ?? FORECAST_DEFAULTS.period;
  const names = makePeriodNamer(
    kind,
    settings.fiscalYearStart ?? FORECAST_DEFAULTS.fiscalYearStart,
  );
  const thisLabel = names.period(day);
  const nextLabel = names.period(nextPeriodDay(kind, day));
  const weighted = new Sum();
  const closed = new Sum();
  const open = new Sum();
  const nextWeighted = new Sum();
  for (const r of result.forecast) {
    if (r.period === thisLabel) {
      weighted.add(r.weighted);
      closed.add(r.closed);
      open.add(r.openAmount ?? 0);
    } else if (r.period === nextLabel) nextWeighted.add(r.weighted);
  }
  let coverage: number | null = null;
  const target = teamTarget(result, settings, thisLabel, (d: number) => names.period(d), true);
  if (target !== null) coverage = planCoverage(open.value, target, closed.value);
  const periodOf = (d: number) => names.period(d);
  const targetsByPeriod: Record<string, number> = {};
  if (settings.targets?.length) {
    for (const label of new Set(result.forecast.map((r) => r.period))) {
      const t = teamTarget(result, settings, label, periodOf, label === thisLabel);
      if (t !== null) targetsByPeriod[label] = t;
    }
  }
  return {
    asOf: iso,
    baseCurrency: result.baseCurrency ?? null,
    unconverted: result.unconverted,
    closeDates: result.closeDates,
    suggestedAsOf: suggestAsOf(result.closeDates, day, periodOf),
    drill: drillData(result),
    ...(Object.keys(targetsByPeriod).length ? { targetsByPeriod } : {}),
    thisPeriod: { label: thisLabel, weighted: weighted.value, closed: closed.value },
    nextPeriod: { label: nextLabel, weighted: nextWeighted.value },
    coverage,
    counts: {
      rows: result.counts.rows,
      counted: result.counts.counted,
      excluded: result.counts.excluded,
      issues: issueCount(result),
    },
    issuesByKind: result.counts.byKind,
    written,
    notes: [...result.mapping.notes, ...(result.notes ?? []), ...notes],
    tables: tables
      .filter((t) => t.key !== 'FunnelData')
      .map((t) =>
        t.rows.length > DISPLAY_ROW_CAP ? { ...t, rows: t.rows.slice(0, DISPLAY_ROW_CAP) } : t,
      ),
  };
}

/**
 * The team's target for a period: a "Total" row of the targets table, else
 * the sum of the reps' targets, else the sum of the forecast rows' targets.
 */
function teamTarget(
  result: ForecastResult,
  settings: ForecastSettings,
  label: string,
  periodOf: (day: number) => string,
  repsPeriod: boolean,
): number | null {
  const targets = parseTargets(settings.targets);
  if (!targets.length) return null;
  const total = targets.find((t) => t.key === 'total' && periodMatches(t, label, periodOf));
  if (total) return total.amount;
  // The reps' targets are those of the as-of date's period.
  const reps = repsPeriod ? result.reps.filter((r) => typeof r.target === 'number') : [];
  if (reps.length) return reps.reduce((s, r) => s + (r.target as number), 0);
  const rows = result.forecast.filter((r) => r.period === label && typeof r.target === 'number');
  return rows.length ? rows.reduce((s, r) => s + (r.target as number), 0) : null;
}

/**
 * An as-of date to offer when the sheet's close dates all lie before the as-of
 * date's period, or all more than a year after the as-of date: the last close
 * date (so its period is "this period"). undefined when the dates fit.
 */
export function suggestAsOf(
  closeDates: { first: string; last: string } | undefined,
  asOfDay: number,
  periodOf: (day: number) => string,
): string | undefined {
  if (!closeDates) return undefined;
  const first = parseIsoDay(closeDates.first);
  const last = parseIsoDay(closeDates.last);
  const before = last < asOfDay && periodOf(last) !== periodOf(asOfDay);
  if (before || first > asOfDay + 366) return closeDates.last;
  return undefined;
}
