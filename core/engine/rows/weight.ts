/**
 * Pass 1, per row: the stage, the deal's own probability, the status and the
 * forecast category, into the probability, status, ladder, category and
 * stage-label columns (docs/engine.md, "Probability used").
 */
import type { CellSource, CellValue } from '../../cells';
import { describeValue } from '../../errors';
import type { ProbabilityScale } from '../../probability';
import {
  FORECAST_CATEGORIES,
  ladderForProbability,
  parseCategory,
  type DealStatus,
  type StageDef,
} from '../../stages';
import { isBlankValue } from '../../read/blank';
import type { ColumnMap } from '../headers';
import { STATUS_LOST, STATUS_OPEN, STATUS_WON, type ParsedRows } from './columns';
import type { IssueSink } from './sink';
import {
  CATEGORY_CODE,
  CLOSED_CATEGORY,
  LADDER_CATEGORY,
  LADDER_CODE,
  LOST_LADDER,
  OMITTED_CATEGORY,
  WON_LADDER,
  openCategoryFor,
} from './stages';
import { OwnProbability } from './probability';
import { StatusReader } from './status';

// Hot imports as module constants: under a CommonJS transform (tsx, jest)
// each read of an imported binding is a getter call, several per row here.
const blankValue = isBlankValue;
const statusOpen = STATUS_OPEN;
const statusWon = STATUS_WON;
const statusLost = STATUS_LOST;
const wonLadder = WON_LADDER;
const lostLadder = LOST_LADDER;
const closedCategory = CLOSED_CATEGORY;
const omittedCategory = OMITTED_CATEGORY;
const ladderCategory = LADDER_CATEGORY;

/** The ladder stage code of a probability (for deals without a known stage). */
function ladderOf(p: number): number {
  return LADDER_CODE.get(ladderForProbability(p))!;
}

/** A resolved stage label with its codes worked out once. */
interface StageHit {
  def?: StageDef;
  label: number;
  ladder: number;
  category: number;
}

export class WeightPass {
  /** Open deals on an Omitted (or no known) stage weighted with a probability of their own. */
  omittedOwn = 0;
  private readonly hits: (StageHit | undefined)[];
  private readonly categoryCache = new Map<string, number | { error: string }>();
  private readonly cStage: number;
  private readonly cCategory: number;
  readonly probability: OwnProbability | null;
  private readonly status: StatusReader | null;

  constructor(
    private readonly out: ParsedRows,
    private readonly sink: IssueSink,
    map: ColumnMap,
    /** Per row: its stage label's index in labels (collectStages), -1 when blank. */
    private readonly rowLabel: Int32Array,
    private readonly labels: readonly string[],
    probScale: ProbabilityScale,
    probComma: boolean,
  ) {
    const col = map.col;
    this.hits = new Array<StageHit | undefined>(labels.length);
    this.cStage = col.stage;
    this.cCategory = col.category;
    this.probability =
      col.probability >= 0 ? new OwnProbability(sink, col.probability, probScale, probComma) : null;
    this.status = col.status >= 0 ? new StatusReader(sink, col.status, map.closedFlagCol) : null;
  }

  private hit(stageId: number): StageHit {
    let hit = this.hits[stageId];
    if (!hit) {
      const label = this.labels[stageId]!;
      const found = this.out.stageUsage.get(label)!.def;
      hit = this.hits[stageId] = {
        def: found,
        label: this.out.stageLabels.id(label.trim()),
        ladder: found ? LADDER_CODE.get(found.ladder)! : 0,
        category: found ? CATEGORY_CODE.get(found.category)! : 0,
      };
    }
    return hit;
  }

  /** The category column's code for the row, -1 when blank or unreadable (an issue). */
  private category(cells: CellSource, r: number): number {
    const cv = cells.cell(r, this.cCategory);
    if (blankValue(cv)) return -1;
    const key = typeof cv === 'string' ? cv : String(cv);
    let hit = this.categoryCache.get(key);
    if (hit === undefined) {
      try {
        hit = CATEGORY_CODE.get(parseCategory(key))!;
      } catch {
        hit = { error: 'not a forecast category' };
      }
      this.categoryCache.set(key, hit);
    }
    if (typeof hit === 'number') return hit;
    this.sink.add(
      'bad-category',
      this.cCategory,
      `${describeValue(cv)} is not a forecast category (${FORECAST_CATEGORIES.join(', ')}); the stage's category is used.`,
      true,
    );
    return -1;
  }

