/**
 * Pass 1's input (ParseInput) and the typed columns it fills, one entry per
 * data row (ParsedRows), the codes they hold, and the interning that turns
 * repeated strings (owners, accounts, currencies, segment values, stage
 * labels) into small integers.
 */
import type { CellSource, CellValue, ColumnCodes } from '../../cells';
import type { StageDef, StageTable, DealStatus } from '../../stages';
import { type DecimalSeparator } from '../../read/amount';
import { isBlankValue } from '../../read/blank';
import { type DayOrder } from '../../read/date';
import type { ColumnMap } from '../headers';
import { IssueColumns } from '../issues';

const blankValue = isBlankValue;

export const STATUS_OPEN = 0;
export const STATUS_WON = 1;
export const STATUS_LOST = 2;
export const STATUS_NAMES: readonly DealStatus[] = ['open', 'won', 'lost'];
/** "No date" in the Int32 day columns. */
export const NO_DAY = -2147483648;

/** A day column's value as a number, NaN for none. */
export function dayAt(days: Int32Array, i: number): number {
  const d = days[i]!;
  return d === NO_DAY ? NaN : d;
}

export const FLAG_SLIPPED = 1;
export const FLAG_STALE = 2;
/** Set after parsing: the deal's currency has no rate (a 'no-rate' issue, not counted). */
export const FLAG_NO_RATE = 4;

