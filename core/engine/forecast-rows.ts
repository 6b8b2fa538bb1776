/**
 * The Forecast table: a row per forecast cell (segment x tier x period) from
 * pass 3's totals, in segment then period order, with the targets matched to
 * it (gap, coverage) and a note for each target no row or rep used.
 */
import { clean } from '../money';
import { coverage, gap } from '../plan';
import { compareText, normalizeLabel } from '../text';
import type { ParsedRows } from './parse-rows';
import { TIER_SEGMENT, type PreparedSheet } from './prepare';
import { targetPeriodText, type ResolvedSettings, type Target } from './settings';
import type { GroupTotals } from './totals';
import type { ForecastRow } from './types';

export function forecastRows(
  groups: Map<number, GroupTotals>,
  p: ParsedRows,
  tiersPer: number,
  periods: number,
  tierCount: number,
  tierLabels: readonly string[],
  periodLabels: string[],
  order: (label: string) => number,
  rs: ResolvedSettings,
  tierSeg: boolean,
  prep: PreparedSheet,
): ForecastRow[] {
  const segHeaders = prep.map.report.segments;
  const rows: { row: ForecastRow; sort: string[]; pOrder: number }[] = [];
  for (const [key, g] of groups) {
    const pid = key % periods;
    const rest = Math.floor(key / periods);
    const tier = rest % tiersPer;
    const seg = Math.floor(rest / tiersPer);
    // Keyed by the user's headers: no prototype, so a header named "__proto__" is a key like any other.
    const segment = Object.create(null) as Record<string, string>;
    const sortKey: string[] = [];
    if (segHeaders.length) {
      const parts = p.segments.values[seg]!.split('\u0000');
      segHeaders.forEach((h, i) => {
        segment[h] = parts[i]!;
        sortKey.push(parts[i]!);
      });
    }
    if (tierSeg) {
      const label = tier < tierCount ? tierLabels[tier]! : '(no account)';
      segment[TIER_SEGMENT] = label;
      sortKey.push(String(tier).padStart(3, '0'));
    }
    // Order the segment object as the user listed the segments.
    const ordered = Object.create(null) as Record<string, string>;
    for (const s of rs.segmentBy) {
      const h =
        normalizeLabel(s) === normalizeLabel(TIER_SEGMENT)
          ? TIER_SEGMENT
          : (segHeaders.find((x) => normalizeLabel(x) === normalizeLabel(s)) ?? s);
      if (h in segment) ordered[h] = segment[h]!;
    }
    const [omitted, pipeline, bestCase, commit, closed] = g.cat as [
      number,
      number,
      number,
      number,
      number,
    ];
    const label = periodLabels[pid]!;
    rows.push({
      row: {
        segment: ordered,
        period: label,
        deals: g.deals,
        amount: g.amount,
        weighted: g.weighted,
        closed,
        commit,
        bestCase,
        pipeline,
        omitted,
        commitCumulative: clean(closed + commit),
        bestCaseCumulative: clean(closed + commit + bestCase),
        pipelineCumulative: clean(pipeline + bestCase + commit),
        spread: clean(Math.sqrt(Math.max(0, g.variance))),
        openAmount: g.open,
      },
      sort: sortKey,
      pOrder: order(label),
    });
  }
  rows.sort((a, b) => {
    for (let i = 0; i < a.sort.length; i++) {
      const c = compareText(a.sort[i]!, b.sort[i]!);
      if (c) return c;
    }
    return a.pOrder - b.pOrder;
  });
  return rows.map((r) => r.row);
}

export function periodMatches(t: Target, label: string, names?: (day: number) => string): boolean {
  if (typeof t.period === 'string') return t.period === label.toUpperCase();
  return names ? names(t.period.day) === label : false;
}

export function applyForecastTargets(
  rows: ForecastRow[],
  targets: Target[],
  notes: string[],
  periodOf: (day: number) => string,
  used: Set<Target>,
): void {
  if (!targets.length) return;
  let matched = 0;
  for (const row of rows) {
    const values = Object.values(row.segment).map(normalizeLabel);
    const t = targets.find(
      (x) =>
        (values.length === 0 ? x.key === 'total' : values.includes(x.key)) &&
        periodMatches(x, row.period, periodOf),
    );
    if (!t) continue;
    matched++;
    used.add(t);
    row.target = t.amount;
    row.gap = gap(t.amount, row.weighted);
    row.coverage = coverage(row.openAmount ?? 0, t.amount, row.closed);
  }
  if (matched)
    notes.push(`Targets matched ${matched} forecast rows (by segment value and period).`);
}

/**
 * A located note for each target row no forecast row or rep used: its owner
 * or segment value is not in the sheet, or its period is not one of the run's.
 */
export function noteUnusedTargets(
  targets: Target[],
  used: Set<Target>,
  p: ParsedRows,
  periodLabels: string[],
  thisPeriod: string,
  periodOf: (day: number) => string,
  notes: string[],
): void {
  if (used.size === targets.length) return;
  const keys = new Set<string>(['total']);
  for (const o of p.owners.values) keys.add(normalizeLabel(o));
  for (const seg of p.segments.values)
    for (const part of seg.split('\u0000')) keys.add(normalizeLabel(part));
  const periods = [...periodLabels, thisPeriod];
  for (const t of targets) {
    if (used.has(t)) continue;
    const period = targetPeriodText(t.period);
    const why: string[] = [];
    if (!keys.has(t.key))
      why.push(`no owner or segment value ${JSON.stringify(t.label)} in the sheet`);
    if (!periods.some((label) => periodMatches(t, label, periodOf)))
      why.push(`no period ${period} in the forecast`);
    const reason = why.length
      ? why.join(' and ')
      : t.key === 'total'
        ? 'the forecast is segmented, so no row is the whole team'
        : `the forecast is not segmented by this value, and rep targets are read for ${thisPeriod} only`;
    notes.push(
      `Targets row ${t.row ?? '?'} (${t.label}, ${period}, ${t.amount}) is not used: ${reason}.`,
    );
  }
}
