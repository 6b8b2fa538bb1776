import type { CellValue } from './cells';

/**
 * Output tables are host-neutral: the engine builds them once, and each host
 * (Excel, Sheets, the XLSX writer, the standalone page) writes them as real
 * tables with these formats. Dates are Date objects at UTC midnight.
 */
export type ColumnFormat = 'text' | 'integer' | 'number' | 'currency' | 'percent' | 'date';

export interface OutputColumn {
  header: string;
  format: ColumnFormat;
}

/** Stable keys; sheet and table names derive from them and never change per language. */
export type ForecastKey = 'FunnelData' | 'Forecast' | 'Funnel' | 'Pyramid' | 'Reps' | 'DataIssues';
/** The pipeline-change tables (core/change), written after the forecast's when snapshots are compared. */
export type ChangeKey = 'PipelineChange' | 'DealChanges' | 'StageFlow' | 'Trend' | 'ChangeIssues';
export type OutputKey = ForecastKey | ChangeKey;

export const FORECAST_ORDER: readonly ForecastKey[] = [
  'FunnelData',
  'Forecast',
  'Funnel',
  'Pyramid',
  'Reps',
  'DataIssues',
];

/** The tables of every run, in order. */
export const OUTPUT_ORDER: readonly OutputKey[] = FORECAST_ORDER;

export const CHANGE_ORDER: readonly ChangeKey[] = [
  'PipelineChange',
  'DealChanges',
  'StageFlow',
  'Trend',
  'ChangeIssues',
];

/** Position of a table in a written workbook: the forecast's tables, then the change tables. */
export function outputRank(key: OutputKey): number {
  const i = OUTPUT_ORDER.indexOf(key);
  return i >= 0 ? i : OUTPUT_ORDER.length + CHANGE_ORDER.indexOf(key as ChangeKey);
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

/** Sheet names are fixed (never translated) so formulas and pivots that point at them keep working. */
const SHEET_NAMES: Partial<Record<OutputKey, string>> = {
  DataIssues: 'Data issues',
  PipelineChange: 'Pipeline change',
  DealChanges: 'Deal changes',
  StageFlow: 'Stage flow',
  ChangeIssues: 'Change issues',
};

export function sheetNameFor(key: OutputKey): string {
  return SHEET_NAMES[key] ?? key;
}

export function tableNameFor(key: OutputKey): string {
  return `ff${key}`;
}