/** Interns strings to small integers so rows carry an index, not a string. */
export class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  id(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

export interface ParsedRows {
  n: number;
  /** Index into the sheet's rows (values, cells) of each parsed row. */
  source: Int32Array;
  /** Sheet row of values[0]: a deal's sheet row is firstRow + source[i]. */
  firstRow: number;
  /** Amount as written (NaN when missing or bad). */
  amount: Float64Array;
  currency: Int32Array;
  currencies: Interner;
  probability: Float64Array;
  status: Uint8Array;
  category: Uint8Array;
  ladder: Uint8Array;
  /** Stage label index (-1 blank). */
  stageLabel: Int32Array;
  stageLabels: Interner;
  /** Day numbers; NO_DAY when there is none (Int32: half the memory of doubles). */
  closeDay: Int32Array;
  createdDay: Int32Array;
  lastActivityDay: Int32Array;
  owner: Int32Array;
  owners: Interner;
  account: Int32Array;
  accounts: Interner;
  /** Segment combination of the sheet's segment columns. */
  segment: Int32Array;
  segments: Interner;
  /** FLAG_SLIPPED | FLAG_STALE. */
  flags: Uint8Array;
  /** 1 when the row can be counted (amount and a way to weight it). */
  usable: Uint8Array;
  /** The parse issues, in row order, as columns (objects are built on demand). */
  issues: IssueColumns;
  /** Per row, where its issues start in issues (they are added in row order). */
  issueStart: Int32Array;
  /** Per row, how many issues it has in issues. */
  issueCount: Uint8Array;
  /** Distinct stage labels with their counts and resolution. */
  stageUsage: Map<string, { deals: number; def?: StageDef }>;
  notes: string[];
  stagePreset?: StageTable;
  dateOrders: Partial<Record<'closeDate' | 'createdDate' | 'lastActivity', DayOrder>>;
}

export interface ParseInput {
  /** The sheet's cells, title and header rows included. */
  cells: CellSource;
  numberFormats?: string[][];
  headerIndex: number;
  firstRow: number;
  headers: string[];
  map: ColumnMap;
  userTable?: StageTable;
  asOfDay: number;
  staleDays: number;
  /** The user's day order for a/b/yyyy dates (settings.dayOrder): overrides the per-column decision. */
  dayOrder?: DayOrder;
  /** The user's decimal separator (settings.decimalSeparator): overrides the per-column decision. */
  decimalSeparator?: DecimalSeparator;
  /** The CSV delimiter the file was read with: ';' hints at decimal commas and day-first dates. */
  delimiter?: string;
  /** Cells every data row must have (a CSV's header count); -1 or absent: no check. */
  recordWidth?: number;
  /** Count ragged rows anyway (they are still reported). */
  keepRaggedRows?: boolean;
}

/** Empty columns for up to cap rows. */
export function newParsedRows(
  cap: number,
  firstRow: number,
  rest: Pick<ParsedRows, 'stageUsage' | 'notes' | 'stagePreset' | 'dateOrders'>,
): ParsedRows {
  return {
    n: 0,
    source: new Int32Array(cap),
    firstRow,
    amount: new Float64Array(cap),
    currency: new Int32Array(cap),
    currencies: new Interner(),
    probability: new Float64Array(cap),
    status: new Uint8Array(cap),
    category: new Uint8Array(cap),
    ladder: new Uint8Array(cap),
    stageLabel: new Int32Array(cap),
    stageLabels: new Interner(),
    closeDay: new Int32Array(cap),
    createdDay: new Int32Array(cap),
    lastActivityDay: new Int32Array(cap),
    owner: new Int32Array(cap),
    owners: new Interner(),
    account: new Int32Array(cap),
    accounts: new Interner(),
    segment: new Int32Array(cap),
    segments: new Interner(),
    usable: new Uint8Array(cap),
    flags: new Uint8Array(cap),
    issues: new IssueColumns(),
    issueStart: new Int32Array(cap),
    issueCount: new Uint8Array(cap),
    ...rest,
  };
}

/** A ragged row that is not counted: no values, not usable, only its issue. */
export function skipRow(out: ParsedRows, i: number): void {
  out.amount[i] = NaN;
  out.currency[i] = -1;
  out.stageLabel[i] = -1;
  out.probability[i] = NaN;
  out.status[i] = STATUS_OPEN;
  out.category[i] = 0;
  out.ladder[i] = 0;
  out.closeDay[i] = NO_DAY;
  out.createdDay[i] = NO_DAY;
  out.lastActivityDay[i] = NO_DAY;
  out.owner[i] = -1;
  out.account[i] = -1;
  out.segment[i] = 0;
  out.flags[i] = 0;
  out.usable[i] = 0;
}

/** "Not yet seen" in a per-code table of ids. */
export const UNSEEN = -2;

/**
 * A per-code table for column c's reader codes (CellSource.codes: row r's code
 * k = codes[r], its entry byCode[k - 1], none for k = 0), null when the column
 * has none: what a reader works out once per code (an id, a date...). The
 * table is table(number of codes); by default ids, every entry UNSEEN.
 */
export function byCodeOf(
  cells: CellSource,
  c: number,
): { codes: Int32Array; byCode: Int32Array } | null;
export function byCodeOf<T>(
  cells: CellSource,
  c: number,
  table: (size: number) => T,
): { codes: Int32Array; byCode: T } | null;
export function byCodeOf(
  cells: CellSource,
  c: number,
  table: (size: number) => unknown = (size) => new Int32Array(size).fill(UNSEEN),
): { codes: Int32Array; byCode: unknown } | null {
  const cc: ColumnCodes | undefined = c >= 0 && cells.codes ? cells.codes(c) : undefined;
  return cc ? { codes: cc.codes, byCode: table(cc.texts.length) } : null;
}

/**
 * Interned ids of one column's cells: by the reader's code where it has one
 * (a CSV's interned texts: an array lookup), else the last cell's id is kept
 * (sheets are often sorted or grouped, so the next row repeats it), then a map
 * by value.
 */
export class CellIds {
  private last: CellValue | undefined = undefined;
  private lastId = -1;
  private readonly cache = new Map<CellValue, number>();
  private codes: Int32Array | null = null;
  private byCode: Int32Array | null = null;

  /** Read column c of cells by its reader codes, where it has them. */
  useCodes(cells: CellSource, c: number): void {
    const t = byCodeOf(cells, c);
    if (t) {
      this.codes = t.codes;
      this.byCode = t.byCode;
    }
  }

  /** The id of cell (r, c): its code's, worked out on its first sight. */
  idAt(cells: CellSource, r: number, c: number): number {
    const codes = this.codes;
    if (codes !== null) {
      const k = codes[r]!;
      if (k !== 0) {
        const byCode = this.byCode!;
        const id = byCode[k - 1]!;
        return id !== UNSEEN ? id : (byCode[k - 1] = this.id(cells.cell(r, c)));
      }
    }
    return this.id(cells.cell(r, c));
  }

  constructor(
    private readonly interner: Interner,
    private readonly normalize?: (text: string) => string,
    /** The text a blank cell is interned as (a segment's "(blank)"); none: a blank's id is -1. */
    private readonly blank?: string,
  ) {}

  id(v: CellValue): number {
    if (v === this.last) return this.lastId;
    let id = this.cache.get(v);
    if (id === undefined) {
      if (blankValue(v)) id = this.blank === undefined ? -1 : this.interner.id(this.blank);
      else {
        const text = v instanceof Date ? dateText(v) : String(v).trim();
        id = this.interner.id(this.normalize ? this.normalize(text) : text);
      }
      if (!(v instanceof Date) && this.cache.size < 1_000_000) this.cache.set(v, id);
    }
    this.last = v;
    this.lastId = id;
    return id;
  }
}

/** A blank segment cell's text. */
export const BLANK_SEGMENT = '(blank)';

/** A segment value as the Forecast table shows it (also what the history store writes). */
export function segmentText(v: CellValue): string {
  if (blankValue(v)) return BLANK_SEGMENT;
  return v instanceof Date ? dateText(v) : String(v).trim();
}

/** A Date cell as text: its UTC calendar date, or "(invalid date)". */
function dateText(d: Date): string {
  return Number.isNaN(d.getTime()) ? '(invalid date)' : d.toISOString().slice(0, 10);
}
