/**
 * The result as host-neutral output tables, FunnelData first. Each table is a
 * spec in its own file ({ key, build(result) }); FORECAST_TABLES lists them in
 * workbook order, typed by FORECAST_ORDER (core/output.ts) so the list and the
 * order the hosts use cannot disagree. Headers are English and fixed: pivots
 * and formulas built on them must survive a re-run.
 */
import type { CellValue } from '../../cells';
import {
  FORECAST_ORDER,
  fromRows,
  outputNames,
  type OutputSource,
  type OutputTable,
} from '../../output';
import { assumptionsTable } from '../assumptions';
import type { ForecastResult } from '../types';
import { dataIssuesTable } from './data-issues';
import { forecastTable } from './forecast';
import { funnelTable } from './funnel';
import { funnelDataTable } from './funnel-data';
import { pyramidTable } from './pyramid';
import { repsTable } from './reps';
import type { OutputOptions, TableSpec } from './spec';

export { FUNNEL_DATA_COLUMNS } from './funnel-data';
export type { OutputOptions, TableSpec } from './spec';

type InOrder<T extends readonly unknown[]> = {
  readonly [I in keyof T]: T[I] extends (typeof FORECAST_ORDER)[number] ? TableSpec<T[I]> : never;
};

/** The forecast's tables, in workbook order. To add one: its file, its key in FORECAST_ORDER, its place here. */
export const FORECAST_TABLES: InOrder<typeof FORECAST_ORDER> = [
  funnelDataTable,
  forecastTable,
  funnelTable,
  pyramidTable,
  repsTable,
  dataIssuesTable,
  { key: 'Assumptions', build: (result) => assumptionsTable(result) },
];

/**
 * The output tables as row sources, FunnelData first: a writer pulls one row at
 * a time, so a million FunnelData rows are never held as arrays at once.
 */
export function toOutputSources(
  result: ForecastResult,
  options: OutputOptions = {},
): OutputSource[] {
  return FORECAST_TABLES.map((spec: TableSpec): OutputSource => {
    const body = spec.build(result, options);
    const names = outputNames(spec.key);
    if ('rows' in body) return fromRows({ ...names, columns: body.columns, rows: body.rows });
    return { ...names, ...body };
  });
}

/** Every output table with its rows built, FunnelData first. */
export function toOutputTables(result: ForecastResult, options: OutputOptions = {}): OutputTable[] {
  return toOutputSources(result, options).map(materialize);
}

/** A source's rows built into arrays (what the hosts that write whole ranges need). */
export function materialize(s: OutputSource): OutputTable {
  return materializeHead(s, s.rowCount);
}

/** A source's first n rows built into arrays (a summary shows the first DISPLAY_ROW_CAP). */
export function materializeHead(s: OutputSource, maxRows: number): OutputTable {
  const n = Math.min(s.rowCount, maxRows);
  const rows: CellValue[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: CellValue[] = new Array(s.columns.length);
    s.fillRow(i, row);
    rows[i] = row;
  }
  const { rowCount: _n, fillRow: _f, readers: _r, ...rest } = s;
  return { ...rest, rows };
}
