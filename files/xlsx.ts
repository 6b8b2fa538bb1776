/**
 * XLSX sheets into SourceSheets by one direct pass over each sheet's XML, the
 * shared strings and the styles read once. No workbook object model is built.
 *
 * - Visible sheets are read; a hidden one only when named (ReadOptions.sheet).
 * - A cell's `r` attribute is optional (the next column, the next row).
 * - Numbers with a date format become Dates (the 1904 date system honoured);
 *   formulas give their cached result; rich text its text; errors their code.
 * - Sizes are checked before cells are built: each part's uncompressed size,
 *   the declared dimension, then the rows, columns and cells met (LIMITS).
 */
import type { CellValue } from '../core/cells';
import type { SourceSheet } from '../core/engine/types';
import { BLANK_ROW } from './csv';
import { FileReadError, LIMITS } from './limits';
import { listZip, readZipEntry, type ZipEntry } from './zip';

export interface XlsxOptions {
  sheet?: string;
}

interface SheetInfo {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  path: string;
}

const BLANK_FORMATS: string[] = Object.freeze([]) as unknown as string[];

/** The built-in number formats (ECMA-376 part 1, 18.8.30) by id. */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};
/** Ids 27-36 and 50-58 are East Asian date formats whose text depends on the locale. */
const ASIAN_DATE_FORMAT = 'yyyy"年"m"月"d"日"';

function formatOfId(id: number, custom: Map<number, string>): string | undefined {
  return (
    custom.get(id) ??
    BUILTIN_FORMATS[id] ??
    ((id >= 27 && id <= 36) || (id >= 50 && id <= 58) ? ASIAN_DATE_FORMAT : undefined)
  );
}

/** A number format that shows a date or time: its numbers are read as dates. */
function isDateFormatCode(format: string): boolean {
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text with its entities and OOXML's _xHHHH_ escapes decoded. */
function xmlText(s: string): string {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITY[e] ?? m;
    });
  }
  if (s.indexOf('_x') >= 0) {
    s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return s;
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|[\\s:])${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? xmlText(m[1] ?? m[2] ?? '') : undefined;
}

/** Every start tag of a local name (any namespace prefix) in a small XML part, as its text. */
function tags(xml: string, local: string): string[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${local}(?=[\\s/>])[^>]*>`, 'g');
  return xml.match(re) ?? [];
}

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/');
  parts.pop();
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

class Workbook {
  private readonly entries: Map<string, ZipEntry>;
  private total = 0;

  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {
    this.entries = listZip(name, bytes);
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  async text(path: string): Promise<string | null> {
    const entry = this.entries.get(path);
    if (!entry) return null;
    const data = await readZipEntry(this.name, this.bytes, entry, LIMITS.xlsxPartBytes);
    this.total += data.length;
    if (this.total > LIMITS.xlsxTotalBytes) {
      throw new FileReadError(
        `${this.name}: the workbook's parts expand to more than ${LIMITS.xlsxTotalBytes / 1024 / 1024} MB; the file may be a zip bomb, or save the data as CSV.`,
      );
    }
    try {
      return new TextDecoder('utf-8').decode(data);
    } catch {
      throw new FileReadError(`${this.name}: the part ${path} is too large to read.`);
    }
  }

  /** Relationship id to part path, for a part's _rels file. */
  async relations(part: string): Promise<Map<string, { type: string; path: string }>> {
    const slash = part.lastIndexOf('/');
    const relsPath = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
    const xml = (await this.text(relsPath)) ?? '';
    const out = new Map<string, { type: string; path: string }>();
    for (const tag of tags(xml, 'Relationship')) {
      const id = attribute(tag, 'Id');
      const target = attribute(tag, 'Target');
      if (id === undefined || target === undefined) continue;
      if (attribute(tag, 'TargetMode') === 'External') continue;
      out.set(id, { type: attribute(tag, 'Type') ?? '', path: resolvePath(part, target) });
    }
    return out;
  }
}

