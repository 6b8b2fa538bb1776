export { readTableFile, readCsv, decodeText, FileReadError, type ReadOptions } from './read';
export {
  writeWorkbook,
  writeWorkbookTo,
  checkExcelLimits,
  WorkbookLimitError,
  EXCEL_MAX_ROWS,
  EXCEL_MAX_COLUMNS,
  EXCEL_MAX_CELL_TEXT,
  type Truncation,
  type WriteOptions,
  type WriteReport,
} from './write';
export { ZipSizeError, crc32, streamDeflater, type ByteSink, type DeflaterFactory } from './zip';
export { LIMITS, megabytes } from './limits';
export type { InflateRaw } from './unzip';
