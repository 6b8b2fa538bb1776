/**
 * The shared forecast vectors (test/vectors/forecast/*.json), loaded once for
 * every suite that runs them: core (test/engine), the Excel adapter
 * (test/excel) and the Sheets bundle (test/sheets). Format: ./forecast/README.md.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CellValue } from '../../core/cells';
import type { ForecastSettings, SourceSheet } from '../../core/engine/types';
import type { OutputKey } from '../../core/output';

/** A cell as the vectors write it: dates as {"date": "YYYY-MM-DD"}. */
export type JsonCell = string | number | boolean | null | { date: string };

export interface ForecastVector {
  id: string;
  description?: string;
  sheet: { name: string; values: JsonCell[][]; firstRow?: number };
  settings: ForecastSettings;
  /** Each output table as a grid, header row first ({} until UPDATE_VECTORS=1 fills it). */
  expect: Partial<Record<OutputKey, JsonCell[][]>>;
}

export const FORECAST_VECTOR_DIR = join(__dirname, 'forecast');

export const forecastVectorFiles: string[] = readdirSync(FORECAST_VECTOR_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

export function readForecastVector(file: string): ForecastVector {
  const vector = JSON.parse(
    readFileSync(join(FORECAST_VECTOR_DIR, file), 'utf8'),
  ) as ForecastVector;
  return { ...vector, expect: vector.expect ?? {} };
}

export const isDateCell = (cell: JsonCell): cell is { date: string } =>
  cell !== null && typeof cell === 'object';

/** A vector's cell as the engine reads it: {"date": d} is that day's Date at UTC midnight. */
export function cellFromJson(cell: JsonCell): CellValue {
  return isDateCell(cell) ? new Date(`${cell.date}T00:00:00Z`) : cell;
}

/** A forecast vector's deal sheet, as the engine reads it. */
export function vectorSheet(v: ForecastVector): SourceSheet {
  return {
    name: v.sheet.name,
    values: v.sheet.values.map((r) => r.map(cellFromJson)),
    firstRow: v.sheet.firstRow,
  };
}

/** Numbers agree to 1e-9 relative: the same figure, whatever order a host summed in. */
export function sameNumber(got: number, want: number): boolean {
  return Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));
}
