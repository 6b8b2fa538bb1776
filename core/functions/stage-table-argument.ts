/**
 * The stage_table argument: parsed once per distinct content, not once per call.
 * Excel recalculates each formula separately and hands over a fresh array each
 * time, so 100,000 cells that point at the same table must hit a cache that
 * recognises the table by its content.
 */
import { type Grid } from '../cells';
import { isBlank } from '../read/blank';
import { FunnelError, isFunnelError } from '../errors';
import { parseStageTable, type StageTable } from '../stages';
import { isOmitted, singleValue } from './args';
import { shapeOf } from './lift';

const CACHE_SIZE = 16;

interface Entry {
  /** A private copy of the table's cells: the caller's array may change after the call. */
  cells: unknown[][];
  parsed: StageTable | FunnelError;
}

/** Most recently used first. Matching compares cells, so no key string is built per call. */
const entries: Entry[] = [];

function sameCell(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  // Blank is blank whichever way a host spells it.
  return (a === null || a === undefined || a === '') && (b === null || b === undefined || b === '');
}

/** Same dimensions and the same cell values (70 and "70" differ: they may parse differently). */
export function sameTable(
  a: readonly (readonly unknown[])[],
  b: readonly (readonly unknown[])[],
): boolean {
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    const ra = a[r]!;
    const rb = b[r]!;
    if (ra.length !== rb.length) return false;
    for (let c = 0; c < ra.length; c++) if (!sameCell(ra[c], rb[c])) return false;
  }
  return true;
}

/** A whole-column reference ($H:$J) hands over a million blank rows: compare and parse only the used rows. */
function usedRows(grid: unknown[][]): number {
  let end = grid.length;
  while (end > 1 && grid[end - 1]!.every((v) => isBlank(v))) end--;
  return end;
}

function lookup(grid: unknown[][], rows: number): Entry | undefined {
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.cells.length !== rows) continue;
    let same = true;
    for (let r = 0; r < rows && same; r++) {
      const ra = e.cells[r]!;
      const rb = grid[r]!;
      if (ra.length !== rb.length) same = false;
      else for (let c = 0; c < ra.length; c++) if (!sameCell(ra[c], rb[c])) same = false;
    }
    if (same) {
      if (i > 0) {
        entries.splice(i, 1);
        entries.unshift(e);
      }
      return e;
    }
  }
  return undefined;
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
      'stage_table: give a range of 2, 3 or 4 columns (stage name, probability, optional forecast category, optional ladder stage), not a single value.',
      { column: 'stage_table', value: arg },
    );
  }
  shapeOf('stage_table', arg);
  const grid = arg as unknown[][];
  const rows = usedRows(grid);
  // A cell holding an error (handed over by the host) fails the table with that error.
  for (let r = 0; r < rows; r++) {
    for (const cell of grid[r]!) if (isFunnelError(cell)) throw cell;
  }
  let entry = lookup(grid, rows);
  if (!entry) {
    const cells = grid.slice(0, rows).map((row) => [...row]);
    let parsed: StageTable | FunnelError;
    try {
      parsed = parseStageTable(cells as Grid);
    } catch (e) {
      if (!isFunnelError(e)) throw e;
      parsed = e;
    }
    entry = { cells, parsed };
    entries.unshift(entry);
    if (entries.length > CACHE_SIZE) entries.pop();
  }
  if (isFunnelError(entry.parsed)) throw entry.parsed;
  return entry.parsed;
}

/** For tests and benchmarks: how many parsed tables are cached. */
export function stageTableCacheSize(): number {
  return entries.length;
}

export function clearStageTableCache(): void {
  entries.length = 0;
}
