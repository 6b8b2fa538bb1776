/**
 * CSV text into a grid, by hand: one pass over the characters, no regular
 * expression per cell, numbers parsed from the characters as they are read.
 *
 * - Every CR, LF or CRLF ends a record, whatever the first line uses; inside
 *   quotes a newline is data.
 * - A blank line is a row with no cells (one shared empty array, nothing
 *   allocated per line); trailing blank lines are dropped.
 * - Each row holds exactly the record's cells (no padding), so the engine can
 *   tell a ragged record from the header.
 * - Plain decimal numbers become numbers; codes with leading zeros, ids of
 *   more than 15 digits and anything else stay text; an empty cell is null.
 */
import type { CellSource, CellValue, ColumnCodes } from '../core/cells';
import { FileReadError, LIMITS } from './limits';

/** The row of a blank line: shared, never written to. */
export const BLANK_ROW: CellValue[] = Object.freeze([]) as unknown as CellValue[];

const LF = 10;
const CR = 13;
const QUOTE = 34;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** 10^k for k = 0..22, all exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Unquoted texts up to INTERN_MAX characters are interned, in a table per
 * column (the columns from INTERN_TABLES - 1 on share the last one) of 2^8
 * slots at first, doubled when half full up to 2^INTERN_BITS, probed
 * INTERN_PROBES slots from a text's hash.
 */
const INTERN_MAX = 32;
const INTERN_FIRST_BITS = 8;
const INTERN_BITS = 14;
const INTERN_PROBES = 8;
const INTERN_TABLES = 64;
/**
 * A table whose first INTERN_TRIAL texts repeat less than 1 in 64 (a column of
 * ids or names; for the shared table, its columns together) is no longer used.
 */
const INTERN_TRIAL = 1 << 14;

/** The delimiters a CSV may use, in the order ties are broken. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export function delimiterName(d: string): string {
  switch (d) {
    case ',':
      return 'commas';
    case ';':
      return 'semicolons';
    case '\t':
      return 'tabs';
    case '|':
      return 'vertical bars';
    default:
      return `"${d}"`;
  }
}

/**
 * The delimiter of a text: per candidate, the number of fields of each of the
 * first records (quotes respected); the candidate whose most common count (2
 * or more) is shared by the most records wins; none gives ','.
 */
export function detectDelimiter(text: string): string {
  const limit = Math.min(text.length, 1 << 16);
  const k = DELIMITERS.length;
  const codes = DELIMITERS.map((d) => d.charCodeAt(0));
  const counts: number[][] = DELIMITERS.map(() => []);
  const line = new Array<number>(k).fill(1);
  let quoted = false;
  let filled = false;
  let lines = 0;
  for (let i = 0; i < limit && lines < 200; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      quoted = !quoted;
      filled = true;
      continue;
    }
    if (quoted) continue;
    if (c === LF || c === CR) {
      if (filled) {
        for (let j = 0; j < k; j++) counts[j]!.push(line[j]!);
        lines++;
      }
      line.fill(1);
      filled = false;
      continue;
    }
    filled = true;
    for (let j = 0; j < k; j++) if (c === codes[j]) line[j]!++;
  }
  if (filled && !quoted) for (let j = 0; j < k; j++) counts[j]!.push(line[j]!);
  let best = ',';
  let bestScore = 0;
  let bestWidth = 0;
  DELIMITERS.forEach((d, j) => {
    const freq = new Map<number, number>();
    for (const n of counts[j]!) if (n >= 2) freq.set(n, (freq.get(n) ?? 0) + 1);
    let width = 0;
    let score = 0;
    for (const [n, f] of freq) {
      if (f > score || (f === score && n > width)) {
        score = f;
        width = n;
      }
    }
    if (score > bestScore || (score === bestScore && score > 0 && width > bestWidth)) {
      best = d;
      bestScore = score;
      bestWidth = width;
    }
  });
  return best;
}

/** A quoted cell's text (or any text) as a cell: the same rule as the unquoted fast path. */
export function textCell(s: string): CellValue {
  if (s === '') return null;
  return isPlainNumber(s) && !isThousandsOrDecimal(s) ? Number(s) : s;
}

