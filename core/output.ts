import { clean, sum } from './money';
import type { CellValue } from './cells';
import { dateOfDay } from './read/date';

/**
 * Output tables are host-neutral: the engine builds them once, and each host
 * (Excel, Sheets, the XLSX writer, the standalone page) writes them as real
 * tables with these formats. Dates are Date objects at UTC midnight.
 */
export type ColumnFormat = 'text' | 'integer' | 'number' | 'currency' | 'percent' | 'date';

export interface OutputColumn {
  header: string;
  format: ColumnFormat;
  /**
   * Money columns ('currency'): the ISO code of the base currency the figures are in,
   * when the run knows it. Hosts show it (an accounting format "USD #,##0.00;(USD #,##0.00)",
   * a header "Amount (USD)" on screen); the header text itself stays fixed for pivots.
   */
  currency?: string;
  /** Decimals to show: percentages 1, whole days 0, ratios 2. Hosts' defaults apply when absent. */
  decimals?: number;
  /** false: numbers without a thousands separator (a year reads 2026, not 2,026). Default true. */
  grouping?: boolean;
  /**
   * How a total row adds the column up: 'sum' (money, counts), 'rss' (square root of
   * the summed squares: a spread, i.e. a standard deviation of independent deals) or
   * 'none' (ratios, rates). Absent: 'sum' for currency and counts, else 'none'.
   */
  total?: 'sum' | 'rss' | 'none';
  /** What the column means, where the header alone does not say (a header comment, a tooltip). */
  note?: string;
}

/** Stable keys; sheet and table names derive from them and never change per language. */
export type ForecastKey =
  'FunnelData' | 'Forecast' | 'Funnel' | 'Pyramid' | 'Reps' | 'DataIssues' | 'Assumptions';
/** The pipeline-change tables (core/change), written after the forecast's when snapshots are compared. */
export type ChangeKey = 'PipelineChange' | 'DealChanges' | 'StageFlow' | 'Trend' | 'ChangeIssues';
/** The calibration tables (core/rates), written after the change tables when a stage history is given. */
export type CalibrationKey = 'StageRates' | 'Calibration' | 'ForecastAccuracy' | 'HistoryIssues';
export type OutputKey = ForecastKey | ChangeKey | CalibrationKey;

/**
 * The forecast's tables in workbook order. The engine's list of table builders
 * (core/engine/tables/index.ts) is typed by this tuple, so the two cannot disagree.
 */
export const FORECAST_ORDER = [
  'FunnelData',
  'Forecast',
  'Funnel',
  'Pyramid',
  'Reps',
  'DataIssues',
  'Assumptions',
] as const satisfies readonly ForecastKey[];

/** The tables of every run, in order. */
export const OUTPUT_ORDER: readonly OutputKey[] = FORECAST_ORDER;

export const CHANGE_ORDER: readonly ChangeKey[] = [
  'PipelineChange',
  'DealChanges',
  'StageFlow',
  'Trend',
  'ChangeIssues',
];

export const CALIBRATION_ORDER: readonly CalibrationKey[] = [
  'StageRates',
  'Calibration',
  'ForecastAccuracy',
  'HistoryIssues',
];

/** Position of a table in a written workbook: the forecast's tables, then the change tables, then the calibration tables. */
export function outputRank(key: OutputKey): number {
  const i = OUTPUT_ORDER.indexOf(key);
  if (i >= 0) return i;
  const change = CHANGE_ORDER.indexOf(key as ChangeKey);
  if (change >= 0) return OUTPUT_ORDER.length + change;
  return (
    OUTPUT_ORDER.length + CHANGE_ORDER.length + CALIBRATION_ORDER.indexOf(key as CalibrationKey)
  );
}

export interface OutputTable {
  key: OutputKey;
  /** The sheet the add-in owns for this table (sheetNameFor). */
  sheetName: string;
  /** Excel table / named range name: letters, digits and underscores only. */
  tableName: string;
  columns: OutputColumn[];
  rows: CellValue[][];
}

/**
 * An output table whose rows are produced on demand: fillRow(i, out) writes
 * row i's cells into out (reused between calls by streaming writers).
 */
export interface OutputSource extends Omit<OutputTable, 'rows'> {
  rowCount: number;
  fillRow(i: number, out: CellValue[]): void;
  /**
   * The same cells column by column, typed, for a writer that puts them into a file
   * without a CellValue per cell (files/write.ts); one per column when present.
   */
  readers?: readonly ColumnReader[];
}

/**
 * A table whose rows are already built, as a source: the one adapter from rows to
 * fillRow (the engine's extra tables, the CLI's and the page's writers).
 */
export function fromRows(t: OutputTable): OutputSource {
  const { rows, ...rest } = t;
  return {
    ...rest,
    rowCount: rows.length,
    fillRow: (i, out) => {
      const r = rows[i]!;
      out.length = r.length;
      for (let c = 0; c < r.length; c++) out[c] = r[c]!;
    },
  };
}

