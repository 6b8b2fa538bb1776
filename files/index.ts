export { readTableFile, readCsv, decodeText, FileReadError, type ReadOptions } from './read';
export { LIMITS, megabytes } from './limits';
export type { InflateRaw } from './zip';
export { writeWorkbook, NUMBER_FORMATS } from './write';