  /**
   * A category column that contradicts the deal's status (docs/engine.md,
   * "Stages, probabilities, status, category"): Closed is won money and nothing else, so a won deal is always Closed and a
   * lost one Omitted, whatever the column says, and an open deal marked Closed takes its
   * stage's category. Coverage and the Closed column then read the same money in the
   * Forecast, the Reps and the summary. Returns the category the row gets (-1: the
   * stage's, worked out by the caller).
   */
  private categoryConflict(cells: CellSource, r: number, status: 'won' | 'lost' | 'open'): number {
    const cv = cells.cell(r, this.cCategory);
    const [expected, used] =
      status === 'won'
        ? ['Closed for a won deal', 'it is counted as Closed']
        : status === 'lost'
          ? ['Omitted for a lost deal', 'it is counted as Omitted']
          : ["an open deal's category (Closed is for won deals)", "the stage's category is used"];
    this.sink.add(
      'bad-category',
      this.cCategory,
      `${describeValue(cv)} contradicts the deal's status: expected ${expected}; ${used}.`,
      true,
    );
    return status === 'won' ? closedCategory : status === 'lost' ? omittedCategory : -1;
  }

  /** The issue of a row whose stage is blank or unknown: how the deal is weighted instead. */
  private stageIssue(stageCell: CellValue, status: DealStatus | null, p: number): void {
    const blank = blankValue(stageCell);
    const weighted = p === p;
    const how = weighted
      ? `the deal is weighted with ${status && status !== 'open' ? `its status (${status})` : `its own probability (${Math.round(p * 1000) / 10}%)`}`
      : 'it has no probability either, so it is not counted';
    this.sink.add(
      blank ? 'missing-stage' : 'unknown-stage',
      this.cStage,
      blank
        ? `the stage is blank; ${how}.`
        : `unknown stage ${describeValue(stageCell)}: add it to your stage table (stage, probability, category); ${how}.`,
      weighted,
    );
  }

  /** Row i (index ri from the first data row): its weight columns; returns its status code. */
  read(cells: CellSource, r: number, i: number, ri: number): number {
    const out = this.out;
    const cStage = this.cStage;
    const stageCell = cStage >= 0 ? cells.cell(r, cStage) : null;
    // The label's index from the stage pass: no second lookup by text.
    const stageId = cStage >= 0 ? this.rowLabel[ri]! : -1;
    const hit = stageId >= 0 ? this.hit(stageId) : undefined;
    const def = hit?.def;
    out.stageLabel[i] = hit ? hit.label : -1;
    const probability = this.probability;
    const own = probability ? probability.read(cells.cell(r, probability.column), def) : null;
    const status = this.status ? this.status.read(cells, r, def, stageCell) : null;

    let p: number;
    let ladder: number;
    let code: number;
    if (status === 'won' || (!status && def?.status === 'won')) {
      code = statusWon;
      p = 1;
      ladder = wonLadder;
    } else if (status === 'lost' || (!status && def?.status === 'lost')) {
      code = statusLost;
      p = 0;
      ladder = lostLadder;
    } else if (def) {
      code = statusOpen;
      p = own ?? def.probability;
      ladder = hit!.ladder;
    } else if (own !== null) {
      code = own >= 1 ? statusWon : statusOpen;
      p = own;
      ladder = ladderOf(own);
    } else {
      code = statusOpen;
      p = NaN;
      ladder = 0;
    }
    if (!def && cStage >= 0) this.stageIssue(stageCell, status, p);
    else if (p !== p)
      this.sink.add(
        'missing-stage',
        -1,
        'no stage, probability or status to weight the deal; it is not counted.',
        false,
      );
    out.probability[i] = p;
    out.status[i] = code;
    out.ladder[i] = ladder;

    let manual = this.cCategory >= 0 ? this.category(cells, r) : -1;
    if (manual >= 0 && code !== statusOpen) {
      if (manual !== (code === statusWon ? closedCategory : omittedCategory))
        manual = this.categoryConflict(cells, r, code === statusWon ? 'won' : 'lost');
    } else if (manual === closedCategory) manual = this.categoryConflict(cells, r, 'open');
    const category =
      manual >= 0
        ? manual
        : code === statusWon
          ? closedCategory
          : code === statusLost
            ? omittedCategory
            : def
              ? hit!.category
              : ladderCategory[ladder]!;
    out.category[i] = category;
    // Closed is won money only: an open deal on a closed stage (a status column that says
    // Open at Closed Won, reported as bad-status) is forecast in its probability's open
    // category, Commit at 100%.
    if (category === closedCategory && code === statusOpen) out.category[i] = openCategoryFor(p);
    // One rule (docs/engine.md, "Probability used"): Omitted is never weighted. An open
    // deal weighted above 0% on an Omitted stage (a Lead at its own 10%) is forecast in
    // its probability's category; one a category column puts in Omitted weighs 0%.
    if (category === omittedCategory && code === statusOpen && p > 0) {
      if (manual >= 0) out.probability[i] = 0;
      else out.category[i] = openCategoryFor(p);
      this.omittedOwn++;
    }
    return code;
  }
}
