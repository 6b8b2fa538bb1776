/**
 * The shared pipeline-change vectors (test/vectors/change/*.json): snapshots
 * of a deal sheet, the settings and every change table the bridge gives.
 * Core runs them (test/change/vectors.test.ts); a host adapter that writes
 * the change tables runs the same files. Format: ./change/README.md.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CellValue } from '../../core/cells';
import type { PipelineChangeOptions } from '../../core/change';
import type { ForecastSettings } from '../../core/engine/types';
import type { ChangeKey } from '../../core/output';
import type { JsonCell } from './forecast-vectors';

export interface ChangeVector {
  id: string;
  description?: string;
  snapshots: { name: string; asOf: string; values: JsonCell[][] }[];
  settings: ForecastSettings;
  options?: PipelineChangeOptions;
  /** Each change table as a grid, header row first. */
  expect: Partial<Record<ChangeKey, JsonCell[][]>>;
}

export const CHANGE_VECTOR_DIR = join(__dirname, 'change');

export const changeVectorFiles: string[] = readdirSync(CHANGE_VECTOR_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

export function readChangeVector(file: string): ChangeVector {
  const v = JSON.parse(readFileSync(join(CHANGE_VECTOR_DIR, file), 'utf8')) as ChangeVector;
  return { ...v, expect: v.expect ?? {} };
}

export function cellFromJson(cell: JsonCell): CellValue {
  if (cell !== null && typeof cell === 'object') return new Date(`${cell.date}T00:00:00Z`);
  return cell;
}

export function cellToJson(cell: CellValue): JsonCell {
  if (cell instanceof Date) return { date: cell.toISOString().slice(0, 10) };
  return cell;
}
