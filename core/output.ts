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
export type OutputKey = 'FunnelData' | 'Forecast' | 'Funnel' | 'Pyramid' | 'Reps' | 'DataIssues';

export const OUTPUT_ORDER: readonly OutputKey[] = [
  'FunnelData',
  'Forecast',
  'Funnel',
  'Pyramid',
  'Reps',
  'DataIssues',
];

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
}

/** Sheet names are fixed (never translated) so formulas and pivots that point at them keep working. */
export function sheetNameFor(key: OutputKey): string {
  return key === 'DataIssues' ? 'Data issues' : key;
}

export function tableNameFor(key: OutputKey): string {
  return `ff${key}`;
}