/**
 * A column's cells by kind; reader.at(i) is row i's cell, as fillRow gives it:
 * - number: the number, NaN for a blank cell;
 * - label: an index into labels (the cell is labels[index]), -1 for a blank cell;
 * - day: days since 1970-01-01, the cell being that day's Date at UTC midnight, NaN for a blank cell;
 * - cell: the cell itself; where the source numbers a column's repeated texts
 *   (a CSV's interned texts, CellSource.codes), code(i) is an index into texts
 *   (the cell is texts[code]) or -1 (read at(i)), so a writer can work a text
 *   out once per code.
 */
export type ColumnReader =
  | { kind: 'number'; at(i: number): number }
  | { kind: 'label'; labels: readonly string[]; at(i: number): number }
  | { kind: 'day'; at(i: number): number }
  | {
      kind: 'cell';
      at(i: number): CellValue;
      texts?: readonly string[];
      code?(i: number): number;
    };

/** A day's cell when no writer gives one: its Date at UTC midnight; null for NaN. */
const dayCell = (day: number): Date | null => (day === day ? dateOfDay(day) : null);

/**
 * The one reading of readers as cells: a function that writes row i's cell of
 * readers[k] into row[at[k]], each as ColumnReader says (a number, NaN blank;
 * labels[index], -1 or out of range blank; a day as dateOf(day), its Date; a
 * cell as it is), blanks as null. The readers are grouped by kind (one loop per
 * kind, no switch per cell): a table's fillRow made from its readers.
 */
export function readerCells(
  readers: readonly ColumnReader[],
  at: ArrayLike<number>,
  dateOf: (day: number) => Date | null = dayCell,
): (i: number, row: CellValue[]) => void {
  const ofKind = <K extends ColumnReader['kind']>(kind: K) => {
    const ks = readers.flatMap((r, k) => (r.kind === kind ? [k] : []));
    return {
      at: Int32Array.from(ks, (k) => at[k]!),
      readers: ks.map((k) => readers[k] as Extract<ColumnReader, { kind: K }>),
    };
  };
  const numbers = ofKind('number');
  const labels = ofKind('label');
  const days = ofKind('day');
  const cells = ofKind('cell');
  return (i, row) => {
    for (let k = 0; k < numbers.at.length; k++) {
      const v = numbers.readers[k]!.at(i);
      row[numbers.at[k]!] = v === v ? v : null;
    }
    for (let k = 0; k < labels.at.length; k++)
      row[labels.at[k]!] = labelText(labels.readers[k]!, i);
    for (let k = 0; k < days.at.length; k++) row[days.at[k]!] = dateOf(days.readers[k]!.at(i));
    for (let k = 0; k < cells.at.length; k++) row[cells.at[k]!] = cells.readers[k]!.at(i);
  };
}

/** Row i's text of a label reader (labels[at(i)]), or null. */
export function labelText(
  label: Extract<ColumnReader, { kind: 'label' }>,
  i: number,
): string | null {
  const k = label.at(i);
  return k >= 0 && k < label.labels.length ? label.labels[k]! : null;
}

/** Sheet names are fixed (never translated) so formulas and pivots that point at them keep working. */
const SHEET_NAMES: Partial<Record<OutputKey, string>> = {
  DataIssues: 'Data issues',
  PipelineChange: 'Pipeline change',
  DealChanges: 'Deal changes',
  StageFlow: 'Stage flow',
  ChangeIssues: 'Change issues',
  StageRates: 'Stage rates',
  ForecastAccuracy: 'Forecast accuracy',
  HistoryIssues: 'History issues',
};

export function sheetNameFor(key: OutputKey): string {
  return SHEET_NAMES[key] ?? key;
}

export function tableNameFor(key: OutputKey): string {
  return `ff${key}`;
}

/** A table's key with the names of its sheet and its Excel table (sheetNameFor, tableNameFor). */
export function outputNames<K extends OutputKey>(
  key: K,
): { key: K; sheetName: string; tableName: string } {
  return { key, sheetName: sheetNameFor(key), tableName: tableNameFor(key) };
}

/** How a column adds up in a total row (OutputColumn.total, with its default). */
export function totalKind(column: OutputColumn): 'sum' | 'rss' | 'none' {
  if (column.total) return column.total;
  return column.format === 'currency' || column.format === 'integer' ? 'sum' : 'none';
}

/**
 * The total of a column's numbers: a cent-exact sum, or for a spread the square
 * root of the summed squares (independent deals' variances add; their standard
 * deviations do not). null for columns that do not add up.
 */
export function columnTotal(column: OutputColumn, values: readonly unknown[]): number | null {
  const kind = totalKind(column);
  if (kind === 'none') return null;
  const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (kind === 'rss') return clean(Math.sqrt(nums.reduce((s, v) => s + v * v, 0)));
  return sum(nums);
}