/**
 * "2.000", "15.000", "-999.000": a decimal point, or a European thousands dot?
 * Only the whole column can tell (core decides each column's decimal
 * separator), so such cells stay text here rather than becoming 2 and 15.
 */
function isThousandsOrDecimal(s: string): boolean {
  const start = s.charCodeAt(0) === MINUS ? 1 : 0;
  const dot = s.indexOf('.');
  const int = dot - start;
  return int >= 1 && int <= 3 && s.charCodeAt(start) !== ZERO && s.length - dot - 1 === 3;
}

/** -?(0|[1-9]\d{0,14})(\.\d+)? without a regular expression. */
function isPlainNumber(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (s.charCodeAt(0) === MINUS) i++;
  const first = s.charCodeAt(i);
  if (!(first >= ZERO && first <= NINE)) return false;
  if (first === ZERO) i++;
  else {
    const start = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i - start > 15) return false;
  }
  if (i === n) return true;
  if (s.charCodeAt(i) !== DOT) return false;
  i++;
  if (i === n) return false;
  while (i < n) if (!isDigit(s.charCodeAt(i++))) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** The CSV records of a text as rows of cells; every record accounted for. */
export function parseCsvText(name: string, text: string, delimiter: string): CellValue[][] {
  return parseCsvColumns(name, text, delimiter).grid();
}

/**
 * A CSV's cells as the reader holds them: one array per column, an entry for
 * every record (null where the record has no such cell), and each record's
 * cell count. A column of plain numbers stays an array of unboxed doubles.
 * A text that is not interned (longer than INTERN_MAX, or in a column whose
 * texts do not repeat: the opportunity ids) is kept as its place in the text
 * (undefined in its column, its start and end in the column's spans) and
 * sliced when read, so a million ids are not a million strings kept alive.
 * The row grid is built on first asking (`grid()`), for the consumers that
 * want rows; a run reads the columns.
 */
export class CsvColumns implements CellSource {
  private rowsGrid: CellValue[][] | undefined;

  constructor(
    private readonly text: string,
    /** Per column, a cell per record (undefined: see spans). */
    private readonly columns: (CellValue | undefined)[][],
    /** Per column, start and end in text of each cell its column holds as undefined. */
    private readonly spans: (Int32Array | undefined)[],
    /** Per column with a table of its own, each cell's index in its texts plus 1 (0: none). */
    private readonly colCodes: (Int32Array | undefined)[],
    /** Per column, its table's texts in the order they came. */
    private readonly texts: (string[] | undefined)[],
    /** Per record, its cell count. */
    readonly widths: Uint16Array,
    readonly rows: number,
  ) {}

  width(r: number): number {
    return this.widths[r]!;
  }

  cell(r: number, c: number): CellValue {
    const column = this.columns[c];
    if (column === undefined) return null;
    const v = column[r];
    return v !== undefined ? v : this.span(r, c);
  }

  /** Column c's interned texts as codes, when its texts repeat (not for a column of ids). */
  codes(c: number): ColumnCodes | undefined {
    const codes = this.colCodes[c];
    const texts = this.texts[c];
    return codes && texts ? { codes, texts } : undefined;
  }

  private span(r: number, c: number): string {
    const s = this.spans[c]!;
    return this.text.slice(s[2 * r]!, s[2 * r + 1]!);
  }

  /** The records as rows of exactly their cells (built once; a blank line is BLANK_ROW). */
  grid(): CellValue[][] {
    if (this.rowsGrid) return this.rowsGrid;
    const { widths, rows } = this;
    const grid = new Array<CellValue[]>(rows);
    const cells: CellValue[] = [];
    for (let r = 0; r < rows; r++) {
      const w = widths[r]!;
      if (w === 0) {
        grid[r] = BLANK_ROW;
        continue;
      }
      for (let c = 0; c < w; c++) cells[c] = this.cell(r, c);
      grid[r] = exactRow(cells, w);
    }
    return (this.rowsGrid = grid);
  }
}

