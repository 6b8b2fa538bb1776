import type { FunnelError } from './errors';

/** A cell value as any host hands it over: Excel, Sheets, CSV, XLSX. */
export type CellValue = string | number | boolean | Date | null;

/** A rectangular range of cells, row-major. */
export type Grid = CellValue[][];

/** What a custom function puts in one cell: a value, a blank, or a located error. */
export type ResultCell = string | number | boolean | null | FunnelError;

export type ResultGrid = ResultCell[][];
