import { TOTAL_SEGMENT } from '../../core/change/tables';
import type { OutputTable } from '../../core/output';

/** Index of the first column whose header is one of `names` (case-insensitive), or -1. */
export function columnIndex(table: OutputTable, ...names: string[]): number {
  const wanted = names.map((n) => n.toLowerCase());
  return table.columns.findIndex((c) => wanted.includes(c.header.trim().toLowerCase()));
}

export interface Bar {
  label: string;
  value: number;
}

/** Sums a numeric column by a label column, keeping first-seen order. */
export function barsBy(table: OutputTable, labelCol: number, valueCol: number): Bar[] {
  const totals = new Map<string, number>();
  for (const row of table.rows) {
    const label = row[labelCol];
    const value = row[valueCol];
    if (label === null || label === undefined || typeof value !== 'number') continue;
    const key = label instanceof Date ? label.toISOString().slice(0, 10) : String(label);
    totals.set(key, (totals.get(key) ?? 0) + value);
  }
  return [...totals].map(([label, value]) => ({ label, value }));
}

/**
 * The total's bridge of a Pipeline change table, for the waterfall: Start,
 * each bucket that moved the amount, End (the rows whose segment cells read
 * TOTAL_SEGMENT, or every row when the bridge is not segmented).
 */
export function bridgeBars(table: OutputTable): Bar[] {
  const bucket = columnIndex(table, 'Bucket');
  const amount = columnIndex(table, 'Amount');
  if (bucket < 0 || amount < 0) return [];
  const bars: Bar[] = [];
  for (const row of table.rows) {
    if (bucket > 0 && row[0] !== TOTAL_SEGMENT) continue;
    const label = String(row[bucket] ?? '');
    const value = row[amount];
    if (typeof value !== 'number') continue;
    if (label === 'start' || label === 'end' || value !== 0) bars.push({ label, value });
  }
  return bars;
}