export async function readXlsxFile(
  name: string,
  bytes: Uint8Array,
  options: XlsxOptions = {},
): Promise<SourceSheet[]> {
  const wb = new Workbook(name, bytes);
  const rootRels = await wb.relations('');
  const bookPath =
    [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'))?.path ??
    'xl/workbook.xml';
  const bookXml = await wb.text(bookPath);
  if (bookXml === null) {
    throw new FileReadError(`${name}: not a readable XLSX workbook (it has no workbook part).`);
  }
  const rels = await wb.relations(bookPath);
  const date1904 = tags(bookXml, 'workbookPr').some((t) => {
    const v = attribute(t, 'date1904');
    return v === '1' || v === 'true';
  });
  const sheets: SheetInfo[] = [];
  for (const tag of tags(bookXml, 'sheet')) {
    const id = attribute(tag, 'r:id') ?? attribute(tag, 'id');
    const rel = id !== undefined ? rels.get(id) : undefined;
    if (!rel) continue;
    const state = attribute(tag, 'state');
    sheets.push({
      name: attribute(tag, 'name') ?? rel.path,
      state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
      path: rel.path,
    });
  }
  const visible = sheets.filter((s) => s.state === 'visible');
  const hidden = sheets.filter((s) => s.state !== 'visible');
  let chosen: SheetInfo[];
  const notes: string[] = [];
  if (options.sheet !== undefined) {
    const want = options.sheet.trim().toLowerCase();
    chosen = sheets.filter((s) => s.name.toLowerCase() === want);
    if (!chosen.length) {
      throw new FileReadError(
        `${name}: no sheet named "${options.sheet}"; the sheets are ${visible.map((s) => s.name).join(', ')}${hidden.length ? ` (hidden: ${hidden.map((s) => s.name).join(', ')})` : ''}.`,
      );
    }
    if (chosen[0]!.state !== 'visible')
      notes.push(`Sheet "${chosen[0]!.name}" is hidden; read because it was named.`);
  } else {
    chosen = visible.length ? visible : sheets;
    if (visible.length && hidden.length) {
      notes.push(
        `Hidden sheets not read: ${hidden.map((s) => s.name).join(', ')} (name one to read it).`,
      );
    }
  }

  const typeOf = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.path;
  const strings = await sharedStrings(wb, typeOf('/sharedStrings') ?? 'xl/sharedStrings.xml');
  const styles = await cellFormats(wb, typeOf('/styles') ?? 'xl/styles.xml');
  const out: SourceSheet[] = [];
  for (const s of chosen) {
    const xml = await wb.text(s.path);
    const sheet = readSheetXml(name, s.name, xml ?? '', strings, styles, date1904);
    if (notes.length) sheet.fileNotes = notes;
    out.push(sheet);
  }
  return out;
}

/** The shared string table: each <si>'s text (rich text runs joined, phonetic runs left out). */
async function sharedStrings(wb: Workbook, path: string): Promise<string[]> {
  const xml = await wb.text(path);
  const out: string[] = [];
  if (!xml) return out;
  let i = 0;
  for (;;) {
    const si = nextTag(xml, i, 'si');
    if (si < 0) break;
    const end = closeTag(xml, si, 'si');
    if (end < 0) break;
    out.push(runText(xml, si, end));
    i = end;
  }
  return out;
}

/** Concatenated <t> texts between from and to, without those inside <rPh> (phonetic guides). */
function runText(xml: string, from: number, to: number): string {
  let text = '';
  let i = from;
  for (;;) {
    const t = nextTag(xml, i, 't');
    if (t < 0 || t >= to) break;
    const ph = nextTag(xml, i, 'rPh');
    if (ph >= 0 && ph < t) {
      const phEnd = closeTag(xml, ph, 'rPh');
      i = phEnd < 0 ? to : phEnd;
      continue;
    }
    const gt = xml.indexOf('>', t);
    if (xml.charCodeAt(gt - 1) === 47) {
      i = gt + 1; // <t/>
      continue;
    }
    const close = xml.indexOf('</', gt);
    text += xmlText(xml.slice(gt + 1, close));
    i = close;
  }
  return text;
}

/** Index of the next start tag `<local` or `<prefix:local` at or after i, -1 for none. */
function nextTag(xml: string, i: number, local: string): number {
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return -1;
    let n = lt + 1;
    const colon = localStart(xml, n);
    n = colon;
    if (xml.startsWith(local, n)) {
      const c = xml.charCodeAt(n + local.length);
      if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13) return lt;
    }
    i = lt + 1;
  }
}

