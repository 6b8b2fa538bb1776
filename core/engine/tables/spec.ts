/**
 * What an output table is to the engine: a key and a build(result) that gives
 * its columns and cells. Each forecast table is one such spec in its own file;
 * the list in index.ts sets their order. Helpers for the column kinds the
 * tables share are here.
 */
import type { CellValue } from '../../cells';
import type { ForecastKey, OutputColumn, OutputSource } from '../../output';
import type { ForecastResult } from '../types';

export interface OutputOptions {
  /** Excel number formats of the source's first data row, so date columns keep a date format. */
  formats?: (string | undefined)[];
}

/** A table's columns and its cells: rows already built, or produced one at a time. */
export type TableBody =
  | { columns: OutputColumn[]; rows: CellValue[][] }
  | Pick<OutputSource, 'columns' | 'rowCount' | 'fillRow' | 'readers'>;

export interface TableSpec<K extends ForecastKey = ForecastKey> {
  key: K;
  build(result: ForecastResult, options: OutputOptions): TableBody;
}

/** A yes/no column's labels by flag: 0 No, 1 Yes (a label reader's list, as yesNo writes them). */
export const YES_NO: readonly string[] = ['No', 'Yes'];
export const yesNo = (b: boolean | undefined): string => YES_NO[b ? 1 : 0]!;

/** A money column, in the run's base currency where it has one. */
export function money(
  result: ForecastResult,
  header: string,
  extra: Partial<OutputColumn> = {},
): OutputColumn {
  const cur = result.baseCurrency ?? undefined;
  return { header, format: 'currency', ...(cur ? { currency: cur } : {}), ...extra };
}

export const pct = (header: string, note?: string): OutputColumn => ({
  header,
  format: 'percent',
  decimals: 1,
  total: 'none',
  ...(note ? { note } : {}),
});

export const ratio = (header: string, note?: string): OutputColumn => ({
  header,
  format: 'number',
  decimals: 2,
  total: 'none',
  ...(note ? { note } : {}),
});

export const count = (header: string): OutputColumn => ({
  header,
  format: 'integer',
  total: 'sum',
});

export const text = (header: string): OutputColumn => ({ header, format: 'text' });

/** Headers made distinct from those taken (case-blind): "Region (source)", "Region (source 2)". */
export function unique(headers: readonly string[], taken: Set<string>): string[] {
  return headers.map((h) => {
    let name = h;
    let n = 1;
    while (taken.has(name.toLowerCase())) name = n++ === 1 ? `${h} (source)` : `${h} (source ${n})`;
    taken.add(name.toLowerCase());
    return name;
  });
}
