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
import { index0FromLetters } from '../core/a1';
import type { CellValue } from '../core/cells';
import type { SourceSheet } from '../core';
import { BLANK_ROW } from './csv';
import { FileReadError, LIMITS } from './limits';
import { listZip, readZipEntry, type InflateRaw, type ZipEntry } from './unzip';

export interface XlsxOptions {
  sheet?: string;
  /** The host's inflater, when it has a faster one than DecompressionStream. */
  inflateRaw?: InflateRaw;
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
    private readonly inflate?: InflateRaw,
  ) {
    this.entries = listZip(name, bytes);
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  async text(path: string): Promise<string | null> {
    const entry = this.entries.get(path);
    if (!entry) return null;
    const data = await readZipEntry(
      this.name,
      this.bytes,
      entry,
      LIMITS.xlsxPartBytes,
      this.inflate,
    );
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
  const wb = new Workbook(name, bytes, options.inflateRaw);
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
    if (!visible.length && hidden.length) {
      notes.push(
        `Every sheet is hidden (${hidden.map((s) => s.name).join(', ')}): read as if visible; name one (--sheet) to choose.`,
      );
    } else if (visible.length && hidden.length) {
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

/**
 * Concatenated <t> texts between from and to, without those inside <rPh>
 * (phonetic guides): one walk over the tags of that span, never past `to`.
 */
function runText(xml: string, from: number, to: number): string {
  let text = '';
  let phonetic = 0;
  let i = from;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    const closing = xml.charCodeAt(lt + 1) === 47;
    const n = localStart(xml, closing ? lt + 2 : lt + 1);
    const gt = xml.indexOf('>', lt);
    if (gt < 0) break;
    if (xml.startsWith('rPh', n) && isNameEnd(xml.charCodeAt(n + 3))) {
      if (closing) phonetic--;
      else if (xml.charCodeAt(gt - 1) !== 47) phonetic++;
    } else if (!closing && xml.charCodeAt(n) === 116 && isNameEnd(xml.charCodeAt(n + 1))) {
      if (xml.charCodeAt(gt - 1) !== 47) {
        const close = xml.indexOf('<', gt);
        if (phonetic <= 0) text += xmlText(xml.slice(gt + 1, close));
        i = close;
        continue;
      }
    }
    i = gt + 1;
  }
  return text;
}

/** Start of the first child element `local` between from and to, -1 for none (never looks past to). */
function childTag(xml: string, from: number, to: number, local: string): number {
  let i = from;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= to) return -1;
    const n = localStart(xml, lt + 1);
    if (xml.startsWith(local, n) && isNameEnd(xml.charCodeAt(n + local.length))) return lt;
    i = lt + 1;
  }
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

/** "BC12" -> column index 54 (0-based; core/a1.ts); -1 when the reference is not A1 style. */
function columnOfRef(ref: string): number {
  const letters = /^[A-Za-z]+/.exec(ref);
  return letters ? index0FromLetters(letters[0]) : -1;
}

function rowOfRef(ref: string): number {
  const m = /(\d+)$/.exec(ref);
  return m ? Number(m[1]) : -1;
}

function tooLarge(name: string, sheet: string, what: string): FileReadError {
  return new FileReadError(
    `${name}: the sheet "${sheet}" ${what}; save the rows you need as a smaller sheet or a CSV file.`,
  );
}

// Cell types (the t attribute) as small codes.
const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_B = 3;
const T_E = 4;
const T_INLINE = 5;
const T_D = 6;

/** 10^k for k = 0..22, all exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** The t attribute's value (between vs and ve) as a code. */
function typeCode(xml: string, vs: number, ve: number): number {
  const len = ve - vs;
  const c = xml.charCodeAt(vs);
  if (len === 1) return c === 115 ? T_S : c === 98 ? T_B : c === 101 ? T_E : c === 100 ? T_D : T_N;
  if (len === 3 && c === 115) return T_STR;
  if (len === 9 && c === 105) return T_INLINE;
  return T_N;
}

/**
 * A plain decimal number written between from and to, read from its
 * characters (the common case of a sheet's <v>); anything else through Number().
 */
function numberAt(xml: string, from: number, to: number): number {
  let k = from;
  let c = xml.charCodeAt(k);
  const neg = c === 45;
  if (neg) c = xml.charCodeAt(++k);
  let m = 0;
  let digits = 0;
  while (c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    digits++;
    c = xml.charCodeAt(++k);
  }
  let frac = 0;
  if (c === 46) {
    c = xml.charCodeAt(++k);
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      frac++;
      c = xml.charCodeAt(++k);
    }
  }
  if (k === to && digits + frac > 0 && digits + frac <= 15) {
    const v = frac ? m / POW10[frac]! : m;
    return neg ? -v : v;
  }
  const text = xml.slice(from, to).trim();
  return text === '' ? NaN : Number(text);
}

