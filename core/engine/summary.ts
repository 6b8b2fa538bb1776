/** The figures a task pane shows after a run, and the inspection before one. */
import type { CellValue } from '../cells';
import { Sum } from '../money';
import type { OutputTable } from '../output';
import type { RunSummary, SourceInspection, SourceRef, StageUsage } from '../port';
import { parseStageTable } from '../stages';
import { compareText } from './order';
import { makePeriodNamer, nextPeriodDay } from './periods';
import { collectStages } from './parse-rows';
import { periodMatches, prepareSheet } from './run';
import { parseTargets, requireAsOf } from './settings';
import type { ForecastResult, ForecastSettings, SourceSheet } from './types';
import { isBlank } from '../cells';

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
  const target = teamTarget(result, settings, thisLabel, (d: number) => names.period(d));
  if (target !== null && target - closed.value > 0) coverage = open.value / (target - closed.value);
  return {
    asOf: iso,
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
): number | null {
  const targets = parseTargets(settings.targets);
  if (!targets.length) return null;
  const total = targets.find((t) => t.key === 'total' && periodMatches(t, label, periodOf));
  if (total) return total.amount;
  const reps = result.reps.filter((r) => typeof r.target === 'number');
  if (reps.length) return reps.reduce((s, r) => s + (r.target as number), 0);
  const rows = result.forecast.filter((r) => r.period === label && typeof r.target === 'number');
  return rows.length ? rows.reduce((s, r) => s + (r.target as number), 0) : null;
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
  const stages: StageUsage[] = [...usage]
    .map(([label, u]) => ({ label, deals: u.deals, resolved: u.def }))
    .sort((a, b) => b.deals - a.deals || compareText(a.label, b.label));
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
  return { source, rows, mapping: prep.map.report, stages, preview };
}
