/**
 * The stage_table argument: parsed once per distinct content, not once per call.
 * Excel recalculates each formula separately and hands over a fresh array each
 * time, so 100,000 cells that point at the same table must hit a cache keyed by
 * the table's content.
 */
import { FunnelError, isFunnelError } from '../errors';
import { isBlank, type Grid } from '../cells';
import { parseStageTable, type StageTable } from '../stages';
import { isOmitted, singleValue } from './args';
import { shapeOf } from './lift';

const CACHE_SIZE = 16;
// Map keeps insertion order: the first key is the least recently used.
const cache = new Map<string, StageTable | FunnelError>();

function cellKey(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return `n${v}`;
  if (typeof v === 'string') return `s${v}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  return `${typeof v}${String(v)}`;
}

/** A cheap content key: dimensions plus every cell, type-tagged. */
export function stageTableKey(grid: readonly (readonly unknown[])[]): string {
  const parts: string[] = [`${grid.length}x${grid[0]?.length ?? 0}`];
  for (const row of grid) for (const v of row) parts.push(cellKey(v));
  return parts.join('\u0001');
}

/** A whole-column reference ($H:$J) hands over a million blank rows: key and parse only the used rows. */
function withoutTrailingBlankRows(grid: unknown[][]): unknown[][] {
  let end = grid.length;
  while (end > 1 && grid[end - 1]!.every(isBlank)) end--;
  return end === grid.length ? grid : grid.slice(0, end);
}

/**
 * The user's stage table from a function argument, or undefined when omitted
 * (the built-in ladder and presets apply). Throws a FunnelError for a table that
 * cannot be read; the error is cached too, so a bad table costs one parse.
 */
export function stageTableFromArgument(arg: unknown): StageTable | undefined {
  if (isOmitted(arg)) return undefined;
  if (!Array.isArray(singleValue(arg))) {
    throw new FunnelError(
      '#VALUE!',
      'stage_table: give a range of 2 or 3 columns (stage name, probability, optional forecast category), not a single value.',
      { column: 'stage_table', value: arg },
    );
  }
  shapeOf('stage_table', arg);
  const grid = withoutTrailingBlankRows(arg as unknown[][]);
  const key = stageTableKey(grid);
  let hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
  } else {
    try {
      hit = parseStageTable(grid as Grid);
    } catch (e) {
      if (!isFunnelError(e)) throw e;
      hit = e;
    }
    cache.set(key, hit);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  if (isFunnelError(hit)) throw hit;
  return hit;
}

/** For tests and benchmarks: how many parsed tables are cached. */
export function stageTableCacheSize(): number {
  return cache.size;
}

export function clearStageTableCache(): void {
  cache.clear();
}