/** One sheet's XML into a SourceSheet: one walk over its tags, cells read in place. */
export function readSheetXml(
  file: string,
  sheetName: string,
  xml: string,
  strings: string[],
  formats: CellFormats,
  date1904: boolean,
): SourceSheet {
  const maxRows = LIMITS.xlsxRows;
  const maxColumns = LIMITS.columns;
  const maxCells = LIMITS.xlsxCells;
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
    const n = (x: number) => x.toLocaleString('en-US');
    if (rows > maxRows)
      throw tooLarge(file, sheetName, `declares ${n(rows)} rows, more than Excel's ${n(maxRows)}`);
    if (cols > maxColumns)
      throw tooLarge(
        file,
        sheetName,
        `declares ${n(cols)} columns, more than Excel's ${n(maxColumns)}`,
      );
    if (rows > 0 && cols > 0 && rows * cols > maxCells) {
      throw tooLarge(
        file,
        sheetName,
        `declares ${n(rows)} rows x ${cols} columns, more than the ${n(maxCells)} cells read`,
      );
    }
  }
  // The namespace prefix of the sheet's elements ("" or "x:"), the same for all of them.
  const dataLocal = localStart(xml, dataStart + 1);
  const prefix = xml.slice(dataStart + 1, dataLocal);
  const p = prefix.length;
  const vOpen = `<${prefix}v>`;
  const vClose = `</${prefix}v>`;
  const cClose = `</${prefix}c>`;
  const dataGt = xml.indexOf('>', dataStart);
  if (xml.charCodeAt(dataGt - 1) === 47)
    return { name: sheetName, values, numberFormats, firstRow: 1 };
  const end = xml.indexOf(`</${prefix}sheetData>`, dataGt);
  const stop = end < 0 ? xml.length : end;
  const dates = new Map<number, Date>();
  const codes = formats.codes;
  const isDate = formats.dates;
  const dayOffset = 25569 - (date1904 ? 1462 : 0);
  // The formats of the row being read (a scratch array, copied only when it differs from the last).
  const rowFormats: string[] = [];
  let row: CellValue[] | null = null;
  let rowNumber = 0;
  let col = -1;
  let width = 0;
  let cells = 0;
  let lastFormats: string[] | null = null;

  const finishRow = () => {
    if (!row) return;
    while (values.length < rowNumber - 1) {
      values.push(BLANK_ROW);
      numberFormats.push(BLANK_FORMATS);
    }
    values.push(row);
    // Rows formatted alike share one array of formats.
    let same = lastFormats !== null && lastFormats.length === rowFormats.length;
    for (let k = 0; same && k < rowFormats.length; k++) same = lastFormats![k] === rowFormats[k];
    if (!same) lastFormats = rowFormats.slice();
    numberFormats.push(lastFormats!);
    rowFormats.length = 0;
    row = null;
  };

  let i = dataGt + 1;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= stop) break;
    const n = lt + 1 + p;
    const c0 = xml.charCodeAt(n);
    const c1 = xml.charCodeAt(n + 1);
    if (c0 === 99 && (c1 === 32 || c1 === 62 || c1 === 47 || c1 === 9 || c1 === 10 || c1 === 13)) {
      // <c ...>: a cell. Its attributes, read in place: r (column), s (style), t (type).
      let refCol = -1;
      let style = 0;
      let type = T_N;
      let k = n + 1;
      let ch = xml.charCodeAt(k);
      for (;;) {
        while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = xml.charCodeAt(++k);
        if (ch === 62 || ch === 47 || ch !== ch) break;
        const nameStart = k;
        while (ch !== 61 && ch !== 62 && ch === ch) ch = xml.charCodeAt(++k);
        if (ch !== 61) break;
        const nameLength = k - nameStart;
        ch = xml.charCodeAt(++k);
        while (ch === 32) ch = xml.charCodeAt(++k);
        const vs = k + 1;
        const ve = xml.indexOf(ch === 39 ? "'" : '"', vs);
        if (ve < 0) break;
        if (nameLength === 1) {
          const a = xml.charCodeAt(nameStart);
          if (a === 114) {
            // r="BC12": core/a1.ts column1FromLetters, inlined on the characters in
            // place (no substring per cell in this loop over every cell).
            let c = 0;
            let q = vs;
            for (; q < ve; q++) {
              const d = xml.charCodeAt(q);
              if (d >= 65 && d <= 90) c = c * 26 + (d - 64);
              else if (d >= 97 && d <= 122) c = c * 26 + (d - 96);
              else break;
            }
            if (q > vs) refCol = c - 1;
          } else if (a === 115) {
            let v = 0;
            for (let q = vs; q < ve; q++) v = v * 10 + (xml.charCodeAt(q) - 48);
            style = v >= 0 ? v : 0;
          } else if (a === 116) type = typeCode(xml, vs, ve);
        }
        k = ve + 1;
        ch = xml.charCodeAt(k);
      }
      const selfClosing = ch === 47;
      const gt = selfClosing ? k + 1 : k;
      if (!row) {
        // A cell outside a <row> (not valid, but read): a row of its own.
        rowNumber++;
        row = [];
        col = -1;
      }
      col = refCol >= 0 ? refCol : col + 1;
      if (col >= maxColumns)
        throw tooLarge(
          file,
          sheetName,
          `has a cell past column ${maxColumns.toLocaleString('en-US')}`,
        );
      let value: CellValue = null;
      let next = gt + 1;
      if (!selfClosing) {
        if (xml.startsWith(vOpen, gt + 1) && type !== T_INLINE) {
          // The common cell: <c ...><v>text</v></c>.
          const vs = gt + 1 + vOpen.length;
          const ve = xml.indexOf('<', vs);
          if (xml.startsWith(vClose, ve) && xml.startsWith(cClose, ve + vClose.length)) {
            next = ve + vClose.length + cClose.length;
          } else {
            const close = closeTag(xml, lt, 'c');
            next = close < 0 ? stop : close;
          }
          value = typedValue(xml, vs, ve, type, strings, file, sheetName, rowNumber, col);
        } else {
          const close = closeTag(xml, lt, 'c');
          next = close < 0 ? stop : close;
          value = cellValue(xml, gt + 1, next, type, strings, file, sheetName, rowNumber, col);
        }
        if (typeof value === 'number' && type === T_N && isDate[style] === true) {
          let d = dates.get(value);
          if (d === undefined) {
            d = new Date(Math.round((value - dayOffset) * 86_400_000));
            if (dates.size < 100_000) dates.set(value, d);
          }
          value = d;
        }
      }
      if (value !== null) {
        if (++cells > maxCells)
          throw tooLarge(
            file,
            sheetName,
            `has more than ${maxCells.toLocaleString('en-US')} cells`,
          );
        while (row.length < col) {
          row.push(null);
          rowFormats.push('General');
        }
        row[col] = value;
        rowFormats[col] = codes[style] ?? 'General';
        if (col >= width) width = col + 1;
      }
      i = next;
      continue;
    }
    if (
      c0 === 114 &&
      c1 === 111 &&
      xml.charCodeAt(n + 2) === 119 &&
      isNameEnd(xml.charCodeAt(n + 3))
    ) {
      // <row ...>: its r attribute, when there is one.
      finishRow();
      const gt = xml.indexOf('>', n);
      let r = rowNumber + 1;
      // Look for r= inside this tag only: an indexOf over the rest of the sheet would make a
      // sheet of rows without r (valid) quadratic: 1,000,000 such rows took over ten minutes.
      let at = -1;
      for (let q = n + 3; q + 2 < gt; q++) {
        if (
          xml.charCodeAt(q) === 32 &&
          xml.charCodeAt(q + 1) === 114 &&
          xml.charCodeAt(q + 2) === 61
        ) {
          at = q;
          break;
        }
      }
      if (at >= 0) {
        const vs = at + 4;
        let v = 0;
        let q = vs;
        for (; q < gt; q++) {
          const d = xml.charCodeAt(q);
          if (d < 48 || d > 57) break;
          v = v * 10 + (d - 48);
        }
        if (q > vs && v > rowNumber) r = v;
      }
      rowNumber = r;
      if (rowNumber > maxRows) {
        throw tooLarge(
          file,
          sheetName,
          `has a row ${rowNumber.toLocaleString('en-US')}, past Excel's last row`,
        );
      }
      row = [];
      col = -1;
      i = gt + 1;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) break;
    i = gt + 1;
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
    let pf = padded.get(f);
    if (!pf) {
      pf = f.slice();
      while (pf.length < width) pf.push('General');
      padded.set(f, pf);
    }
    numberFormats[r] = pf;
  }
  return { name: sheetName, values, numberFormats, firstRow: 1 };
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

