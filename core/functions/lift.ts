/**
 * Excel-style lifting: a function written for one cell applied across ranges.
 * A single value (or a 1x1 range) applies to every cell; ranges must share one
 * shape; a bad cell becomes an error in its own place and the rest goes on. An
 * input cell that holds an error (a FunnelError from the host) is that error in
 * its own place too.
 */
import type { ResultCell, ResultGrid } from '../cells';
import { FunnelError, isFunnelError } from '../errors';

export interface Shape {
  rows: number;
  cols: number;
}

function describeShape(s: Shape): string {
  return `${s.rows} row${s.rows === 1 ? '' : 's'} x ${s.cols} column${s.cols === 1 ? '' : 's'}`;
}

/** The shape of a range argument, or null for a single value. Throws on a malformed array. */
export function shapeOf(name: string, arg: unknown): Shape | null {
  if (!Array.isArray(arg)) return null;
  const rows = arg.length;
  const first: unknown = arg[0];
  if (rows === 0 || !Array.isArray(first) || first.length === 0) {
    throw new FunnelError(
      '#VALUE!',
      `${name}: a range must be a non-empty 2D array (rows of cells), e.g. [[1],[2]].`,
      { column: name },
    );
  }
  const cols = first.length;
  for (let r = 0; r < rows; r++) {
    const row: unknown = arg[r];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new FunnelError(
        '#VALUE!',
        `${name}: row ${r + 1} of the range is not a row of ${cols} cell${cols === 1 ? '' : 's'}; a range must be rectangular.`,
        { column: name, row: r + 1 },
      );
    }
  }
  return { rows, cols };
}

/** Every cell of an argument taken whole (a table argument, or a range scanned once). */
export function argumentCells(arg: unknown): unknown[] {
  if (!Array.isArray(arg)) return [arg];
  const out: unknown[] = [];
  for (const row of arg as unknown[]) {
    if (Array.isArray(row)) for (const v of row) out.push(v);
    else out.push(row);
  }
  return out;
}

/**
 * Computes a cell's result from the cell values of the lifted arguments
 * (`values[i]` belongs to `names[i]`; the array is reused between cells, so
 * copy it if you keep it). May return or throw a FunnelError for that cell.
 */
export type CellFunction = (values: unknown[]) => ResultCell | undefined;

function runCell(fn: CellFunction, values: unknown[]): ResultCell {
  // An input cell that holds an error (a host hands it over as a FunnelError)
  // is the error of its own result cell, as Excel's built-in functions do.
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'object' && v !== null && v instanceof FunnelError) return v;
  }
  try {
    const r = fn(values);
    if (typeof r === 'number') return r - r === 0 ? r : notFinite(r);
    return r === undefined ? null : r;
  } catch (e) {
    if (isFunnelError(e)) return e;
    throw e;
  }
}

/**
 * A result of Infinity or NaN (numbers beyond a double's range): a #NUM!
 * error cell in its place, never a number no sheet can show (nor null).
 */
function notFinite(r: number): FunnelError {
  return new FunnelError(
    '#NUM!',
    `The result is ${String(r)}: the numbers are too large to compute with (beyond about 1.8e308).`,
  );
}

/**
 * Applies `fn` cell by cell. All single values -> a single result; otherwise a
 * 2D array of the ranges' common shape. Ranges of different shapes -> one
 * #VALUE! error naming both shapes. Never throws a FunnelError.
 */
export function lift(
  names: readonly string[],
  args: readonly unknown[],
  fn: CellFunction,
): ResultCell | ResultGrid {
  const n = names.length;
  const grids: (unknown[][] | null)[] = new Array<unknown[][] | null>(n);
  // Packed (not holey) so the per-cell reads stay on V8's fast path.
  const values: unknown[] = names.map(() => undefined);
  let shape: Shape | null = null;
  let shapeOwner = '';
  let anyRange = false;
  for (let i = 0; i < n; i++) {
    const name = names[i]!;
    const arg = args[i];
    let s: Shape | null;
    try {
      s = shapeOf(name, arg);
    } catch (e) {
      if (isFunnelError(e)) return e;
      throw e;
    }
    if (s === null) {
      grids[i] = null;
      values[i] = arg;
      continue;
    }
    anyRange = true;
    if (s.rows === 1 && s.cols === 1) {
      // A 1x1 range broadcasts like a single value but makes the result a range.
      grids[i] = null;
      values[i] = (arg as unknown[][])[0]![0];
      continue;
    }
    grids[i] = arg as unknown[][];
    if (shape === null) {
      shape = s;
      shapeOwner = name;
    } else if (shape.rows !== s.rows || shape.cols !== s.cols) {
      return new FunnelError(
        '#VALUE!',
        `${shapeOwner} is ${describeShape(shape)} but ${name} is ${describeShape(s)}: give ranges of the same shape, or a single value that applies to every cell.`,
        { column: name },
      );
    }
  }
  if (!anyRange) return runCell(fn, values);
  const rows = shape?.rows ?? 1;
  const cols = shape?.cols ?? 1;
  const sources: unknown[][][] = [];
  const slots: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = grids[i];
    if (g) {
      sources.push(g);
      slots.push(i);
    }
  }
  const count = sources.length;
  const out: ResultGrid = new Array<ResultCell[]>(rows);
  if (cols === 1) {
    // A column (the usual deal-sheet range): a row literal gets the right
    // element kind at once, with no element-kind transition per cell.
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < count; k++) values[slots[k]!] = sources[k]![r]![0];
      out[r] = [runCell(fn, values)];
    }
    return out;
  }
  for (let r = 0; r < rows; r++) {
    const row = new Array<ResultCell>(cols);
    for (let c = 0; c < cols; c++) {
      for (let k = 0; k < count; k++) values[slots[k]!] = sources[k]![r]![c];
      row[c] = runCell(fn, values);
    }
    out[r] = row;
  }
  return out;
}

/** Runs a whole-call computation, turning a thrown FunnelError into the returned result. */
export function guard(body: () => ResultCell | ResultGrid): ResultCell | ResultGrid {
  try {
    const r = body();
    if (typeof r === 'number') return r - r === 0 ? r : notFinite(r);
    if (Array.isArray(r)) {
      for (const row of r)
        for (let c = 0; c < row.length; c++) {
          const v = row[c];
          if (typeof v === 'number' && v - v !== 0) row[c] = notFinite(v);
        }
    }
    return r;
  } catch (e) {
    if (isFunnelError(e)) return e;
    throw e;
  }
}
