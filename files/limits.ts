/**
 * The stated limits of the file readers (docs/engine.md lists them) and the
 * one error type they throw: a file that cannot be read, in one clear line.
 */

/** A file that cannot be read: one clear line for the user. */
export class FileReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileReadError';
  }
}

export const LIMITS = {
  /** Bytes of a CSV/text file (a JavaScript string holds at most 2^29 - 24 characters). */
  textBytes: 512 * 1024 * 1024,
  /** Records of a CSV file, and rows of an XLSX sheet (Excel's own maximum). */
  rows: 1_048_576 * 4,
  /** Cells in one record or row (Excel's column maximum). */
  columns: 16_384,
  /** Rows of an XLSX sheet (Excel's maximum). */
  xlsxRows: 1_048_576,
  /** Uncompressed bytes of one XLSX part (a sheet's XML, the shared strings). */
  xlsxPartBytes: 512 * 1024 * 1024,
  /** Uncompressed bytes of all the XLSX parts read together. */
  xlsxTotalBytes: 1024 * 1024 * 1024,
  /** Cells of one XLSX sheet (rows x columns of its used range). */
  xlsxCells: 50_000_000,
} as const;

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb).toLocaleString('en-US')} MB`;
}