/** The CSV records of a text as columns of cells; every record accounted for. */
export function parseCsvColumns(name: string, text: string, delimiter: string): CsvColumns {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  const columns: (CellValue | undefined)[][] = [];
  const spans: (Int32Array | undefined)[] = [];
  const colCodes: (Int32Array | undefined)[] = [];
  // Each column is made at its full length at once (no growth by push, whose
  // copies of a million-entry array are garbage): the line count bounds the
  // records but for lone CRs, and a file of more records grows them all.
  let cap = lineCount(text);
  let widths: Uint16Array = new Uint16Array(cap);
  let rows = 0;
  const maxRows = LIMITS.rows;
  const maxColumns = LIMITS.columns;
  const pow10 = POW10;
  // One table per column, so the ids unique to each row (opportunity ids)
  // take no slot from the texts that repeat (accounts, owners, dates); a text
  // keeps its slot once in (no eviction: a column that cycles through
  // thousands of accounts would otherwise evict each before it came back).
  const tables: InternTable[] = [];
  const tries = new Int32Array(INTERN_TABLES);
  const hits = new Int32Array(INTERN_TABLES);
  const unique = new Uint8Array(INTERN_TABLES);
  // A delimiter that can sit inside a number turns the number fast path off.
  const fast = !(d === DOT || d === MINUS || (d >= ZERO && d <= NINE));
  let blanks = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      // A blank line: counted, filled in when a record follows.
      blanks++;
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      continue;
    }
    if (blanks) {
      if (rows + blanks >= maxRows) tooManyRows(name);
      for (; blanks > 0; blanks--) {
        if (rows === cap) widths = growColumns(columns, spans, colCodes, widths, (cap *= 2));
        for (let k = 0; k < columns.length; k++) columns[k]![rows] = null;
        widths[rows++] = 0;
      }
    }
    if (rows === cap) widths = growColumns(columns, spans, colCodes, widths, (cap *= 2));
    if (rows >= maxRows) tooManyRows(name);
    let count = 0;
    for (;;) {
      // undefined: a text kept as its place, from start to i (spans).
      let value: CellValue | undefined;
      let start = i;
      c = text.charCodeAt(i); // NaN past the end
      if (c === QUOTE) {
        let j = i + 1;
        let seg = j;
        let acc = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            throw new FileReadError(
              `${name}: row ${rows + 1}: a quoted field is never closed (a " without its closing "); check the quotes of that row.`,
            );
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            acc += text.slice(seg, q + 1);
            j = seg = q + 2;
            continue;
          }
          acc += text.slice(seg, q);
          i = q + 1;
          break;
        }
        // Spaces between a closing quote and the delimiter are tolerated.
        c = text.charCodeAt(i);
        while (c === 32 && c !== d) c = text.charCodeAt(++i);
        if (i < n && c !== d && c !== LF && c !== CR) {
          throw new FileReadError(
            `${name}: row ${rows + 1}: text after the closing quote of a quoted field; quote the whole field and double the quotes inside it ("").`,
          );
        }
        value = textCell(acc);
      } else {
        start = i;
        // The fast path: a plain decimal number read from its digits.
        let k = i;
        const neg = c === MINUS;
        if (neg) c = text.charCodeAt(++k);
        let number = false;
        let m = 0;
        let digits = 0;
        let frac = 0;
        if (fast && c >= ZERO && c <= NINE) {
          if (c === ZERO) {
            c = text.charCodeAt(++k);
            digits = 1;
          } else {
            do {
              m = m * 10 + (c - ZERO);
              digits++;
              c = text.charCodeAt(++k);
            } while (c >= ZERO && c <= NINE);
          }
          if (digits <= 15) {
            if (c === DOT) {
              c = text.charCodeAt(++k);
              while (c >= ZERO && c <= NINE) {
                m = m * 10 + (c - ZERO);
                frac++;
                c = text.charCodeAt(++k);
              }
              number = frac > 0;
            } else number = true;
            // The field must end here ("007", "12ab", "1.5.2" are text).
            if (number && k < n && c !== d && c !== LF && c !== CR) number = false;
            // "2.000", "15.000": a decimal point or a European thousands dot? Only
            // the whole column can tell (core decides each column's separator).
            if (number && frac === 3 && digits <= 3 && m >= 1000) number = false;
          }
        }
        if (number) {
          i = k;
          if (digits + frac <= 15) {
            // Both exact doubles: the division is the correctly rounded value, as Number() gives.
            const v = frac ? m / pow10[frac]! : m;
            value = neg ? -v : v;
          } else value = Number(text.slice(start, k));
        } else {
          i = start;
          let h = 0;
          while (i < n) {
            c = text.charCodeAt(i);
            if (c === d || c === LF || c === CR) break;
            h = (h * 31 + c) | 0;
            i++;
          }
          const len = i - start;
          if (len === 0) value = null;
          else if (!fast) value = textCell(text.slice(start, i));
          else if (len > INTERN_MAX) value = undefined;
          else {
            // Short texts repeat (stages, regions, owners, dates): one string each.
            const t = count < INTERN_TABLES ? count : INTERN_TABLES - 1;
            if (unique[t] === 1) value = undefined;
            else {
              const k = intern(tables, hits, t, text, start, len, h);
              value = k >= 0 ? tables[t]!.texts[k]! : text.slice(start, start + len);
              // The cell's code, for a column with a table of its own (a miss has none; the
              // last table is shared by the columns from INTERN_TABLES - 1 on: no codes).
              if (k >= 0 && t === count && count < INTERN_TABLES - 1) {
                const codes = colCodes[t] ?? (colCodes[t] = new Int32Array(cap));
                codes[rows] = k + 1;
              }
            }
            if (++tries[t]! === INTERN_TRIAL && hits[t]! * 64 < INTERN_TRIAL) {
              // Its texts do not repeat: no more lookups, and its table and codes are let go.
              unique[t] = 1;
              tables[t] = emptyTable(0);
              colCodes[t] = undefined;
            }
          }
        }
      }
      if (count === maxColumns) {
        throw new FileReadError(
          `${name}: row ${rows + 1} has more than ${maxColumns.toLocaleString('en-US')} cells (the most Excel allows); check the delimiter.`,
        );
      }
      // The record's cell goes straight into its column (a new column is null for the records before).
      if (count === columns.length) newColumn(columns, rows, cap);
      if (value === undefined) {
        const s = spans[count] ?? (spans[count] = new Int32Array(2 * cap));
        s[2 * rows] = start;
        s[2 * rows + 1] = i;
      }
      columns[count++]![rows] = value;
      if (i >= n) break;
      c = text.charCodeAt(i);
      i++;
      if (c === d) continue;
      if (c === CR && text.charCodeAt(i) === LF) i++;
      break;
    }
    // The columns this record has no cell in.
    for (let k = count; k < columns.length; k++) columns[k]![rows] = null;
    widths[rows++] = count;
  }
  // A trailing newline or trailing empty records are not rows.
  while (rows > 0 && emptyRecord(columns, widths[rows - 1]!, rows - 1)) rows--;
  for (const column of columns) column.length = rows;
  const texts = columns.map((_, c) => (c < INTERN_TABLES - 1 ? tables[c]?.texts : undefined));
  return new CsvColumns(text, columns, spans, colCodes, texts, widths.subarray(0, rows), rows);
}

