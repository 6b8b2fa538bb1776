/** The inspection before a run: what the Columns and Stages steps show (SourceInspection, core/ports.ts). */
import type { CellSource, CellValue } from '../cells';
import type { SourceInspection, SourceRef, StageUsage } from '../ports';
import {
  LADDER_STAGES,
  ladderDefault,
  ladderForProbability,
  openCategory,
  parseStageTable,
  type StageDef,
} from '../stages';
import { detectProbabilityScale, parseProbability } from '../probability';
import { compareText } from '../text';
import { collectStages } from '../engine/parse-rows';
import { noDealColumns, prepareSheet } from '../engine/run';
import type { ForecastSettings, SourceSheet } from '../engine/types';
import { isBlank } from '../read/blank';

/** Data rows in the preview grid. */
export const PREVIEW_ROWS = 20;

export function inspectSheet(
  source: SourceRef,
  sheet: SourceSheet,
  settings: ForecastSettings,
): SourceInspection {
  const prep = prepareSheet(sheet, { ...settings, segmentBy: [] });
  const notes = prep.map.report.notes;
  const userTable = settings.stageTable?.length ? parseStageTable(settings.stageTable) : undefined;
  const from = prep.headerIndex + 1;
  const { usage, preset } = collectStages(prep.cells, from, prep.map.col.stage, userTable, notes);
  if (preset) prep.map.report.stagePreset = preset.source;
  const cells = prep.cells;
  const own = ownProbabilities(cells, from, prep.map.col.stage, prep.map.col.probability, usage);
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
  for (let r = from; r < cells.rows; r++) {
    const w = cells.width(r);
    let blank = true;
    for (let c = 0; c < w && blank; c++) blank = isBlank(cells.cell(r, c));
    if (blank) continue;
    rows++;
    if (preview.length < PREVIEW_ROWS) {
      preview.push(Array.from({ length: width }, (_, c) => cells.cell(r, c)));
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
  cells: CellSource,
  from: number,
  stageCol: number,
  probCol: number,
  usage: Map<string, { deals: number; def?: StageDef }>,
): Map<string, NonNullable<StageUsage['ownProbability']>> {
  const out = new Map<string, NonNullable<StageUsage['ownProbability']>>();
  if (stageCol < 0 || probCol < 0) return out;
  const column: unknown[] = [];
  for (let r = from; r < cells.rows; r++) column.push(cells.cell(r, probCol));
  const scale = detectProbabilityScale(column);
  const byLabel = new Map<string, number[]>();
  for (let r = from; r < cells.rows; r++) {
    const v = cells.cell(r, stageCol);
    if (isBlank(v)) continue;
    const label = typeof v === 'string' ? v : String(v);
    const def = usage.get(label)?.def;
    if (def && def.status !== 'open') continue;
    let p: number | null = null;
    try {
      p = parseProbability(cells.cell(r, probCol), scale);
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
