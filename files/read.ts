/**
 * CSV and XLSX files into SourceSheets: bytes in, grids out. No Node APIs, so
 * the command line and the standalone browser page share it.
 */
import type { SourceSheet } from '../core';
import { delimiterName, detectDelimiter, parseCsvColumns } from './csv';
import { decodeBytes, encodingName } from './decode';
import { FileReadError } from './limits';
import { readXlsxFile } from './xlsx';
import type { InflateRaw } from './unzip';

export { FileReadError } from './limits';
export { decodeText } from './decode';

export interface ReadOptions {
  /** Only this sheet (XLSX). An unknown name is an error that lists the sheets. */
  sheet?: string;
  /** Text encoding of a CSV file (utf-8, utf-16le, utf-16be, windows-1252, gb18030...); detected when absent. */
  encoding?: string;
  /** Field delimiter of a CSV file; detected when absent (or named by a "sep=" first line). */
  delimiter?: string;
  /** XLSX: the host's raw-deflate inflater (the CLI passes Node's zlib); DecompressionStream otherwise. */
  inflateRaw?: InflateRaw;
}

function toBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

function isZip(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

export async function readTableFile(
  name: string,
  bytes: Uint8Array | ArrayBuffer,
  options: ReadOptions = {},
): Promise<SourceSheet[]> {
  const b = toBytes(bytes);
  const lower = name.toLowerCase();
  if (lower.endsWith('.xls') && !isZip(b)) {
    throw new FileReadError(
      `${name}: the old .xls format is not supported; save it as .xlsx or .csv.`,
    );
  }
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm') || isZip(b)) {
    return readXlsxFile(name, b, options);
  }
  return [readCsv(name, b, options)];
}

/** "sep=;" on the first line (Excel's way of naming the delimiter): the delimiter and the line's length. */
function sepLine(text: string): { delimiter: string; length: number } | null {
  if (!text.startsWith('sep=') || text.length < 5) return null;
  const d = text[4]!;
  if (d === '\n' || d === '\r') return null;
  let length = 5;
  if (text.charCodeAt(5) === 13) length++;
  if (text.charCodeAt(length) === 10) length++;
  if (length === 5 && text.length > 5) return null;
  return { delimiter: d, length };
}

/**
 * A CSV file as one SourceSheet: the encoding and the delimiter decided (or
 * as chosen) and stated in fileNotes; each row holds exactly its record's cells.
 */
export function readCsv(name: string, b: Uint8Array, options: ReadOptions = {}): SourceSheet {
  const decoded = decodeBytes(name, b, options.encoding);
  let text = decoded.text;
  let delimiter: string;
  let how: string;
  const sep = sepLine(text);
  if (sep) text = text.slice(sep.length);
  if (options.delimiter) {
    delimiter =
      options.delimiter === '\\t' || options.delimiter === 'tab' ? '\t' : options.delimiter;
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new FileReadError(
        `delimiter ${JSON.stringify(options.delimiter)}: give one character such as , ; | or tab.`,
      );
    }
    how = 'as chosen';
  } else if (sep) {
    delimiter = sep.delimiter;
    how = 'named by its sep= line';
  } else {
    delimiter = detectDelimiter(text);
    how = 'detected';
  }
  const cells = parseCsvColumns(name, text, delimiter);
  const encodingHow =
    decoded.how === 'chosen'
      ? 'as chosen'
      : decoded.how === 'detected'
        ? 'detected'
        : 'byte order mark';
  const sheet: SourceSheet = {
    name: baseName(name),
    // The rows only when asked for (the page, FunnelData's original cells): a run reads the columns.
    get values() {
      return cells.grid();
    },
    firstRow: 1,
    delimiter,
    exactRowLengths: true,
    fileNotes: [
      `${fileName(name)}: read as ${encodingName(decoded.encoding)} (${encodingHow}), fields separated by ${delimiterName(delimiter)} (${how}).`,
    ],
  };
  // Not enumerable: a copy of the sheet with other values ({ ...sheet, values }) leaves the
  // columns behind and is read from its own values, never from the file's columns.
  Object.defineProperty(sheet, 'cells', { value: cells, enumerable: false });
  return sheet;
}

function fileName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

function baseName(name: string): string {
  const file = name.split(/[\\/]/).pop() ?? name;
  return file.replace(/\.[^.]+$/, '');
}