/** Where a tag's local name starts, past an optional namespace prefix. */
function localStart(xml: string, n: number): number {
  for (let k = n; k < n + 16; k++) {
    const c = xml.charCodeAt(k);
    if (c === 58) return k + 1; // ':'
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return n;
  }
  return n;
}

/** Index just past the element that starts at `start` (self-closing or with a close tag), -1 if never closed. */
function closeTag(xml: string, start: number, local: string): number {
  const gt = xml.indexOf('>', start);
  if (gt < 0) return -1;
  if (xml.charCodeAt(gt - 1) === 47) return gt + 1;
  let i = gt;
  for (;;) {
    const lt = xml.indexOf('</', i);
    if (lt < 0) return -1;
    const n = localStart(xml, lt + 2);
    if (xml.startsWith(local, n) && xml.charCodeAt(n + local.length) === 62)
      return n + local.length + 1;
    i = lt + 2;
  }
}

interface CellFormats {
  /** Number format code of each cellXfs index. */
  codes: string[];
  /** Whether that format shows dates. */
  dates: boolean[];
}

async function cellFormats(wb: Workbook, path: string): Promise<CellFormats> {
  const xml = (await wb.text(path)) ?? '';
  const custom = new Map<number, string>();
  for (const tag of tags(xml, 'numFmt')) {
    const id = Number(attribute(tag, 'numFmtId'));
    const code = attribute(tag, 'formatCode');
    if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
  }
  const codes: string[] = [];
  const dates: boolean[] = [];
  const xfsStart = nextTag(xml, 0, 'cellXfs');
  if (xfsStart >= 0) {
    const xfsEnd = closeTag(xml, xfsStart, 'cellXfs');
    const section = xml.slice(xfsStart, xfsEnd < 0 ? xml.length : xfsEnd);
    for (const tag of tags(section, 'xf')) {
      const id = Number(attribute(tag, 'numFmtId') ?? '0');
      const code = id ? formatOfId(id, custom) : undefined;
      codes.push(code ?? 'General');
      dates.push(code !== undefined && isDateFormatCode(code));
    }
  }
  return { codes, dates };
}

