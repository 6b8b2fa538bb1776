/**
 * The stage column of a sheet, read once before the row loop: its distinct
 * labels with their counts, the preset that knows them best, and how each
 * resolves; and the ladder and category codes the typed columns hold.
 */
import type { CellSource } from '../../cells';
import { UNSEEN, byCodeOf } from './columns';
import {
  FORECAST_CATEGORIES,
  LADDER_STAGES,
  choosePreset,
  ladderDefault,
  ladderForProbability,
  lookupStage,
  type StageDef,
  type StageTable,
} from '../../stages';
import { isBlankValue } from '../../read/blank';

// Hot imports as module constants: under a CommonJS transform (tsx, jest)
// each read of an imported binding is a getter call.
const blankValue = isBlankValue;
const unseen = UNSEEN;

export const CATEGORY_CODE = new Map(FORECAST_CATEGORIES.map((c, i) => [c, i]));
export const LADDER_CODE = new Map(LADDER_STAGES.map((s, i) => [s, i]));
export const WON_LADDER = LADDER_CODE.get('Won')!;
export const LOST_LADDER = LADDER_CODE.get('Lost')!;
export const CLOSED_CATEGORY = CATEGORY_CODE.get('Closed')!;
export const OMITTED_CATEGORY = CATEGORY_CODE.get('Omitted')!;
const PIPELINE_CATEGORY = CATEGORY_CODE.get('Pipeline')!;
const COMMIT_CATEGORY = CATEGORY_CODE.get('Commit')!;
/** Default category code of each ladder stage (for deals weighted without a known stage). */
export const LADDER_CATEGORY = LADDER_STAGES.map((l) =>
  CATEGORY_CODE.get(ladderDefault(l).category)!,
);

/** Forecast category code of an open deal weighted at p > 0: its probability's ladder stage's, Pipeline at least. */
export function openCategoryFor(p: number): number {
  const c = LADDER_CATEGORY[LADDER_CODE.get(ladderForProbability(p))!]!;
  return c === OMITTED_CATEGORY ? PIPELINE_CATEGORY : c === CLOSED_CATEGORY ? COMMIT_CATEGORY : c;
}

/** The stage lookup for this sheet: user table, then the best-matching preset, then the built-ins. */
function stageResolver(
  labels: Iterable<string>,
  userTable: StageTable | undefined,
  notes: string[],
): { resolve: (label: string) => StageDef | undefined; preset?: StageTable } {
  const distinct = [...labels];
  const best = choosePreset(distinct);
  const preset = best?.table;
  if (best) {
    notes.push(
      `The stage names match the ${best.table.title} best (${best.matched} of ${distinct.length} labels): its probabilities are used first.`,
    );
  }
  // The one lookup order (core/stages.ts lookupStage), the worksheet functions' too.
  return { preset, resolve: (label) => lookupStage(label, userTable, preset) };
}

/** Distinct stage labels with their counts and how each resolves; chooses the preset. */
export function collectStages(
  cells: CellSource,
  from: number,
  stageCol: number,
  userTable: StageTable | undefined,
  notes: string[],
): {
  usage: Map<string, { deals: number; def?: StageDef }>;
  resolve: (label: string) => StageDef | undefined;
  preset?: StageTable;
  /** Per row from `from`: index of its label in usage's order, -1 when blank. */
  rowLabel: Int32Array;
  /** The distinct labels, in usage's order. */
  labels: string[];
} {
  const rows = cells.rows;
  const rowLabel = new Int32Array(Math.max(0, rows - from)).fill(-1);
  const ids = new Map<string, number>();
  const labels: string[] = [];
  const counts: number[] = [];
  if (stageCol >= 0) {
    // The label's id per reader code where the reader has codes (-1: blank).
    const coded = byCodeOf(cells, stageCol);
    const codes = coded ? coded.codes : null;
    const byCode = coded ? coded.byCode : new Int32Array(0);
    for (let r = from; r < rows; r++) {
      const k = codes !== null ? codes[r]! : 0;
      let id = k !== 0 ? byCode[k - 1]! : unseen;
      if (id === unseen) {
        const v = cells.cell(r, stageCol);
        if (blankValue(v)) id = -1;
        else {
          const label = typeof v === 'string' ? v : String(v);
          let known = ids.get(label);
          if (known === undefined) {
            known = labels.push(label) - 1;
            counts.push(0);
            ids.set(label, known);
          }
          id = known;
        }
        if (k !== 0) byCode[k - 1] = id;
      }
      if (id < 0) continue;
      counts[id]!++;
      rowLabel[r - from] = id;
    }
  }
  const { resolve, preset } = stageResolver(labels, userTable, notes);
  const usage = new Map<string, { deals: number; def?: StageDef }>();
  labels.forEach((label, id) => usage.set(label, { deals: counts[id]!, def: resolve(label) }));
  return { usage, resolve, preset, rowLabel, labels };
}
