import type { CellValue, Grid } from '../../core/cells';
import { clean } from '../../core/money';
import type { StageUsage } from '../../core/ports';
import {
  ladderDefault,
  lookupStage,
  openCategory,
  parseLadderStage,
  parseStageTable,
  type ForecastCategory,
  type LadderStage,
  type StageDef,
  type StageTable,
} from '../../core/stages';
import { normalizeLabel } from '../../core/text';

/** One line of the Stages step: a stage label the sheet uses and what it means now. */
export interface StageRow {
  label: string;
  deals: number;
  /** Undefined when neither the user's table nor a built-in table knows the label. */
  def?: StageDef;
  /** Deals on it with a probability of their own, and what the run does with them (from the inspection). */
  own?: StageUsage['ownProbability'];
}

/** The user's stage table, or undefined when there is none (or it cannot be read). */
export function userTableOf(grid: Grid | undefined): StageTable | undefined {
  if (!grid || grid.length === 0) return undefined;
  try {
    return parseStageTable(grid);
  } catch {
    return undefined;
  }
}

/**
 * Resolves each stage the sheet uses the way the engine will (core's lookupStage:
 * the user's table first, then the ladder and presets), without a round trip to the host.
 */
export function stageRows(usages: readonly StageUsage[], grid: Grid | undefined): StageRow[] {
  const table = userTableOf(grid);
  return usages.map((u) => {
    const def = lookupStage(u.label, table);
    const own = u.ownProbability;
    // The inspection's category was worked out with the stage as it was; follow the user's edit.
    const adjusted =
      own && def
        ? { ...own, ladder: def.ladder, category: openCategory(def.category, own.median) }
        : own;
    return { label: u.label, deals: u.deals, def, ...(adjusted ? { own: adjusted } : {}) };
  });
}

/** Probabilities are stored as "70%" text: unambiguous whatever the other rows hold. */
export function percentCell(probability: number): string {
  return `${clean(probability * 100)}%`;
}

const sameLabel = (row: readonly unknown[], key: string) =>
  normalizeLabel(String(row[0] ?? '')) === key;

/**
 * The ladder stage a label's row states in its 4th column, if any. A value core
 * cannot read is dropped here (the row then falls back to core's inference).
 */
export function explicitLadder(grid: Grid | undefined, label: string): LadderStage | undefined {
  const key = normalizeLabel(label);
  const cell = grid?.find((r) => sameLabel(r, key))?.[3];
  if (cell === undefined || cell === null || cell === '') return undefined;
  try {
    return parseLadderStage(cell);
  } catch {
    return undefined;
  }
}

/** One stage-table row: the 4th (ladder) cell only when the ladder is stated. */
function tableRow(
  label: string,
  probability: number,
  category: ForecastCategory,
  ladder: LadderStage | undefined,
): CellValue[] {
  const row: CellValue[] = [label, percentCell(probability), category];
  if (ladder) row.push(ladder);
  return row;
}

/**
 * Adds or replaces the row for one stage label (matched as core matches labels).
 * A ladder stage the user chose earlier for this label is kept unless a new one is given;
 * without one, core places the row by its name and probability.
 */
export function upsertStage(
  grid: Grid | undefined,
  label: string,
  probability: number,
  category: ForecastCategory,
  ladder: LadderStage | undefined = explicitLadder(grid, label),
): Grid {
  const key = normalizeLabel(label);
  const rows = (grid ?? []).filter((r) => !sameLabel(r, key));
  return [...rows, tableRow(label, probability, category, ladder)];
}

/**
 * Choosing a ladder stage fills in that stage's default probability and category, and
 * writes the ladder stage into the 4th column: it decides the status (Lost for
 * "Abandoned" at 0%) whatever the name and probability would suggest.
 */
export function withLadder(grid: Grid | undefined, label: string, ladder: LadderStage): Grid {
  const def = ladderDefault(ladder);
  return upsertStage(grid, label, def.probability, def.category, ladder);
}

/**
 * A preset becomes the user's stage table: all of its stages, plus the sheet's
 * other stages as they resolve now, so applying a preset never loses a stage.
 */
export function applyPreset(
  preset: StageTable,
  usages: readonly StageUsage[],
  grid: Grid | undefined,
): Grid {
  const rows: Grid = preset.stages.map((s) => [s.label, percentCell(s.probability), s.category]);
  const current = stageRows(usages, grid);
  for (const row of current) {
    if (preset.index.has(normalizeLabel(row.label)) || !row.def) continue;
    rows.push(
      tableRow(row.label, row.def.probability, row.def.category, explicitLadder(grid, row.label)),
    );
  }
  return rows;
}

/**
 * Calibrated rates (a stage table, one row per stage) become the user's stage
 * table; rows of the current table for other stages stay, so no stage is lost.
 */
export function withCalibrated(calibrated: Grid, grid: Grid | undefined): Grid {
  const labels = new Set(calibrated.map((r) => normalizeLabel(String(r[0] ?? ''))));
  const kept = (grid ?? []).filter((r) => !labels.has(normalizeLabel(String(r[0] ?? ''))));
  return [...calibrated, ...kept];
}
