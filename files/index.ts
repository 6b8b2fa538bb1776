export { readTableFile, readCsv, decodeText, FileReadError, type ReadOptions } from './read';
export { writeWorkbook, NUMBER_FORMATS } from './write';