/** The value of a <v> (between vs and ve) for a cell of the given type. */
function typedValue(
  xml: string,
  vs: number,
  ve: number,
  type: number,
  strings: string[],
  file: string,
  sheet: string,
  row: number,
  col: number,
): CellValue {
  if (type === T_N) {
    const x = numberAt(xml, vs, ve);
    if (x === x && x !== Infinity && x !== -Infinity) return x;
    return vs === ve ? null : xmlText(xml.slice(vs, ve));
  }
  if (type === T_S) {
    let k = 0;
    let q = vs;
    for (; q < ve; q++) {
      const d = xml.charCodeAt(q);
      if (d < 48 || d > 57) break;
      k = k * 10 + (d - 48);
    }
    const s = q === ve && q > vs ? strings[k] : undefined;
    if (s === undefined) {
      throw new FileReadError(
        `${file}: the sheet "${sheet}", row ${row}, column ${col + 1} refers to shared string ${xml.slice(vs, ve)}, which the workbook does not have; the file is damaged.`,
      );
    }
    return s;
  }
  const raw = xml.slice(vs, ve);
  if (type === T_STR || type === T_E) return xmlText(raw);
  if (type === T_B) return raw.trim() === '1' || raw.trim() === 'true';
  if (type === T_D) {
    const d = new Date(raw);
    return Number.isNaN(d.getTime()) ? xmlText(raw) : d;
  }
  return xmlText(raw);
}

/** A cell that is not the common <v> alone: a formula with its cached value, an inline string. */
function cellValue(
  xml: string,
  from: number,
  to: number,
  type: number,
  strings: string[],
  file: string,
  sheet: string,
  row: number,
  col: number,
): CellValue {
  if (type === T_INLINE) {
    const is = childTag(xml, from, to, 'is');
    if (is < 0) return null;
    const text = runText(xml, is, to);
    return text === '' ? null : text;
  }
  const v = childTag(xml, from, to, 'v');
  if (v < 0) return null;
  const gt = xml.indexOf('>', v);
  if (xml.charCodeAt(gt - 1) === 47) return null;
  const close = xml.indexOf('<', gt);
  return typedValue(xml, gt + 1, close, type, strings, file, sheet, row, col);
}
