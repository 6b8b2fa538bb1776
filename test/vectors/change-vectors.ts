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

export { cellFromJson } from './forecast-vectors';

export function cellToJson(cell: CellValue): JsonCell {
  if (cell instanceof Date) return { date: cell.toISOString().slice(0, 10) };
  return cell;
}

/**
 * How a workbook host (Excel, Sheets) runs a vector: the earlier snapshots
 * are saved into FF Snapshots ("Save snapshot" with the deal sheet holding
 * each in turn), then the latest is put in the deal sheet and run with
 * compareWith = the bridge's *from* date; window and key go through the
 * settings. The bridge's *from* is saved first, so its rows of FF Snapshots
 * are its own sheet's rows (a vector's snapshots start at row 1, no blank
 * rows); older ones (Trend only) follow.
 */
export interface HostChangeRun {
  /** Snapshots to save, in order, each with its date. */
  saves: { asOf: string; values: JsonCell[][] }[];
  /** The latest snapshot: the deal sheet's content when the run starts. */
  latest: { asOf: string; values: JsonCell[][] };
  settings: ForecastSettings;
}

function byDate(v: ChangeVector) {
  return [...v.snapshots].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
}

export function hostChangeRun(v: ChangeVector): HostChangeRun {
  const sorted = byDate(v);
  const latest = sorted[sorted.length - 1]!;
  const earlier = sorted.slice(0, -1).reverse();
  return {
    saves: earlier.map((s) => ({ asOf: s.asOf, values: s.values })),
    latest: { asOf: latest.asOf, values: latest.values },
    settings: {
      ...v.settings,
      asOf: latest.asOf,
      compareWith: earlier[0]!.asOf,
      ...(v.options?.window ? { compareWindow: v.options.window } : {}),
      ...(v.options?.key ? { compareKey: v.options.key } : {}),
    },
  };
}

/**
 * The expected change tables as a host writes them: the same cells, except
 * the snapshots' names, which a host takes from where it read them (an
 * earlier snapshot is `FF Snapshots <date>`, the run is the deal sheet),
 * as whole cells and inside notes.
 */
export function hostChangeExpect(
  v: ChangeVector,
  dealSheet: string,
): Partial<Record<ChangeKey, JsonCell[][]>> {
  const sorted = byDate(v);
  const names = new Map<string, string>(
    sorted.map((s, i) => [s.name, i === sorted.length - 1 ? dealSheet : `FF Snapshots ${s.asOf}`]),
  );
  // Whole cells (Change issues' Snapshot) and inside notes ("close date blank in ...").
  const rename = (c: JsonCell): JsonCell =>
    typeof c === 'string' ? [...names].reduce((t, [from, to]) => t.split(from).join(to), c) : c;
  return Object.fromEntries(
    Object.entries(v.expect).map(([k, grid]) => [k, grid!.map((row) => row.map(rename))]),
  );
}