/** Records at most, but for lone CRs: the LFs and one more, at least 16. */
function lineCount(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  return Math.max(16, lines);
}

/** A new last column of cap entries, null for the records before it. */
function newColumn(columns: (CellValue | undefined)[][], rows: number, cap: number): void {
  const column = new Array<CellValue | undefined>(cap);
  for (let r = 0; r < rows; r++) column[r] = null;
  columns.push(column);
}

/** Every column, its spans and the widths, with room for cap records. */
function growColumns(
  columns: (CellValue | undefined)[][],
  spans: (Int32Array | undefined)[],
  colCodes: (Int32Array | undefined)[],
  widths: Uint16Array,
  cap: number,
): Uint16Array {
  for (const column of columns) column.length = cap;
  colCodes.forEach((k, c) => {
    if (k) colCodes[c] = copied(k, new Int32Array(cap));
  });
  spans.forEach((s, c) => {
    if (s) spans[c] = copied(s, new Int32Array(2 * cap));
  });
  return copied(widths, new Uint16Array(cap));
}

/** into, with from's values at its start. */
function copied<T extends Int32Array | Uint16Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

/** Whether record r's cells are all empty. */
function emptyRecord(columns: (CellValue | undefined)[][], width: number, r: number): boolean {
  for (let c = 0; c < width; c++) if (columns[c]![r] !== null) return false;
  return true;
}

