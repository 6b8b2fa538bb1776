import type { FunnelError } from './errors';

/** A cell value as any host hands it over: Excel, Sheets, CSV, XLSX. */
export type CellValue = string | number | boolean | Date | null;

/** A rectangular range of cells, row-major. */
export type Grid = CellValue[][];

/** What a custom function puts in one cell: a value, a blank, or a located error. */
export type ResultCell = string | number | boolean | null | FunnelError;

export type ResultGrid = ResultCell[][];

/**
 * Cells by row and column, however they are held: a host's row grid
 * (`gridSource`) or a file reader's columns (files/csv.ts). `width(r)` is the
 * number of cells row r holds (a CSV record's exact count); `cell(r, c)` is
 * null beyond it.
 */
export interface CellSource {
  readonly rows: number;
  width(r: number): number;
  cell(r: number, c: number): CellValue;
  /**
   * A column's repeated texts as codes, where the reader has them (a CSV's
   * interned texts): a reader of the column can work a text out once per code.
   */
  codes?(c: number): ColumnCodes | undefined;
}

/**
 * codes[r] = k + 1: cell(r, c) is texts[k]; 0: no code, read cell(r, c).
 * Equal texts may have two codes; a code is never two texts.
 */
export interface ColumnCodes {
  readonly codes: Int32Array;
  readonly texts: readonly string[];
}

/** A row grid as a CellSource. */
class GridSource implements CellSource {
  readonly rows: number;
  /**
   * The row read last: the passes read a row's cells one after another (the
   * grid must not change while it is read).
   */
  private at = -1;
  private row: CellValue[] = [];
  constructor(private readonly values: Grid) {
    this.rows = values.length;
  }
  width(r: number): number {
    return this.values[r]!.length;
  }
  cell(r: number, c: number): CellValue {
    if (r !== this.at) {
      this.row = this.values[r]!;
      this.at = r;
    }
    const v = this.row[c];
    return v === undefined ? null : v;
  }
}

export function gridSource(values: Grid): CellSource {
  return new GridSource(values);
}

/** The cells of the sheet: its reader's source when it has one, else its grid. */
export function cellsOf(sheet: { readonly cells?: CellSource; readonly values: Grid }): CellSource {
  return sheet.cells ?? gridSource(sheet.values);
}

/** The first rows of a source as a grid (each row exactly its cells). */
export function headRows(src: CellSource, count: number): Grid {
  const out: Grid = [];
  const n = Math.min(count, src.rows);
  for (let r = 0; r < n; r++) out.push(rowAt(src, r));
  return out;
}

/** Row r of a source as an array of exactly its cells. */
export function rowAt(src: CellSource, r: number): CellValue[] {
  const w = src.width(r);
  const row = new Array<CellValue>(w);
  for (let c = 0; c < w; c++) row[c] = src.cell(r, c);
  return row;
}
