export { readTableFile, readCsv, decodeText, FileReadError, type ReadOptions } from './read';
export { LIMITS, megabytes } from './limits';
export { writeWorkbook, NUMBER_FORMATS } from './write';