/**
 * The first count cells as an array of that length. Up to 12 cells the row is
 * an array literal: V8 tracks where literals are made and, seeing nearly all of
 * them survive (a grid is kept whole), allocates them straight in the old
 * generation instead of copying each row twice through the young one.
 */
function exactRow(c: CellValue[], count: number): CellValue[] {
  switch (count) {
    case 1:
      return [c[0]!];
    case 2:
      return [c[0]!, c[1]!];
    case 3:
      return [c[0]!, c[1]!, c[2]!];
    case 4:
      return [c[0]!, c[1]!, c[2]!, c[3]!];
    case 5:
      return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!];
    case 6:
      return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!];
    case 7:
      return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!];
    case 8:
      return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!];
    case 9:
      return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!];
    case 10:
      return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!];
    case 11:
      return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!];
    case 12:
      return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!];
    default:
      return c.slice(0, count);
  }
}

/** A column's interned texts: 2^bits slots, used of them filled; each text's code (its index in texts). */
interface InternTable {
  slots: (string | undefined)[];
  /** Per slot, the code of its text. */
  slotCodes: Int32Array;
  texts: string[];
  bits: number;
  used: number;
}

function emptyTable(bits: number): InternTable {
  return {
    slots: new Array<string | undefined>(bits ? 1 << bits : 0),
    slotCodes: new Int32Array(bits ? 1 << bits : 0),
    texts: [],
    bits,
    used: 0,
  };
}

/** The slot a text's hash starts from; Fibonacci hashing spreads texts that differ in a digit or two (dates, numbered accounts). */
function slotOf(h: number, bits: number): number {
  return Math.imul(h, 0x9e3779b1) >>> (32 - bits);
}

/**
 * The code of text[start, start + len) in column table t (its index in the
 * table's texts): the one there (counted in hits[t]), else a new one, kept in
 * the first free slot its probes meet; -1 when its probes meet no free slot.
 */
function intern(
  tables: InternTable[],
  hits: Int32Array,
  t: number,
  text: string,
  start: number,
  len: number,
  h: number,
): number {
  let table = tables[t];
  if (table === undefined) table = tables[t] = emptyTable(INTERN_FIRST_BITS);
  const slots = table.slots;
  const mask = slots.length - 1;
  let slot = slotOf(h, table.bits);
  for (let p = 0; p < INTERN_PROBES; p++, slot = (slot + 1) & mask) {
    const seen = slots[slot];
    if (seen === undefined) {
      const s = (slots[slot] = text.slice(start, start + len));
      const k = (table.slotCodes[slot] = table.texts.push(s) - 1);
      if (++table.used * 2 > slots.length && table.bits < INTERN_BITS) grow(table);
      return k;
    }
    if (seen.length === len && text.startsWith(seen, start)) {
      hits[t]!++;
      return table.slotCodes[slot]!;
    }
  }
  return -1;
}

/** The table at twice its size, its texts placed again (the same hash as the reader's loop). */
function grow(table: InternTable): void {
  const old = table.slots;
  const bits = table.bits + 1;
  const slots = new Array<string | undefined>(1 << bits);
  const slotCodes = new Int32Array(1 << bits);
  const mask = slots.length - 1;
  let used = 0;
  for (let o = 0; o < old.length; o++) {
    const s = old[o];
    if (s === undefined) continue;
    let h = 0;
    for (let j = 0; j < s.length; j++) h = (h * 31 + s.charCodeAt(j)) | 0;
    let slot = slotOf(h, bits);
    for (let p = 0; p < INTERN_PROBES; p++, slot = (slot + 1) & mask) {
      if (slots[slot] === undefined) {
        slots[slot] = s;
        slotCodes[slot] = table.slotCodes[o]!;
        used++;
        break;
      }
    }
  }
  table.slots = slots;
  table.slotCodes = slotCodes;
  table.bits = bits;
  table.used = used;
}

function tooManyRows(name: string): never {
  throw new FileReadError(
    `${name}: more than ${LIMITS.rows.toLocaleString('en-US')} rows, the most a file is read with; split it, or filter the rows you need.`,
  );
}
