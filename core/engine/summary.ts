/** The figures a task pane shows after a run, and the inspection before one. */
import type { CellValue } from '../cells';
import { Sum } from '../money';
import type { OutputTable } from '../output';
import type { RunSummary, SourceInspection, SourceRef, StageUsage } from '../port';
import {
  LADDER_STAGES,
  ladderDefault,
  ladderForProbability,
  openCategory,
  parseStageTable,
  type StageDef,
} from '../stages';
import { detectProbabilityScale, parseProbability } from '../probability';
import { compareText } from './order';
import { makePeriodNamer, nextPeriodDay } from './periods';
import { collectStages } from './parse-rows';
import { noDealColumns, periodMatches, prepareSheet } from './run';
import { parseTargets, requireAsOf } from './settings';
import type { ForecastResult, ForecastSettings, SourceSheet } from './types';
import { isBlank } from '../cells';
import { parseIsoDay } from '../values';
import { drillData } from './drill';

/** Rows of each display table; the full tables are on the output sheets. */
export const DISPLAY_ROW_CAP = 500;
export const PREVIEW_ROWS = 20;

export function summarizeRun(
  result: ForecastResult,
  settings: ForecastSettings,
  tables: OutputTable[],
  written: { sheetName: string; rows: number }[],
  notes: string[],
): RunSummary {
  const { day, iso } = requireAsOf(settings);
  const kind = settings.period ?? 'quarter';
  const names = makePeriodNamer(kind, settings.fiscalYearStart ?? 1);
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
  if (target !== null && target - closed.value > 0) coverage = open.value / (target - closed.value);
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
      issues: result.issues.length,
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

export function inspectSheet(
  source: SourceRef,
  sheet: SourceSheet,
  settings: ForecastSettings,
): SourceInspection {
  const prep = prepareSheet(sheet, { ...settings, segmentBy: [] });
  const notes = prep.map.report.notes;
  const userTable = settings.stageTable?.length ? parseStageTable(settings.stageTable) : undefined;
  const from = prep.headerIndex + 1;
  const { usage, preset } = collectStages(sheet.values, from, prep.map.col.stage, userTable, notes);
  if (preset) prep.map.report.stagePreset = preset.source;
  const own = ownProbabilities(sheet, from, prep.map.col.stage, prep.map.col.probability, usage);
  const rank = (u: StageUsage) =>
    u.resolved ? LADDER_STAGES.indexOf(u.resolved.ladder) : LADDER_STAGES.length;
  // Ladder order (unknown stages last), then the most used first.
  const stages: StageUsage[] = [...usage]
    .map(([label, u]): StageUsage => {
      const o = own.get(label);
      return {
        label,
        deals: u.deals,
        resolved: u.def,
        ...(o ? { ownProbability: o } : {}),
      };
    })
    .sort((a, b) => rank(a) - rank(b) || b.deals - a.deals || compareText(a.label, b.label));
  let rows = 0;
  const preview: CellValue[][] = [];
  const width = prep.headers.length;
  for (let r = from; r < sheet.values.length; r++) {
    const row = sheet.values[r]!;
    if (row.every((c) => isBlank(c))) continue;
    rows++;
    if (preview.length < PREVIEW_ROWS) {
      preview.push(Array.from({ length: width }, (_, c) => row[c] ?? null));
    }
  }
  const problem = noDealColumns(sheet.name, prep);
  return {
    source,
    rows,
    mapping: prep.map.report,
    stages,
    preview,
    ...(problem ? { problem } : {}),
  };
}

/**
 * Per stage label, the deals that carry a probability of their own, with the
 * ladder stage and category their median probability gives: what the run does
 * with a stage no table knows (and with a Lead at its own 10%).
 */
function ownProbabilities(
  sheet: SourceSheet,
  from: number,
  stageCol: number,
  probCol: number,
  usage: Map<string, { deals: number; def?: StageDef }>,
): Map<string, NonNullable<StageUsage['ownProbability']>> {
  const out = new Map<string, NonNullable<StageUsage['ownProbability']>>();
  if (stageCol < 0 || probCol < 0) return out;
  const column: unknown[] = [];
  for (let r = from; r < sheet.values.length; r++) column.push(sheet.values[r]![probCol]);
  const scale = detectProbabilityScale(column);
  const byLabel = new Map<string, number[]>();
  for (let r = from; r < sheet.values.length; r++) {
    const v = sheet.values[r]![stageCol];
    if (isBlank(v)) continue;
    const label = typeof v === 'string' ? v : String(v);
    const def = usage.get(label)?.def;
    if (def && def.status !== 'open') continue;
    let p: number | null = null;
    try {
      p = parseProbability(sheet.values[r]![probCol], scale);
    } catch {
      p = null;
    }
    if (p === null) continue;
    let list = byLabel.get(label);
    if (!list) byLabel.set(label, (list = []));
    list.push(p);
  }
  for (const [label, list] of byLabel) {
    list.sort((a, b) => a - b);
    const median = list[Math.floor(list.length / 2)]!;
    const def = usage.get(label)?.def;
    out.set(label, {
      deals: list.length,
      median,
      ladder: def ? def.ladder : ladderForProbability(median),
      category: openCategory(
        def ? def.category : ladderDefault(ladderForProbability(median)).category,
        median,
      ),
    });
  }
  return out;
}
