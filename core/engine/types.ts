import type { CellSource, CellValue, Grid } from '../cells';
import type { DealStatus, ForecastCategory, LadderStage, StageDef, StageSource } from '../stages';

/** The deal fields the engine knows; every other column may serve as a segment. */
export const FIELD_NAMES = [
  'amount',
  'stage',
  'probability',
  'closeDate',
  'createdDate',
  'account',
  'opportunity',
  'owner',
  'currency',
  'status',
  'category',
  'lastActivity',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** A source range as a host reads it: title rows and the header row included. */
export interface SourceSheet {
  /** Sheet, table or file name, for messages. */
  name: string;
  /** The rows (for a CSV file built from `cells` on first read: the engine reads `cells`). */
  values: Grid;
  /**
   * The same cells as values, as the file reader holds them (a CSV's columns);
   * the engine reads these when present, so a run never builds the row grid.
   * A reader sets it as a non-enumerable property, so that a copy of the sheet
   * with other values (`{ ...sheet, values }`) is read from those values.
   */
  cells?: CellSource;
  /** Number formats parallel to values, where the host has them (Excel), so date columns are recognised. */
  numberFormats?: string[][];
  /** 1-based sheet row of values[0] (a range may start below row 1). Default 1. */
  firstRow?: number;
  /** The CSV field delimiter the file reader used (a hint for decimal commas). */
  delimiter?: string;
  /** Decisions the file reader made (encoding, delimiter, sheet...), carried into the run's notes. */
  fileNotes?: string[];
  /**
   * true when each row holds exactly its record's cells (a CSV file): a data
   * row whose cell count differs from the header row's is then a ragged row.
   */
  exactRowLengths?: boolean;
}

export type PeriodKind = 'month' | 'quarter' | 'year';
export type TierMeasure = 'won' | 'open' | 'weighted' | 'total';

/**
 * Everything a user chooses; serialisable (saved in the workbook), so it
 * holds plain data: ISO dates, grids, header names.
 */
export interface ForecastSettings {
  /** Field to header text; overrides detection. null means "not in this sheet". */
  mapping?: Partial<Record<FieldName, string | null>>;
  /** A user stage table: rows of stage name, probability[, category]. */
  stageTable?: Grid;
  /** Header names to segment the forecast by (region, industry, owner, "Tier"...). */
  segmentBy?: string[];
  period?: PeriodKind;
  /** First month of the fiscal year, 1-12; the fiscal year is named by the year it ends. */
  fiscalYearStart?: number;
  /** ISO date (YYYY-MM-DD). Required for a run: the engine never reads the clock. */
  asOf?: string;
  /** Rows of (owner or segment value, period label, target). */
  targets?: Grid;
  /** Where the targets live in the workbook (A1 address, table or named range); hosts read it into targets. */
  targetsRange?: string;
  /** Rows of (currency, rate to the base currency). */
  rates?: Grid;
  /** Where the rates live in the workbook; hosts read it into rates. */
  ratesRange?: string;
  /**
   * Date (YYYY-MM-DD) of a snapshot saved in the workbook (FF Snapshots) to
   * compare the run with: the Excel and Sheets hosts read it and every
   * earlier saved date, and the run adds the pipeline-change tables.
   */
  compareWith?: string;
  /**
   * Another table or sheet of the workbook to compare the run with, read like
   * the deal sheet, as the earlier snapshot dated compareWith (required then).
   */
  compareSource?: { kind: 'selection' | 'table' | 'sheet'; id: string; label: string };
  /** Close-date window of the bridge (a period label: 2026-Q4, 2026-11, FY2027-Q2, 2026); default the period holding the as-of date. */
  compareWindow?: string;
  /** Header of the bridge's key column; default a deal-id column, else the opportunity column. */
  compareKey?: string;
  baseCurrency?: string;
  tierMeasure?: TierMeasure;
  /** Days without activity after which an open deal is flagged stale. */
  staleDays?: number;
  /** 1-based sheet row of the header row; overrides header detection. */
  headerRow?: number;
  /** Order of ambiguous dates such as 01/08/2026; overrides the per-column decision. */
  dayOrder?: 'day-first' | 'month-first';
  /** Decimal separator of amount and probability text; overrides the per-column decision. */
  decimalSeparator?: '.' | ',';
  /** Count rows whose cell count differs from the header's (still reported); default false. */
  keepRaggedRows?: boolean;
}

export interface FieldMapping {
  field: FieldName;
  header: string;
  /** 0-based column index in the source grid. */
  column: number;
  /** 'user' when the user chose it, 'detected' otherwise. */
  how: 'user' | 'detected';
}

export interface MappingReport {
  /** 1-based sheet row of the header row. */
  headerRow: number;
  headers: string[];
  fields: Partial<Record<FieldName, FieldMapping>>;
  segments: string[];
  /** The built-in table that knows the sheet's stages best, when not the default ladder. */
  stagePreset?: StageSource;
  notes: string[];
}

export type IssueKind =
  | 'bad-amount'
  | 'missing-amount'
  | 'unknown-stage'
  | 'missing-stage'
  | 'bad-probability'
  | 'bad-date'
  | 'missing-close-date'
  | 'slipped'
  | 'stale'
  | 'no-rate'
  | 'bad-category'
  | 'bad-status'
  /** A negative amount (a credit note?): kept and counted, but worth a look. */
  | 'negative-amount'
  /** A CSV record whose cell count differs from the header's: not counted unless kept. */
  | 'ragged-row';

export interface DataIssue {
  /** 1-based sheet row as the user sees it. */
  row: number;
  /** The deal's opportunity name (else its account), when the sheet has one. */
  opportunity?: string | null;
  column: string;
  value: CellValue;
  kind: IssueKind;
  problem: string;
  /** true when the row still counts in the totals (e.g. slipped, missing close date). */
  rowKept: boolean;
}

export interface DealRecord {
  row: number;
  /** The source row's original values, by header. */
  original: CellValue[];
  amount: number | null;
  currency: string | null;
  stage: LadderStage | null;
  stageLabel: string | null;
  probability: number | null;
  weighted: number | null;
  category: ForecastCategory | null;
  status: DealStatus | null;
  closeDate: Date | null;
  createdDate: Date | null;
  period: string | null;
  fiscalYear: string | null;
  fiscalQuarter: string | null;
  account: string | null;
  owner: string | null;
  tier: string | null;
  slipped: boolean;
  issues: string;
  /** false when the row could not be used (no amount, no way to weight it, no exchange rate); it is listed in issues. */
  counted?: boolean;
  /** Amount as the sheet wrote it, before conversion to the base currency. */
  sourceAmount?: number | null;
  lastActivity?: Date | null;
  /** Open deal with no activity for more than staleDays. */
  stale?: boolean;
}

export interface ForecastRow {
  segment: Record<string, string>;
  period: string;
  deals: number;
  amount: number;
  weighted: number;
  /** Single-category amounts. */
  closed: number;
  commit: number;
  bestCase: number;
  pipeline: number;
  omitted: number;
  /** Cumulative, as Salesforce defines them. */
  commitCumulative: number;
  bestCaseCumulative: number;
  pipelineCumulative: number;
  /** Standard deviation of the weighted total, sqrt(sum amount^2 p (1-p)). */
  spread: number;
  /** Open (not won, not lost) amount, for coverage. */
  openAmount?: number;
  /** From the targets table, when one of the row's segment values has a target for the period. */
  target?: number | null;
  /** target - (closed + weighted open). */
  gap?: number | null;
  /** open amount / (target - closed). */
  coverage?: number | null;
}

export interface FunnelRow {
  stage: LadderStage;
  /** Every deal at the stage, amount or not. */
  deals: number;
  /** Of those, the deals that add no money (no amount, or no exchange rate). */
  withoutAmount: number;
  amount: number;
  weighted: number;
  /** Deals at this stage or past it (Won included); null for Lost, which stands apart. */
  reached: number | null;
  /** reached / reached at the stage before; null at the top and for Lost. */
  fromPrevious: number | null;
  /** reached / reached at the top stage (every deal not lost); null for Lost. */
  fromTop: number | null;
}

export interface TierRow {
  account: string;
  value: number;
  share: number;
  cumulativeShare: number;
  tier: string;
  coverage: string;
}

export interface RepRow {
  owner: string;
  won: number;
  lost: number;
  winRate: number | null;
  avgWonAmount: number | null;
  avgCycleDays: number | null;
  openAmount: number;
  weighted: number;
  velocityPerDay: number | null;
  target?: number | null;
  gap?: number | null;
  coverage?: number | null;
  oppsNeeded?: number | null;
  /** The period the target columns refer to (the period containing the as-of date). */
  targetPeriod?: string | null;
  /** Open deals (the opportunities in the performance equation). */
  openDeals?: number;
}

/**
 * A run's result. Plain data except `deals` and `issues` on a result that
 * runForecast made: each is a property that builds its array on first read and
 * is plain data from then on (core/engine/deals.ts attachDeals; the columns
 * behind them are reached through dealStoreOf). They stay lazy because a
 * benchmark shows it pays: on 1,048,576 deals, building both arrays at once
 * (1,048,576 DealRecords, 184,495 DataIssues) took runForecast from 1,112 to
 * 2,009 ms of CPU (1.81x; `npm run bench -- engine`, the "result.deals +
 * result.issues read" case, docs/benchmarks.md), while the command line's
 * --json and the XLSX writer read the columns and never need the objects.
 */
export interface ForecastResult {
  mapping: MappingReport;
  /** Built on first read (see above). */
  deals: DealRecord[];
  forecast: ForecastRow[];
  funnel: FunnelRow[];
  tiers: TierRow[];
  reps: RepRow[];
  /** Built on first read (see above). */
  issues: DataIssue[];
  /** Counts: rows read, deals counted, rows reported unusable, issues by kind. */
  counts: {
    rows: number;
    counted: number;
    excluded: number;
    byKind: Partial<Record<IssueKind, number>>;
  };
  /** Totals per currency that had no rate, never added to the base-currency figures. */
  unconverted: { currency: string; deals: number; amount: number }[];
  /** Plain notes about the run (base currency, tier measure fallback, target matching). */
  notes?: string[];
  /** The base currency all amounts are in, when the sheet names currencies. */
  baseCurrency?: string | null;
  /** The as-of date used (ISO). */
  asOf?: string;
  /** First and last close date of the sheet (ISO), when any deal has one. */
  closeDates?: { first: string; last: string };
  /** What the run assumed, for the Assumptions table: source, settings, the stages as resolved. */
  assumptions?: RunAssumptions;
}

export interface RunAssumptions {
  source: string;
  settings: ForecastSettings;
  /** Each stage label the sheet uses, as the run resolved it (none: unknown to every table). */
  stages: { label: string; deals: number; def?: StageDef }[];
  /** Rates used, currency to base units per unit. */
  rates: [string, number][];
  period: PeriodKind;
  fiscalYearStart: number;
  tierMeasure: TierMeasure;
  staleDays: number;
}
