/**
 * The pipeline-change bridge between two snapshots of the deal sheet: what
 * changed in a window of close dates since an earlier export, reconciled to
 * the cent (Start + every bucket = End). docs/engine.md, "Pipeline change",
 * states every definition.
 */
import type { ForecastCategory, LadderStage } from '../stages';

/** Buckets of a deal in Start but not in End, in precedence order (each: minus its from figures). */
export const OUT_BUCKETS = ['removed', 'won', 'lost', 'pushedOut', 'pulledOut'] as const;
/** Buckets of a deal in End but not in Start, in precedence order (each: plus its to figures). */
export const IN_BUCKETS = ['reopened', 'pulledIn', 'pushedIn', 'new'] as const;
/** Buckets of a deal in both, in precedence order (each: to minus from). */
export const BOTH_BUCKETS = [
  'increased',
  'decreased',
  'advanced',
  'regressed',
  'unchanged',
] as const;
/** Segment moves, before any other bucket (only when the bridge is segmented). */
export const MOVE_BUCKETS = ['movedOut', 'movedIn'] as const;

export type Bucket =
  | (typeof MOVE_BUCKETS)[number]
  | (typeof OUT_BUCKETS)[number]
  | (typeof IN_BUCKETS)[number]
  | (typeof BOTH_BUCKETS)[number];

/** Every bucket, in the order the Pipeline change table lists them. */
export const BUCKETS: readonly Bucket[] = [
  ...MOVE_BUCKETS,
  ...OUT_BUCKETS,
  ...IN_BUCKETS,
  ...BOTH_BUCKETS,
];

/** A row of the Pipeline change table: Start, a bucket, or End. */
export type BridgeStep = 'start' | Bucket | 'end';

export interface ChangeRow {
  /** Segment values by header; {} for the whole window (the total). */
  segment: Record<string, string>;
  bucket: BridgeStep;
  deals: number;
  amount: number;
  weighted: number;
}

/** One deal of Start or End, as the Deal changes table lists it. */
export interface DealChange {
  key: string;
  opportunity: string | null;
  account: string | null;
  owner: string | null;
  /** The deal's bucket in the whole window (segment moves are per segment: see fromSegment, toSegment). */
  bucket: Bucket;
  /** Stage as written in each snapshot (null when the deal is not in it). */
  fromStage: string | null;
  toStage: string | null;
  fromLadderStage: LadderStage | null;
  toLadderStage: LadderStage | null;
  /** Amounts and weighted amounts in the base currency. */
  fromAmount: number | null;
  toAmount: number | null;
  fromWeighted: number | null;
  toWeighted: number | null;
  /** What the deal adds to its bucket (amount and weighted). */
  amountChange: number;
  weightedChange: number;
  fromCloseDate: Date | null;
  toCloseDate: Date | null;
  /** to close date minus from close date, in days; null unless both exist. */
  closeDaysMoved: number | null;
  fromCategory: ForecastCategory | null;
  toCategory: ForecastCategory | null;
  fromProbability: number | null;
  toProbability: number | null;
  /** Segment values in each snapshot, when the bridge is segmented (null when the deal is not in it). */
  fromSegment: Record<string, string> | null;
  toSegment: Record<string, string> | null;
  /** Sheet rows in each snapshot. */
  fromRow: number | null;
  toRow: number | null;
  /** Plain remarks: close date now blank, not counted in a snapshot (why), moved segment. */
  note: string;
}

export interface StageFlowRow {
  /** Ladder stage in from, or "(absent)". */
  fromStage: string;
  toStage: string;
  deals: number;
  fromAmount: number;
  toAmount: number;
}

export interface TrendRow {
  /** The snapshot's as-of date (ISO). */
  date: string;
  snapshot: string;
  /** Counted deals closing in the window, any status. */
  deals: number;
  openDeals: number;
  openAmount: number;
  /** Won amounts plus open amounts x probability, as the Forecast's weighted. */
  weighted: number;
  closed: number;
  /** Cumulative, as the Forecast defines them: Commit = Closed + Commit; Best Case = Closed + Commit + Best Case; Pipeline = open Pipeline + Best Case + Commit. */
  commit: number;
  bestCase: number;
  pipeline: number;
}

/** A row left out of the bridge: its key repeats or is blank. */
export interface ChangeIssue {
  /** Which snapshot: its name and date. */
  snapshot: string;
  date: string;
  row: number;
  column: string;
  value: string | number | boolean | Date | null;
  kind: 'duplicate-key' | 'missing-key';
  problem: string;
}

/** Open deals in the window whose currency has no rate: kept apart, per snapshot and currency. */
export interface KeptApart {
  snapshot: string;
  date: string;
  currency: string;
  deals: number;
  amount: number;
}

export interface ChangeWindow {
  label: string;
  /** First and last day of the window (ISO). */
  first: string;
  last: string;
}

export interface SnapshotInfo {
  name: string;
  date: string;
  keyHeader: string;
  rows: number;
}

export interface ChangeResult {
  from: SnapshotInfo;
  to: SnapshotInfo;
  window: ChangeWindow;
  /** Segment headers of the bridge, in the user's order ([] for none). */
  segments: string[];
  baseCurrency: string | null;
  /** Per segment (when segmented) then the total, each Start, the buckets in order, End. */
  rows: ChangeRow[];
  /** Deals of Start or End: built on demand (a million objects cost more than the bridge). */
  dealCount: number;
  deal(k: number): DealChange;
  stageFlow: StageFlowRow[];
  /** One row per snapshot when more than two are given, else null. */
  trend: TrendRow[] | null;
  issues: ChangeIssue[];
  keptApart: KeptApart[];
  notes: string[];
}
