/**
 * CSV and XLSX files into SourceSheets: bytes in, grids out. No Node APIs, so
 * the command line and the standalone browser page share it.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { CellValue } from '../core/cells';
import type { SourceSheet } from '../core/engine/types';

export interface ReadOptions {
  /** Only this sheet (XLSX). An unknown name is an error that lists the sheets. */
  sheet?: string;
}

/** A file that cannot be read: one clear line for the user. */
export class FileReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileReadError';
  }
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
    return readXlsx(name, b, options);
  }
  return [readCsv(name, b)];
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (what Chinese Excel saves as "CSV"). */
export function decodeText(b: Uint8Array): string {
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(b);
  } catch {
    return new TextDecoder('gb18030').decode(b);
  }
}

/** Plain decimal numbers become numbers; codes with leading zeros and long ids stay text. */
const NUMBER_RE = /^-?(0|[1-9]\d{0,14})(\.\d+)?$/;

/**
 * "2.000", "15.000": a decimal point, or a European thousands dot? Only the
 * whole column can tell (core decides each column's decimal separator), so
 * such cells stay text here rather than becoming 2 and 15.
 */
const THOUSANDS_OR_DECIMAL_RE = /^-?[1-9]\d{0,2}\.\d{3}$/;

function csvCell(text: string): CellValue {
  if (text === '') return null;
  if (NUMBER_RE.test(text) && !THOUSANDS_OR_DECIMAL_RE.test(text)) return Number(text);
  return text;
}

export function readCsv(name: string, b: Uint8Array): SourceSheet {
  let text = decodeText(b);
  let delimiter = '';
  // Excel's "sep=;" first line names the delimiter.
  const sep = /^sep=(.)\r?\n/.exec(text);
  if (sep) {
    delimiter = sep[1]!;
    text = text.slice(sep[0].length);
  }
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) {
    throw new FileReadError(`${name}: row ${(fatal.row ?? 0) + 1}: ${fatal.message}.`);
  }
  const values = parsed.data.map((row) => row.map(csvCell));
  // A trailing newline yields one empty row.
  while (values.length && values[values.length - 1]!.every((c) => c === null)) values.pop();
  return { name: baseName(name), values, firstRow: 1 };
}

function baseName(name: string): string {
  const file = name.split(/[\\/]/).pop() ?? name;
  return file.replace(/\.[^.]+$/, '');
}

type ExcelValue = ExcelJS.CellValue;

/** An exceljs cell value as a plain cell value: formulas give their cached result, rich text its text. */
function plainValue(v: ExcelValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('result' in v) return plainValue((v as { result?: ExcelValue }).result ?? null);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof (v as { text: unknown }).text === 'string')
      return (v as { text: string }).text;
    if ('error' in v) return String((v as { error: unknown }).error);
  }
  return null;
}

async function readXlsx(name: string, b: Uint8Array, options: ReadOptions): Promise<SourceSheet[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new FileReadError(`${name}: not a readable XLSX workbook (${(e as Error).message}).`);
  }
  const sheets = wb.worksheets.filter((ws) => ws.state !== 'veryHidden');
  let chosen = sheets;
  if (options.sheet !== undefined) {
    const want = options.sheet.trim().toLowerCase();
    chosen = sheets.filter((ws) => ws.name.toLowerCase() === want);
    if (!chosen.length) {
      throw new FileReadError(
        `${name}: no sheet named "${options.sheet}"; the sheets are ${sheets.map((s) => s.name).join(', ')}.`,
      );
    }
  }
  return chosen.map((ws) => {
    const values: CellValue[][] = [];
    const numberFormats: string[][] = [];
    const width = ws.columnCount;
    const height = ws.rowCount;
    for (let r = 1; r <= height; r++) {
      const row = ws.getRow(r);
      const cells: CellValue[] = new Array(width).fill(null);
      const formats: string[] = new Array(width).fill('General');
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (c > width) return;
        cells[c - 1] = plainValue(cell.value);
        formats[c - 1] = cell.numFmt ?? 'General';
      });
      values.push(cells);
      numberFormats.push(formats);
    }
    while (values.length && values[values.length - 1]!.every((c) => c === null)) {
      values.pop();
      numberFormats.pop();
    }
    return { name: ws.name, values, numberFormats, firstRow: 1 };
  });
}