/** "BC12" -> column index 54 (0-based) and the row 12; -1 when the reference is not A1 style. */
function columnOfRef(ref: string): number {
  let col = 0;
  let k = 0;
  for (; k < ref.length; k++) {
    const c = ref.charCodeAt(k);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return k === 0 ? -1 : col - 1;
}

function rowOfRef(ref: string): number {
  const m = /(\d+)$/.exec(ref);
  return m ? Number(m[1]) : -1;
}

const EXCEL_EPOCH_DAYS = 25569;
const DAY_MS = 86_400_000;

function tooLarge(name: string, sheet: string, what: string): FileReadError {
  return new FileReadError(
    `${name}: the sheet "${sheet}" ${what}; save the rows you need as a smaller sheet or a CSV file.`,
  );
}

/** Attributes of one start tag, read in place: r, s, t. */
interface CellAttrs {
  r: string | null;
  s: number;
  t: string | null;
}

function readAttrs(xml: string, from: number, to: number, out: CellAttrs): void {
  out.r = null;
  out.s = 0;
  out.t = null;
  let i = from;
  while (i < to) {
    const eq = xml.indexOf('=', i);
    if (eq < 0 || eq >= to) break;
    let k = eq - 1;
    while (k > i && xml.charCodeAt(k) === 32) k--;
    let nameStart = k;
    while (nameStart > i && xml.charCodeAt(nameStart - 1) > 32) nameStart--;
    let q = eq + 1;
    while (xml.charCodeAt(q) === 32) q++;
    const quote = xml.charCodeAt(q);
    const close = xml.indexOf(quote === 39 ? "'" : '"', q + 1);
    if (close < 0 || close > to) break;
    const len = k - nameStart + 1;
    if (len === 1) {
      const c = xml.charCodeAt(nameStart);
      if (c === 114) out.r = xml.slice(q + 1, close);
      else if (c === 115) out.s = Number(xml.slice(q + 1, close)) || 0;
      else if (c === 116) out.t = xml.slice(q + 1, close);
    }
    i = close + 1;
  }
}

/** One sheet's XML into a SourceSheet. */
export function readSheetXml(
  file: string,
  sheetName: string,
  xml: string,
  strings: string[],
  formats: CellFormats,
  date1904: boolean,
): SourceSheet {
  const dataStart = nextTag(xml, 0, 'sheetData');
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  if (dataStart < 0) return { name: sheetName, values, numberFormats, firstRow: 1 };
  // The declared used range, checked before any cell is built.
  const dim = tags(xml.slice(0, dataStart), 'dimension')[0];
  const ref = dim ? attribute(dim, 'ref') : undefined;
  if (ref && ref.includes(':')) {
    const [a, b] = ref.split(':') as [string, string];
    const rows = rowOfRef(b) - rowOfRef(a) + 1;
    const cols = columnOfRef(b) - columnOfRef(a) + 1;
    if (rows > LIMITS.xlsxRows)
      throw tooLarge(
        file,
        sheetName,
        `declares ${rows.toLocaleString('en-US')} rows, more than Excel's ${LIMITS.xlsxRows.toLocaleString('en-US')}`,
      );
    if (cols > LIMITS.columns)
      throw tooLarge(
        file,
        sheetName,
        `declares ${cols.toLocaleString('en-US')} columns, more than Excel's ${LIMITS.columns.toLocaleString('en-US')}`,
      );
    if (rows * cols > LIMITS.xlsxCells && rows > 0 && cols > 0) {
      throw tooLarge(
        file,
        sheetName,
        `declares ${rows.toLocaleString('en-US')} rows x ${cols} columns, more than the ${LIMITS.xlsxCells.toLocaleString('en-US')} cells read`,
      );
    }
  }
  const end = closeTag(xml, dataStart, 'sheetData');
  const stop = end < 0 ? xml.length : end;
  const dates = new Map<number, Date>();
  const attrs: CellAttrs = { r: null, s: 0, t: null };
  const rowFormats: string[] = [];
  let row: CellValue[] | null = null;
  let rowNumber = 0;
  let col = -1;
  let width = 0;
  let cells = 0;
  let lastFormats: string[] | null = null;
  let hasFormat = false;

  const finishRow = () => {
    if (!row) return;
    while (values.length < rowNumber - 1) {
      values.push(BLANK_ROW);
      numberFormats.push(BLANK_FORMATS);
    }
    values.push(row);
    // Rows formatted alike share one array of formats.
    let same = lastFormats !== null && lastFormats.length === rowFormats.length;
    if (same)
      for (let k = 0; k < rowFormats.length && same; k++) same = lastFormats![k] === rowFormats[k];
    if (!same) lastFormats = rowFormats.slice();
    numberFormats.push(lastFormats!);
    row = null;
  };

  let i = dataStart;
  for (;;) {
    const lt = xml.indexOf('<', i + 1);
    if (lt < 0 || lt >= stop) break;
    const n = localStart(xml, lt + 1);
    const c0 = xml.charCodeAt(n);
    const c1 = xml.charCodeAt(n + 1);
    const gt = xml.indexOf('>', lt);
    if (gt < 0) break;
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    if (c0 === 114 && xml.startsWith('row', n) && isNameEnd(xml.charCodeAt(n + 3))) {
      finishRow();
      readAttrs(xml, n + 3, gt, attrs);
      const r = attrs.r !== null ? Number(attrs.r) : rowNumber + 1;
      rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
      if (rowNumber > LIMITS.xlsxRows)
        throw tooLarge(
          file,
          sheetName,
          `has a row ${rowNumber.toLocaleString('en-US')}, past Excel's last row`,
        );
      row = [];
      rowFormats.length = 0;
      col = -1;
      i = gt;
      continue;
    }
    if (c0 === 99 && isNameEnd(c1)) {
      // <c ...>: a cell.
      readAttrs(xml, n + 1, gt, attrs);
      if (!row) {
        // A cell outside a <row> (not valid, but read): a row of its own.
        finishRow();
        rowNumber++;
        row = [];
        rowFormats.length = 0;
        col = -1;
      }
      if (attrs.r !== null) {
        const c = columnOfRef(attrs.r);
        col = c >= 0 ? c : col + 1;
      } else col++;
      if (col >= LIMITS.columns)
        throw tooLarge(
          file,
          sheetName,
          `has a cell past column ${LIMITS.columns.toLocaleString('en-US')}`,
        );
      let cellEnd = gt;
      let value: CellValue = null;
      if (!selfClosing) {
        const close = closeTag(xml, lt, 'c');
        cellEnd = close < 0 ? stop : close;
        value = cellValue(
          xml,
          gt + 1,
          cellEnd,
          attrs,
          strings,
          formats,
          date1904,
          dates,
          file,
          sheetName,
          rowNumber,
          col,
        );
      }
      if (value !== null) {
        if (++cells > LIMITS.xlsxCells)
          throw tooLarge(
            file,
            sheetName,
            `has more than ${LIMITS.xlsxCells.toLocaleString('en-US')} cells`,
          );
        while (row.length < col) {
          row.push(null);
          rowFormats.push('General');
        }
        row[col] = value;
        const fmt = formats.codes[attrs.s] ?? 'General';
        rowFormats[col] = fmt;
        if (fmt !== 'General') hasFormat = true;
        if (col + 1 > width) width = col + 1;
      }
      i = cellEnd - 1;
      continue;
    }
    i = gt;
  }
  finishRow();
  // Pad rows to the sheet's width (blank rows stay shared and empty); drop trailing blank rows.
  let last = values.length;
  while (last > 0 && values[last - 1]!.every((v) => v === null)) last--;
  values.length = last;
  numberFormats.length = last;
  const padded = new Map<string[], string[]>();
  for (let r = 0; r < last; r++) {
    const cellsRow = values[r]!;
    if (cellsRow === BLANK_ROW) continue;
    while (cellsRow.length < width) cellsRow.push(null);
    const f = numberFormats[r]!;
    let p = padded.get(f);
    if (!p) {
      p = f.slice();
      while (p.length < width) p.push('General');
      padded.set(f, p);
    }
    numberFormats[r] = p;
  }
  void hasFormat;
  return { name: sheetName, values, numberFormats, firstRow: 1 };
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

function cellValue(
  xml: string,
  from: number,
  to: number,
  attrs: CellAttrs,
  strings: string[],
  formats: CellFormats,
  date1904: boolean,
  dates: Map<number, Date>,
  file: string,
  sheet: string,
  row: number,
  col: number,
): CellValue {
  const t = attrs.t;
  if (t === 'inlineStr') {
    const is = nextTag(xml, from, 'is');
    if (is < 0 || is >= to) return null;
    const text = runText(xml, is, to);
    return text === '' ? null : text;
  }
  const v = nextTag(xml, from, 'v');
  if (v < 0 || v >= to) return null;
  const gt = xml.indexOf('>', v);
  if (xml.charCodeAt(gt - 1) === 47) return null;
  const close = xml.indexOf('<', gt);
  const raw = xml.slice(gt + 1, close);
  if (t === 's') {
    const k = Number(raw);
    const s = strings[k];
    if (s === undefined) {
      throw new FileReadError(
        `${file}: the sheet "${sheet}", row ${row}, column ${col + 1} refers to shared string ${raw}, which the workbook does not have; the file is damaged.`,
      );
    }
    return s;
  }
  if (t === 'str' || t === 'e') return xmlText(raw);
  if (t === 'b') return raw.trim() === '1' || raw.trim() === 'true';
  if (t === 'd') {
    const d = new Date(raw);
    return Number.isNaN(d.getTime()) ? xmlText(raw) : d;
  }
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) return raw === '' ? null : xmlText(raw);
  if (formats.dates[attrs.s]) {
    let d = dates.get(x);
    if (!d) {
      d = new Date(Math.round((x - EXCEL_EPOCH_DAYS + (date1904 ? 1462 : 0)) * DAY_MS));
      if (dates.size < 100_000) dates.set(x, d);
    }
    return d;
  }
  return x;
}
