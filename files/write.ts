/**
 * Output tables into an XLSX workbook: one sheet per table, each a real Excel
 * table (ListObject) with its header, number formats and a frozen header row,
 * ready for a PivotTable. FunnelData comes first.
 *
 * The sheet XML is generated row by row and deflated into the zip as it goes
 * (files/zip.ts), so a million-row FunnelData never exists as one string or
 * as a million row objects. Text cells are shared or inline strings (never
 * formulas): text that looks like a formula stays text. No Node APIs: the command line writes to a file,
 * the page's Web Worker to memory.
 */
import { lettersFromIndex0 } from '../core/a1';
import type { CellValue } from '../core/cells';
import type {
  ColumnFormat,
  ColumnReader,
  OutputColumn,
  OutputSource,
  OutputTable,
} from '../core/output';
import { fromRows, outputRank } from '../core/output';
import { numberFormatOf } from '../core/output-formats';
import {
  asciiWords,
  MAX_NUMBER,
  putNumber,
  putUint,
  putWords,
  viewOf,
  type Words,
} from '../core/bytes';
import { XmlBytes } from './xml-bytes';
import { ZipWriter, type ByteSink, type ZipEntry, type ZipOptions } from './zip';

/** What Excel opens: rows and columns of a sheet, characters in a cell. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;
export const EXCEL_MAX_CELL_TEXT = 32_767;

/** Tables Excel could not open: refused before anything is written. */
export class WorkbookLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookLimitError';
  }
}

/** A text cell cut to Excel's 32,767 characters: where, and how long it was. */
export interface Truncation {
  sheet: string;
  /** 1-based row on the output sheet (the header is row 1). */
  row: number;
  column: string;
  length: number;
}

export interface WriteOptions extends ZipOptions {
  /** Called as rows are written (all tables together), at most about once per 16,000 rows. */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

export interface WriteReport {
  truncated: Truncation[];
}

/** Built-in number format ids, where Excel has one for the code. */
const BUILTIN_FORMAT: Record<string, number> = { '#,##0': 3, '#,##0.00': 4, '0.00%': 10 };

/**
 * The workbook's cell styles: one per distinct number format (core/output-formats.ts)
 * among the columns written; index 0 is the default style. Text columns keep the
 * default: their cells are stored as strings already.
 */
class Styles {
  readonly codes: string[] = [];
  private readonly index = new Map<string, number>();

