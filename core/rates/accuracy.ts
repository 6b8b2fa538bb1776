/**
 * Forecast accuracy from snapshots (docs/calibration.md, "Forecast accuracy"):
 * what each earlier snapshot forecast for a period that has since ended,
 * against the period's actual closed-won amount.
 *
 * - Forecast, per segment (the run's segments, or the total) and period, as
 *   the Forecast table of that snapshot's run says it: weighted (closed plus
 *   weighted open), Commit (closed + commit) and Best Case (closed + commit +
 *   best case), cumulative as Salesforce defines them.
 * - Actual: the Closed amount of the same segment and period in the latest
 *   snapshot (the deal sheet of the run).
 * - A period counts once it has ended before the latest snapshot's date, and
 *   a snapshot only for periods that had not ended at its own date.
 * - Error = forecast - actual; ratio = forecast / actual and absolute
 *   percentage error = |error| / actual (blank when actual is 0); bias = over,
 *   under or exact. Weeks before period end = ceil((last day + 1 - snapshot
 *   date) / 7), so "week 6 of the quarter" compares across quarters.
 */
import { windowOfLabel } from '../change';
import type { ForecastResult, ForecastRow } from '../engine';
import { clean } from '../money';
import { outputNames, type OutputColumn, type OutputTable } from '../output';
import { isoOfDay, parseIsoDay } from '../read/date';

export interface SnapshotRun {
  /** YYYY-MM-DD. */
  date: string;
  result: ForecastResult;
}

export interface AccuracyRow {
  snapshot: string;
  weeksBeforeEnd: number;
  segment: Record<string, string>;
  period: string;
  weighted: number;
  commit: number;
  bestCase: number;
  actual: number;
  error: number;
  ratio: number | null;
  absolutePercentageError: number | null;
  bias: 'over' | 'under' | 'exact';
}

export interface AccuracyResult {
  rows: AccuracyRow[];
  segments: string[];
  notes: string[];
}

const segmentKey = (r: ForecastRow, headers: string[]) =>
  headers.map((h) => r.segment[h] ?? '').join('\u0000');

/** Accuracy of each earlier snapshot's forecast; `runs` oldest first, the last one is "now". */
export function forecastAccuracy(
  runs: readonly SnapshotRun[],
  fiscalYearStart: number,
): AccuracyResult {
  const notes: string[] = [];
  if (runs.length < 2) {
    return { rows: [], segments: [], notes: ['Forecast accuracy needs an earlier snapshot.'] };
  }
  const latest = runs[runs.length - 1]!;
  const now = parseIsoDay(latest.date);
  const segments = latest.result.forecast[0] ? Object.keys(latest.result.forecast[0].segment) : [];
  const actual = new Map<string, number>();
  for (const r of latest.result.forecast) {
    actual.set(`${segmentKey(r, segments)}\u0001${r.period}`, r.closed);
  }
  const ends = new Map<string, number | null>();
  const endOf = (label: string): number | null => {
    if (!ends.has(label)) {
      try {
        ends.set(label, windowOfLabel(label, fiscalYearStart).hi);
      } catch {
        ends.set(label, null); // "(no close date)" and the like
      }
    }
    return ends.get(label)!;
  };
  const rows: AccuracyRow[] = [];
  for (const run of runs.slice(0, -1)) {
    const day = parseIsoDay(run.date);
    for (const r of run.result.forecast) {
      const end = endOf(r.period);
      // Ended before the latest snapshot, still running (or not begun) at this one.
      if (end === null || end > now || day >= end) continue;
      const got = actual.get(`${segmentKey(r, segments)}\u0001${r.period}`) ?? 0;
      const error = clean(r.weighted - got);
      rows.push({
        snapshot: run.date,
        weeksBeforeEnd: Math.ceil((end - day) / 7),
        segment: r.segment,
        period: r.period,
        weighted: r.weighted,
        commit: r.commitCumulative,
        bestCase: r.bestCaseCumulative,
        actual: got,
        error,
        ratio: got !== 0 ? r.weighted / got : null,
        absolutePercentageError: got !== 0 ? Math.abs(error) / Math.abs(got) : null,
        bias: error > 0 ? 'over' : error < 0 ? 'under' : 'exact',
      });
    }
  }
  notes.push(
    rows.length
      ? `Forecast accuracy: ${rows.length} forecasts of periods ended by ${isoOfDay(now)}, against the Closed amount of the latest snapshot.`
      : `Forecast accuracy: no period ended between an earlier snapshot and ${isoOfDay(now)}.`,
  );
  return { rows, segments, notes };
}

export function accuracyTable(a: AccuracyResult): OutputTable {
  const columns: OutputColumn[] = [
    { header: 'Snapshot', format: 'text' },
    { header: 'Weeks before period end', format: 'integer' },
    ...a.segments.map((h) => ({ header: h, format: 'text' as const })),
    { header: 'Period', format: 'text' },
    { header: 'Forecast (weighted)', format: 'currency' },
    { header: 'Commit', format: 'currency' },
    { header: 'Best Case', format: 'currency' },
    { header: 'Actual (closed won)', format: 'currency' },
    { header: 'Error', format: 'currency' },
    { header: 'Ratio', format: 'number' },
    { header: 'Absolute % error', format: 'percent' },
    { header: 'Bias', format: 'text' },
  ];
  return {
    ...outputNames('ForecastAccuracy'),
    columns,
    rows: a.rows.map((r) => [
      r.snapshot,
      r.weeksBeforeEnd,
      ...a.segments.map((h) => r.segment[h] ?? ''),
      r.period,
      r.weighted,
      r.commit,
      r.bestCase,
      r.actual,
      r.error,
      r.ratio,
      r.absolutePercentageError,
      r.bias,
    ]),
  };
}
