import { column1FromLetters } from '../core/a1';
import type { Grid } from '../core/cells';

/**
 * Reads an A1 reference against the in-browser workbook: "Sheet!A1:C10",
 * "'My sheet'!B2:D", "A1:C10" (first sheet), or a bare sheet name (its used range).
 */
export interface A1Ref {
  sheet: string | null;
  top: number;
  left: number;
  /** Inclusive; Infinity for open-ended ranges such as A:C or B2:D. */
  bottom: number;
  right: number;
}

const CELL = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

export function parseA1(address: string): A1Ref | null {
  const text = address.trim();
  if (!text) return null;
  let sheet: string | null = null;
  let range = text;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    sheet = text
      .slice(0, bang)
      .replace(/^'(.*)'$/, '$1')
      .replace(/''/g, "'");
    range = text.slice(bang + 1);
  }
  const parts = range.split(':');
  if (parts.length > 2) return null;
  const a = CELL.exec(parts[0]!);
  const b = CELL.exec(parts[1] ?? parts[0]!);
  if (!a || !b || (!a[1] && !a[2]) || (!b[1] && !b[2])) {
    return bang >= 0 ? null : { sheet: text, top: 1, left: 1, bottom: Infinity, right: Infinity };
  }
  return {
    sheet,
    top: a[2] ? Number(a[2]) : 1,
    left: a[1] ? column1FromLetters(a[1]) : 1,
    bottom: b[2] ? Number(b[2]) : Infinity,
    right: b[1] ? column1FromLetters(b[1]) : Infinity,
  };
}

/** The cells of `ref` in `grid` (1-based, as the sheet numbers them), trimmed of blank trailing rows. */
export function sliceGrid(grid: Grid, ref: A1Ref): Grid {
  const out: Grid = [];
  const bottom = Math.min(ref.bottom, grid.length);
  for (let r = ref.top; r <= bottom; r++) {
    const row = grid[r - 1] ?? [];
    const right = Math.min(ref.right, row.length);
    const cells = [];
    for (let c = ref.left; c <= right; c++) cells.push(row[c - 1] ?? null);
    out.push(cells);
  }
  while (out.length && out[out.length - 1]!.every((c) => c === null || c === '')) out.pop();
  return out;
}