  of(column: OutputColumn): number {
    if (column.format === 'text') return 0;
    const code = numberFormatOf(column);
    let k = this.index.get(code);
    if (k === undefined) {
      this.codes.push(code);
      this.index.set(code, (k = this.codes.length));
    }
    return k;
  }
}

function width(header: string, format: ColumnFormat): number {
  const base = format === 'date' ? 12 : format === 'currency' ? 18 : format === 'text' ? 18 : 12;
  return Math.min(50, Math.max(base, header.length + 4));
}

/** 0-based column index to letters (0 -> A): the one rule in core/a1.ts. */
export const columnName = lettersFromIndex0;

// XML cannot carry these control characters: finding them is the point.
const SPECIAL =
  // eslint-disable-next-line no-control-regex
  /[&<>"\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
const ESCAPE_LIKE = /_x[0-9a-fA-F]{4}_/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Text for XML content or a quoted attribute. Characters XML cannot carry
 * are written the way Excel does (_x0001_), and a literal _x0041_ is
 * protected so that Excel reads it back unchanged.
 */
export function xmlText(s: string): string {
  if (!SPECIAL.test(s) && !(s.includes('_x') && ESCAPE_LIKE.test(s))) return s;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/_x([0-9a-fA-F]{4})_/g, '_x005F_x$1_')
    .replace(CONTROL, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(LONE_SURROGATE, '\ufffd');
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const EXCEL_EPOCH_DAYS = 25569; // 1970-01-01 as an Excel serial

/** Excel refuses these tables; the message says which and why. */
export function checkExcelLimits(
  tables: readonly Pick<OutputSource, 'sheetName' | 'rowCount' | 'columns'>[],
): void {
  for (const t of tables) {
    if (t.rowCount + 1 > EXCEL_MAX_ROWS) {
      throw new WorkbookLimitError(
        `the ${t.sheetName} table has ${t.rowCount.toLocaleString('en-US')} rows; an Excel sheet holds at most ${(EXCEL_MAX_ROWS - 1).toLocaleString('en-US')} rows below its header, so Excel could not open the workbook.`,
      );
    }
    if (t.columns.length > EXCEL_MAX_COLUMNS) {
      throw new WorkbookLimitError(
        `the ${t.sheetName} table has ${t.columns.length.toLocaleString('en-US')} columns; an Excel sheet holds at most ${EXCEL_MAX_COLUMNS.toLocaleString('en-US')}, so Excel could not open the workbook.`,
      );
    }
  }
}

/** Header names as the table needs them: never blank (Excel refuses an unnamed table column). */
function headerNames(t: OutputSource): string[] {
  const names = t.columns.map((c, i) => (c.header.trim() === '' ? `Column${i + 1}` : c.header));
  return names.map((n) => (n.length > 255 ? n.slice(0, 255) : n));
}

/**
 * The shared-string table: text that repeats (stages, periods, Yes/No, owners,
 * regions) is written once and referenced by index, which makes the sheet XML
 * about a third smaller than inline strings. Bounded: past MAX_SHARED distinct
 * texts (a column of unique ids), or for long texts, cells are inline strings.
 */
const MAX_SHARED = 200_000;
const MAX_SHARED_LENGTH = 256;

class SharedStrings {
  private readonly index = new Map<string, number>();
  readonly list: string[] = [];
  /** References, for the table's count attribute. */
  count = 0;

  /** The index of text, or -1 when it stays inline. */
  ref(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      if (this.list.length >= MAX_SHARED || text.length > MAX_SHARED_LENGTH) return -1;
      i = this.list.length;
      this.index.set(text, i);
      this.list.push(text);
    }
    this.count++;
    return i;
  }
}

function textXml(s: string): string {
  const space = s.trim() === s ? '' : ' xml:space="preserve"';
  return `<t${space}>${xmlText(s)}</t>`;
}

const ROW_OPEN = asciiWords('<row r="');
const TAG_END = asciiWords('">');
const ROW_END = asciiWords('</row>');
const CELL_OPEN = asciiWords('<c');
const VALUE_END = asciiWords('</v></c>');
const TEXT_END = asciiWords('</t></is></c>');

/** A text cell's <t> element that is not plain text (xmlText), and the cell's end. */
function writeEscaped(out: XmlBytes, s: string): void {
  out.add(`${textXml(s)}</is></c>`);
}

/**
 * A shared-string cell's end as words, made once per index: ` t="s"><v>`, the
 * index's digits, `</v></c>` (the cell of a column without a style).
 */
class SharedCells {
  /** Per index: its byte count, then up to 7 words (25 bytes). */
  private cells = new Int32Array(8 * 1024);

  /** Writes index k's cell end at `at` (room for 28 bytes made); returns the end. */
  put(dv: DataView, at: number, k: number): number {
    const o = k << 3;
    const cells = o < this.cells.length && this.cells[o] !== 0 ? this.cells : this.make(k);
    const n = cells[o]!;
    for (let w = 0, end = (n + 3) >> 2; w < end; w++) {
      dv.setInt32(at + (w << 2), cells[o + 1 + w]!, true);
    }
    return at + n;
  }

  /** Index k's words, made (the table grown first when it is short). */
  private make(k: number): Int32Array {
    const o = k << 3;
    if (o >= this.cells.length) {
      const bigger = new Int32Array(Math.max(this.cells.length * 2, o + 8));
      bigger.set(this.cells);
      this.cells = bigger;
    }
    const cell = asciiWords(` t="s"><v>${k}</v></c>`);
    this.cells[o] = cell.n;
    this.cells.set(cell.w, o + 1);
    return this.cells;
  }
}

/** How a column's cells are read: from a row of cells, or its typed reader by kind. */
const CELL = 0;
const NUMBER = 1;
const LABEL = 2;
const DAY = 3;
const CODED = 4;

async function writeSheet(
  entry: ZipEntry,
  t: OutputSource,
  headers: string[],
  progress: (rows: number) => void,
  truncated: Truncation[],
  shared: SharedStrings,
  styleOf: number[],
  sharedCells: SharedCells,
): Promise<void> {
  const ncol = t.columns.length;
  const dataRows = Math.max(1, t.rowCount); // an Excel table needs at least one data row
  const last = `${columnName(Math.max(0, ncol - 1))}${dataRows + 1}`;
  const cols = t.columns
    .map((c, i) => {
      const style = styleOf[i];
      return `<col min="${i + 1}" max="${i + 1}" width="${width(c.header, c.format)}" customWidth="1"${style ? ` style="${style}"` : ''}/>`;
    })
    .join('');
  const out = new XmlBytes(entry);
  let buf =
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><dimension ref="A1:${last}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1">`;
  for (let c = 0; c < ncol; c++) {
    buf += `<c r="${columnName(c)}1" t="inlineStr"><is><t>${xmlText(headers[c]!)}</t></is></c>`;
  }
  buf += '</row>';
  out.add(buf);
  // Per column, as words made once: the start of a cell tag with its reference's
  // letters, and what follows the reference for each kind of cell (its style
  // attribute, type and value tag). A cell right after the row's previous cell
  // has no reference (`<c s="1">`: optional in the format, ECMA-376 Part 1
  // 18.3.1.4, and read as the next column by Excel, LibreOffice and the readers
  // of files/xlsx.ts): the row numbers repeated in every cell were a third of
  // the sheet's bytes and half of what deflate made of them. The first cell of
  // a row, and a cell after a blank one, keep theirs.
  const open = t.columns.map((_, c) => asciiWords(`<c r="${columnName(c)}`));
  const styled = (c: number, rest: string): Words =>
    asciiWords(`${styleOf[c] ? ` s="${styleOf[c]}"` : ''}${rest}`);
  const numberTag = t.columns.map((_, c) => styled(c, '><v>'));
  const sharedTag = t.columns.map((_, c) => styled(c, ' t="s"><v>'));
  const inlineTag = t.columns.map((_, c) => styled(c, ' t="inlineStr"><is>'));
  const textTag = t.columns.map((_, c) => styled(c, ' t="inlineStr"><is><t>'));
  const trueCell = t.columns.map((_, c) => styled(c, ' t="b"><v>1</v></c>'));
  const falseCell = t.columns.map((_, c) => styled(c, ' t="b"><v>0</v></c>'));
  // Room for any one row's cells but its text: tag, row number, attributes, a number
  // (and the words' padding past the end).
  const rowRoom =
    64 + t.columns.reduce((s, _, c) => s + open[c]!.n + 16 + textTag[c]!.n + MAX_NUMBER + 32, 0);
  const row: CellValue[] = new Array(ncol);
  const lastText: (string | undefined)[] = new Array(ncol);
  // The shared-string index of the column's last text, or -1 when it went inline.
  const lastIndex = new Array<number>(ncol).fill(-1);
  const sharedColumn: boolean[] = new Array(ncol).fill(true);
  const textsSeen = new Array<number>(ncol).fill(0);
  const textsNew = new Array<number>(ncol).fill(0);
  // With typed readers (FunnelData from the engine's columns) no row of CellValues is
  // filled: numbers, days and labels go to bytes as they are. A label column keeps
  // its labels' shared-string indexes, once looked up, and compares its last label by
  // index: each label stands for the first label of the same text (canon).
  const readers = t.readers?.length === ncol ? t.readers : undefined;
  const kindOf = Int8Array.from(t.columns, (_, c) => {
    const k = readers?.[c]!.kind;
    if (k === 'cell' && (readers![c] as CellReader).code) return CODED;
    return k === 'number' ? NUMBER : k === 'label' ? LABEL : k === 'day' ? DAY : CELL;
  });
  // (A reader's labels may grow as it is read: a label's canon is found when first met.)
  const canon: number[][] = t.columns.map(() => []);
  const firstOf = t.columns.map(() => new Map<string, number>());
  const canonOf = (c: number, x: number, text: string): number => {
    let f = firstOf[c]!.get(text);
    if (f === undefined) firstOf[c]!.set(text, (f = x));
    return (canon[c]![x] = f);
  };
  const lastLabel = new Int32Array(ncol).fill(-1);
  const labelIndex: number[][] = t.columns.map(() => []);
  const plainStyle = styleOf.map((s) => !s);
  // The view putWords writes through, over the buffer it was made for.
  let dvOf = out.buf;
  let dv = viewOf(dvOf);
  for (let i = 0; i < t.rowCount; i++) {
    if (!readers) {
      row.fill(null);
      t.fillRow(i, row);
    }
    const r = i + 2;
    out.ensure(rowRoom);
    let buf = out.buf;
    if (buf !== dvOf) dv = viewOf((dvOf = buf));
    let at = putWords(dv, out.at, ROW_OPEN);
    // The row number's digits (7 at most) and the closing quote, as two words copied
    // into each of its cells that has a reference.
    const rAt = at;
    at = putWords(dv, putUint(buf, at, r), TAG_END);
    const rLen = at - 1 - rAt;
    const r0 = dv.getInt32(rAt, true);
    const r1 = dv.getInt32(rAt + 4, true);
    // The column of the row's last cell written (-1: none yet).
    let prev = -1;
    for (let c = 0; c < ncol; c++) {
      let v: CellValue | undefined;
      let kind: number; // 1 number, 2 text, 3 boolean, 4 date
      let num = 0;
      let label = -1; // a label's canon index in its reader's list
      const how = kindOf[c]!;
      if (how === NUMBER) {
        num = (readers![c] as NumberReader).at(i);
        if (num !== num || num === Infinity || num === -Infinity) continue;
        kind = 1;
      } else if (how === LABEL) {
        const rd = readers![c] as LabelReader;
        const x = rd.at(i);
        if (x < 0 || x >= rd.labels.length) continue;
        v = rd.labels[x]!;
        if (v === '') continue;
        label = canon[c]![x] ?? canonOf(c, x, v);
        kind = 2;
      } else if (how === DAY) {
        const day = (readers![c] as DayReader).at(i);
        if (day !== day) continue;
        num = day + EXCEL_EPOCH_DAYS;
        if (num < 61) v = new Date(day * 86_400_000);
        kind = 4;
      } else {
        // A coded cell (a CSV's repeated text) is its column's label of that code.
        let x = -1;
        if (how === CODED) {
          const rd = readers![c] as CellReader;
          x = rd.code!(i);
          if (x >= 0) {
            v = rd.texts![x]!;
            if (v === '') continue;
            label = canon[c]![x] ?? canonOf(c, x, v);
          } else v = rd.at(i);
        } else v = readers ? (readers[c] as CellReader).at(i) : row[c];
        if (x >= 0) kind = 2;
        else if (v === null || v === undefined || v === '') continue;
        else if (typeof v === 'number') {
          if (v !== v || v === Infinity || v === -Infinity) continue;
          kind = 1;
          num = v;
        } else if (typeof v === 'string') kind = 2;
        else if (typeof v === 'boolean') kind = 3;
        else if (v instanceof Date) {
          const ms = v.getTime();
          if (ms !== ms) continue;
          num = ms / 86_400_000 + EXCEL_EPOCH_DAYS;
          kind = 4;
        } else continue;
      }
      if (prev >= 0 && prev === c - 1) {
        // <c
        at = putWords(dv, at, CELL_OPEN);
      } else {
        // <c r="A12"
        at = putWords(dv, at, open[c]!);
        dv.setInt32(at, r0, true);
        dv.setInt32(at + 4, r1, true);
        at += rLen;
      }
      prev = c;
      if (kind === 1 || (kind === 4 && num >= 61)) {
        at = putWords(dv, at, numberTag[c]!);
        at = putNumber(buf, at, num);
        at = putWords(dv, at, VALUE_END);
      } else if (kind === 2) {
        const s0 = v as string;
        // A column often repeats its last text (stages, periods, Yes/No): its index is kept.
        if (label >= 0 ? label !== lastLabel[c] : s0 !== lastText[c]) {
          // (A coded column's cells without a code take the text path: each path forgets the other's last.)
          if (label >= 0) {
            lastLabel[c] = label;
            lastText[c] = undefined;
          } else {
            lastText[c] = s0;
            lastLabel[c] = -1;
          }
          // A column whose texts are mostly distinct (ids, names) gains nothing from the
          // table: after its first 1,024 texts, if over half were new, it goes inline.
          let k = -1;
          if (sharedColumn[c]) {
            if (label < 0) {
              k = shared.ref(
                s0.length > EXCEL_MAX_CELL_TEXT ? s0.slice(0, EXCEL_MAX_CELL_TEXT) : s0,
              );
            } else {
              const known = labelIndex[c]![label];
              if (known === undefined) k = labelIndex[c]![label] = shared.ref(s0);
              else if ((k = known) >= 0) shared.count++; // as shared.ref counts it
            }
            const seen = ++textsSeen[c]!;
            if (k === shared.list.length - 1) textsNew[c]!++;
            if (seen === 1024 && textsNew[c]! > 512) sharedColumn[c] = false;
          }
          lastIndex[c] = k;
        } else if (lastIndex[c]! >= 0) shared.count++;
        if (s0.length > EXCEL_MAX_CELL_TEXT) {
          truncated.push({ sheet: t.sheetName, row: r, column: headers[c]!, length: s0.length });
        }
        const k = lastIndex[c]!;
        if (k >= 0) {
          if (plainStyle[c]) at = sharedCells.put(dv, at, k);
          else {
            at = putWords(dv, at, sharedTag[c]!);
            at = putUint(buf, at, k);
            at = putWords(dv, at, VALUE_END);
          }
        } else {
          const s = s0.length > EXCEL_MAX_CELL_TEXT ? s0.slice(0, EXCEL_MAX_CELL_TEXT) : s0;
          // <t>text</t> as the bytes of plain text, else escaped.
          out.at = putWords(dv, at, textTag[c]!);
          if (out.plain(s)) {
            out.ensure(TEXT_END.n + 4);
            if (out.buf !== dvOf) dv = viewOf((dvOf = out.buf));
            out.at = putWords(dv, out.at, TEXT_END);
          } else {
            // Nothing written, the buffer maybe moved: back to the end of the cell's tag.
            out.at = at + inlineTag[c]!.n;
            writeEscaped(out, s);
          }
          // The text may have moved the buffer: room again for the rest of the row.
          out.ensure(rowRoom);
          buf = out.buf;
          if (buf !== dvOf) dv = viewOf((dvOf = buf));
          at = out.at;
        }
      } else if (kind === 3) {
        at = putWords(dv, at, v ? trueCell[c]! : falseCell[c]!);
      } else {
        // Before 1900-03-01 Excel's serials are off by its 1900 leap-year bug: keep the date as text.
        out.at = putWords(dv, at, inlineTag[c]!);
        out.add(`<t>${(v as Date).toISOString().slice(0, 10)}</t></is></c>`);
        buf = out.buf;
        if (buf !== dvOf) dv = viewOf((dvOf = buf));
        at = out.at;
      }
    }
    out.at = putWords(dv, at, ROW_END);
    if (out.full) {
      await out.flush();
      progress(i + 1);
    }
  }
  out.add(
    `${t.rowCount === 0 ? '<row r="2"/>' : ''}</sheetData>${headerNotes(t, headers)}<tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`,
  );
  await out.flush();
  progress(t.rowCount);
}

type NumberReader = Extract<ColumnReader, { kind: 'number' }>;
type LabelReader = Extract<ColumnReader, { kind: 'label' }>;
type DayReader = Extract<ColumnReader, { kind: 'day' }>;
type CellReader = Extract<ColumnReader, { kind: 'cell' }>;

/**
 * A column's note (OutputColumn.note) as the input message Excel shows when its
 * header cell is selected: a tooltip that needs no comment drawing and restricts nothing.
 * Excel caps the title at 32 characters and the message at 255.
 */
function headerNotes(t: OutputSource, headers: string[]): string {
  const notes = t.columns
    .map((c, i) =>
      c.note
        ? `<dataValidation allowBlank="1" showInputMessage="1" promptTitle="${xmlText(cut(headers[i]!, 32))}" prompt="${xmlText(cut(c.note, 255))}" sqref="${columnName(i)}1"/>`
        : '',
    )
    .filter(Boolean);
  return notes.length
    ? `<dataValidations count="${notes.length}">${notes.join('')}</dataValidations>`
    : '';
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function tableXml(t: OutputSource, headers: string[], id: number): string {
  const ref = `A1:${columnName(Math.max(0, t.columns.length - 1))}${Math.max(1, t.rowCount) + 1}`;
  const cols = headers.map((h, i) => `<tableColumn id="${i + 1}" name="${xmlText(h)}"/>`).join('');
  return (
    `${XML_HEAD}<table xmlns="${NS_MAIN}" id="${id}" name="${t.tableName}" displayName="${t.tableName}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/><tableColumns count="${headers.length}">${cols}</tableColumns>` +
    '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>'
  );
}

function stylesXml(codes: readonly string[]): string {
  const custom: string[] = [];
  const xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  let next = 164;
  for (const code of codes) {
    let id = BUILTIN_FORMAT[code];
    if (id === undefined) {
      id = next++;
      custom.push(`<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`);
    }
    xfs.push(
      `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
    );
  }
  return (
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}"><numFmts count="${custom.length}">${custom.join('')}</numFmts>` +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
  );
}

async function part(zip: ZipWriter, path: string, xml: string): Promise<void> {
  const e = await zip.entry(path);
  await e.write(xml);
  await e.close();
}

/**
 * Streams the workbook of these tables into sink. Tables Excel could not open
 * are refused before a byte is written; text cells longer than Excel holds are
 * cut and reported.
 */
export async function writeWorkbookTo(
  sources: readonly OutputSource[],
  sink: ByteSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const tables = [...sources].sort((a, b) => outputRank(a.key) - outputRank(b.key));
  checkExcelLimits(tables);
  const zip = new ZipWriter(sink, options);
  const truncated: Truncation[] = [];
  const shared = new SharedStrings();
  const sharedCells = new SharedCells();
  const n = tables.length;
  const total = tables.reduce((s, t) => s + t.rowCount, 0);
  const ct =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    tables
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
          `<Override PartName="/xl/tables/table${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>`,
      )
      .join('') +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '</Types>';
  await part(zip, '[Content_Types].xml', ct);
  await part(
    zip,
    '_rels/.rels',
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="xl/workbook.xml"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      '</Relationships>',
  );
  await part(
    zip,
    'docProps/core.xml',
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
      '<dc:creator>Funnel Forecast</dc:creator></cp:coreProperties>',
  );
  await part(
    zip,
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>` +
      tables
        .map(
          (t, i) => `<sheet name="${xmlText(t.sheetName)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
        )
        .join('') +
      '</sheets></workbook>',
  );
  await part(
    zip,
    'xl/_rels/workbook.xml.rels',
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      tables
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${REL_TYPE}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${n + 1}" Type="${REL_TYPE}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId${n + 2}" Type="${REL_TYPE}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  const styles = new Styles();
  const styleOf = tables.map((t) => t.columns.map((c) => styles.of(c)));
  await part(zip, 'xl/styles.xml', stylesXml(styles.codes));
  let before = 0;
  let lastReported = -Infinity;
  const report = (rows: number): void => {
    const done = before + rows;
    if (options.onProgress && (done - lastReported >= 16_000 || done === total)) {
      lastReported = done;
      options.onProgress(done, total);
    }
  };
  for (let i = 0; i < n; i++) {
    const t = tables[i]!;
    const headers = headerNames(t);
    const sheet = await zip.entry(`xl/worksheets/sheet${i + 1}.xml`);
    await writeSheet(sheet, t, headers, report, truncated, shared, styleOf[i]!, sharedCells);
    await sheet.close();
    before += t.rowCount;
    await part(
      zip,
      `xl/worksheets/_rels/sheet${i + 1}.xml.rels`,
      `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${REL_TYPE}/table" Target="../tables/table${i + 1}.xml"/></Relationships>`,
    );
    await part(zip, `xl/tables/table${i + 1}.xml`, tableXml(t, headers, i + 1));
  }
  // The shared strings, after the sheets that found them.
  const sst = await zip.entry('xl/sharedStrings.xml');
  const sstBytes = new XmlBytes(sst);
  sstBytes.add(
    `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${shared.count}" uniqueCount="${shared.list.length}">`,
  );
  for (const text of shared.list) {
    if (sstBytes.add(`<si>${textXml(text)}</si>`)) await sstBytes.flush();
  }
  sstBytes.add('</sst>');
  await sstBytes.flush();
  await sst.close();
  await zip.finish();
  return { truncated };
}

/** The whole workbook in memory (the page's download, tests). */
export async function writeWorkbook(
  tables: readonly (OutputTable | OutputSource)[],
  options: WriteOptions = {},
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  await writeWorkbookTo(
    tables.map((t) => ('rows' in t ? fromRows(t) : t)),
    {
      write: (b) => {
        chunks.push(b.slice());
        size += b.length;
      },
    },
    options,
  );
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
