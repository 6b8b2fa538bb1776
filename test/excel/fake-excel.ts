/**
 * A fake of the part of the Excel JavaScript API the add-in uses, strict where
 * office-addin-mock is lenient:
 * - reading a property that was not load()ed and synced throws (office-addin-mock
 *   returns a string "Error, property was not loaded" instead);
 * - commands are queued and run at context.sync(), in order, like Office.js;
 * - every sync is logged with its request bytes (JSON of the queued commands),
 *   its response bytes (JSON of what was loaded) and whether calculation was
 *   suspended; over 5 MB either way fails the way Excel on the web does;
 * - values are entered the way Excel parses them: "=..." becomes a formula,
 *   "'..." is literal text, numeric text becomes a number unless the cell is
 *   formatted "@"; null leaves a cell unchanged; a Date is refused;
 * - tables, PivotTables and charts are tracked per sheet, with Excel's rules
 *   (unique table names, no overlapping tables, sheet name rules);
 * - chart members Excel does not support on a chart type throw UnsupportedOperation
 *   at sync (`unsupportedChartMembers`: Chart.title on a Waterfall chart, office-js
 *   issue 2041; Chart.series on Waterfall and Sunburst charts, office-js-docs
 *   issue 910);
 * - cells written in a sync that suspended calculation leave the workbook stale
 *   until application.calculate() runs in a later sync (Microsoft, "Excel.Application
 *   class": after suspendApiCalculationUntilNextSync "it is the developer's
 *   responsibility to re-calc the workbook, to ensure that any dependencies are
 *   propagated"): `stale` says whether formulas may show old results.
 */
import { index0FromLetters, lettersFromIndex0 } from '../../core/a1';
import type { CellValue } from '../../core/cells';

export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;
/** JSON envelope of one command (object path, method name, ids). */
const COMMAND_OVERHEAD = 40;

export class FakeRichApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RichApi.Error';
  }
}

export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface SheetState {
  id: number;
  name: string;
  values: (CellValue | undefined)[][];
  formats: (string | undefined)[][];
  formulas: Map<string, string>;
  frozenRows: number;
}

export interface TableState {
  name: string;
  sheet: SheetState;
  rect: Rect;
  style: string;
}

export interface PivotState {
  name: string;
  sheet: SheetState;
  source: string;
  at: Rect;
  rows: string[];
  columns: string[];
  data: { name: string; summarizeBy?: string; numberFormat?: string }[];
}

export interface ChartState {
  name: string;
  sheet: SheetState;
  type: string;
  source: Rect;
  title?: string;
  xValues?: Rect;
}

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  commands: number;
  suspended: boolean;
}

export interface WriteRecord {
  sync: number;
  sheet: string;
  sheetId: number;
  what: string;
}

type Op = { bytes: number; run: () => number | void };

function jsonBytes(x: unknown): number {
  return Buffer.byteLength(JSON.stringify(x) ?? '', 'utf8');
}

/** 0-based column index to letters: the hosts' own helper (core/a1.ts). */
export const columnName = lettersFromIndex0;

function parseCell(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m) throw new FakeRichApiError('InvalidArgument', `"${ref}" is not a cell address.`);
  return { row: Number(m[2]) - 1, col: index0FromLetters(m[1]!) };
}

export function parseA1(address: string): Rect {
  const [a, b] = address.split(':');
  const start = parseCell(a!);
  const end = b === undefined ? start : parseCell(b);
  return {
    row: Math.min(start.row, end.row),
    col: Math.min(start.col, end.col),
    rows: Math.abs(end.row - start.row) + 1,
    cols: Math.abs(end.col - start.col) + 1,
  };
}

function a1(rect: Rect): string {
  const tl = `${columnName(rect.col)}${rect.row + 1}`;
  if (rect.rows === 1 && rect.cols === 1) return tl;
  return `${tl}:${columnName(rect.col + rect.cols - 1)}${rect.row + rect.rows}`;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function overlaps(a: Rect, b: Rect): boolean {
  return (
    a.row < b.row + b.rows &&
    b.row < a.row + a.rows &&
    a.col < b.col + b.cols &&
    b.col < a.col + a.cols
  );
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** What Excel stores when a value is entered into a cell with the given format. */
function enter(
  value: unknown,
  format: string | undefined,
): { value: CellValue; formula?: string } | 'unchanged' {
  if (value === null) return 'unchanged';
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new FakeRichApiError('InvalidArgument', `${value} is not a cell value.`);
    return { value };
  }
  if (typeof value === 'boolean') return { value };
  if (typeof value !== 'string') {
    throw new FakeRichApiError(
      'InvalidArgument',
      `${Object.prototype.toString.call(value)} is not a cell value.`,
    );
  }
  if (value.startsWith("'")) return { value: value.slice(1) };
  if (format === '@') return { value };
  const trimmed = value.trim();
  if (NUMERIC.test(trimmed)) return { value: Number(trimmed) };
  if (/^[=+\-@\uFF1D]/.test(value) && value.length > 1) return { value: '#NAME?', formula: value };
  if (/^(true|false)$/i.test(trimmed)) return { value: trimmed.toLowerCase() === 'true' };
  return { value };
}

/** The fake workbook (state) plus `run`, which stands in for Excel.run. */
export class FakeExcel {
  readonly sheets: SheetState[] = [];
  readonly tables: TableState[] = [];
  readonly pivots: PivotState[] = [];
  readonly charts: ChartState[] = [];
  readonly names = new Map<string, { sheet: SheetState; rect: Rect }>();
  readonly syncs: SyncRecord[] = [];
  readonly writes: WriteRecord[] = [];
  active?: SheetState;
  selection?: { sheet: SheetState; rect: Rect };
  /** Highest ExcelApi 1.x minor version the fake claims to support. */
  apiMinor = 9;
  /**
   * Chart members that throw UnsupportedOperation, by chart type, as reported
   * against real Excel (office-js issue 2041, office-js-docs issue 910). A test
   * may add a type (e.g. Funnel) to check that the add-in survives it; 'add'
   * makes charts.add itself fail for that type.
   */
  readonly unsupportedChartMembers: Record<string, string[]> = {
    Waterfall: ['title', 'series'],
    Sunburst: ['series'],
  };
  /** Cells changed while calculation was suspended and no calculate() since: formulas may be stale. */
  stale = false;
  /** Every application.calculate() that ran, by calculation type. */
  readonly calculations: string[] = [];
  payloadLimit = PAYLOAD_LIMIT;
  private nextId = 1;

  readonly run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> =>
    batch(new FakeContext(this) as unknown as Excel.RequestContext);

  readonly supports = (version: string): boolean => {
    const [major, minor] = version.split('.').map(Number);
    return major === 1 && (minor ?? 0) <= this.apiMinor;
  };

  // ---- test set-up and inspection (direct state access, no syncs) ----

  addSheet(name: string, values: CellValue[][] = [], formats?: string[][]): SheetState {
    if (this.sheet(name))
      throw new FakeRichApiError('ItemAlreadyExists', `Sheet "${name}" exists.`);
    if (name.length > 31 || /[:\\/?*[\]]/.test(name) || name.trim() === '') {
      throw new FakeRichApiError('InvalidArgument', `"${name}" is not a valid sheet name.`);
    }
    const sheet: SheetState = {
      id: this.nextId++,
      name,
      values: values.map((r) => r.map((v) => v)),
      formats: formats ? formats.map((r) => [...r]) : [],
      formulas: new Map(),
      frozenRows: 0,
    };
    this.sheets.push(sheet);
    this.active ??= sheet;
    return sheet;
  }

  addTable(sheetName: string, name: string, address: string): TableState {
    const table = {
      name,
      sheet: this.sheet(sheetName)!,
      rect: parseA1(address),
      style: 'TableStyleMedium2',
    };
    this.tables.push(table);
    return table;
  }

  select(sheetName: string, address: string): void {
    this.selection = { sheet: this.sheet(sheetName)!, rect: parseA1(address) };
  }

  sheet(name: string): SheetState | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** A sheet's used cells as a grid ("" for blanks), what a user sees. */
  grid(name: string): CellValue[][] {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    const rect = usedRect(sheet);
    return rect ? readCells(sheet, rect) : [];
  }

  cell(name: string, address: string): { value: CellValue; format: string; formula?: string } {
    const sheet = this.sheet(name)!;
    const { row, col } = parseCell(address);
    const value = sheet.values[row]?.[col];
    return {
      value: value === undefined ? '' : value,
      format: sheet.formats[row]?.[col] ?? 'General',
      formula: sheet.formulas.get(`${row},${col}`),
    };
  }

  resetCounters(): void {
    this.syncs.length = 0;
    this.writes.length = 0;
  }

  // ---- used by the proxies ----

  newSheet(name: string): SheetState {
    return this.addSheet(name);
  }

  apiMinorAtLeast(minor: number): boolean {
    return this.apiMinor >= minor;
  }

  recordWrite(sheet: SheetState, what: string): void {
    this.writes.push({ sync: this.syncs.length, sheet: sheet.name, sheetId: sheet.id, what });
  }
}

function usedRect(sheet: SheetState): Rect | null {
  let top = -1;
  let bottom = -1;
  let left = Infinity;
  let right = -1;
  sheet.values.forEach((row, r) => {
    if (!row) return;
    row.forEach((v, c) => {
      if (v === undefined || v === null || v === '') return;
      if (top < 0) top = r;
      bottom = r;
      left = Math.min(left, c);
      right = Math.max(right, c);
    });
  });
  if (top < 0) return null;
  return { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}

function readCells(sheet: SheetState, rect: Rect): CellValue[][] {
  const out: CellValue[][] = new Array(rect.rows);
  for (let r = 0; r < rect.rows; r++) {
    const src = sheet.values[rect.row + r];
    const row: CellValue[] = new Array(rect.cols);
    for (let c = 0; c < rect.cols; c++) {
      const v = src?.[rect.col + c];
      row[c] = v === undefined || v === null ? '' : v;
    }
    out[r] = row;
  }
  return out;
}

function readFormats(sheet: SheetState, rect: Rect): string[][] {
  const out: string[][] = new Array(rect.rows);
  for (let r = 0; r < rect.rows; r++) {
    const src = sheet.formats[rect.row + r];
    const row: string[] = new Array(rect.cols);
    for (let c = 0; c < rect.cols; c++) row[c] = src?.[rect.col + c] ?? 'General';
    out[r] = row;
  }
  return out;
}

class FakeContext {
  private queue: Op[] = [];
  readonly workbook: FakeWorkbook;
  readonly application: {
    suspendApiCalculationUntilNextSync(): void;
    calculate(type: string): void;
  };
  suspended = false;
  private calculated = false;
  /** True while a sync runs its commands: proxies made then (collection items) are resolved at once. */
  syncing = false;

  constructor(readonly excel: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
    this.application = {
      suspendApiCalculationUntilNextSync: () =>
        this.enqueue(10, () => {
          this.suspended = true;
        }),
      calculate: (type: string) =>
        this.enqueue(20, () => {
          if (!['Recalculate', 'Full', 'FullRebuild'].includes(type)) {
            throw new FakeRichApiError('InvalidArgument', `No calculation type ${type}.`);
          }
          this.excel.calculations.push(type);
          this.calculated = true;
        }),
    };
  }

  enqueue(bytes: number, run: () => number | void): void {
    this.queue.push({ bytes: bytes + COMMAND_OVERHEAD, run });
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const record: SyncRecord = {
      requestBytes: ops.reduce((n, op) => n + op.bytes, 0),
      responseBytes: 0,
      commands: ops.length,
      suspended: false,
    };
    this.excel.syncs.push(record);
    this.suspended = false;
    this.calculated = false;
    const writesBefore = this.excel.writes.length;
    if (record.requestBytes > this.excel.payloadLimit) {
      throw new FakeRichApiError(
        'RequestPayloadSizeLimitExceeded',
        `${record.requestBytes} bytes sent.`,
      );
    }
    this.syncing = true;
    try {
      for (const op of ops) record.responseBytes += op.run() ?? 0;
    } finally {
      this.syncing = false;
      // Commands before a failing one have run: their writes count.
      const wrote = this.excel.writes.length > writesBefore;
      if (this.suspended && wrote) this.excel.stale = true;
      // A calculate() inside a suspended batch is still suspended.
      if (this.calculated && !this.suspended) this.excel.stale = false;
    }
    record.suspended = this.suspended;
    if (record.responseBytes > this.excel.payloadLimit) {
      throw new FakeRichApiError(
        'ResponsePayloadSizeLimitExceeded',
        `${record.responseBytes} bytes back.`,
      );
    }
  }
}

/** Load-before-read: each proxy keeps what a sync loaded into it; anything else throws. */
abstract class FakeObject {
  private readonly loaded = new Map<string, unknown>();

  constructor(protected readonly ctx: FakeContext) {}

  protected get excel(): FakeExcel {
    return this.ctx.excel;
  }

  /** Reads a scalar property from the state at sync time. */
  protected abstract read(prop: string): unknown;

  /** Navigation properties that loads may go through ("worksheet/name"). */
  protected navigate(prop: string): FakeObject | undefined {
    void prop;
    return undefined;
  }

  load(spec?: string | string[] | { select?: string }): this {
    const paths = normalizePaths(spec);
    this.ctx.enqueue(jsonBytes(paths), () => this.loadNow(paths));
    return this;
  }

  loadNow(paths: string[]): number {
    let bytes = 0;
    for (const path of paths) {
      const [head, ...rest] = path.split('/');
      if (rest.length > 0) {
        const child = this.navigate(head!);
        if (!child) throw new FakeRichApiError('InvalidArgument', `Cannot load "${path}".`);
        bytes += child.loadNow([rest.join('/')]);
      } else {
        const value = this.read(head!);
        this.loaded.set(head!, value);
        bytes += jsonBytes(value) + head!.length;
      }
    }
    return bytes;
  }

  protected loadedValue<T>(prop: string): T {
    if (!this.loaded.has(prop)) {
      throw new Error(
        `PropertyNotLoaded: ${this.constructor.name}.${prop} was read without load("${prop}") and context.sync().`,
      );
    }
    return this.loaded.get(prop) as T;
  }
}

function normalizePaths(spec?: string | string[] | { select?: string }): string[] {
  const text =
    spec === undefined
      ? ''
      : Array.isArray(spec)
        ? spec.join(',')
        : typeof spec === 'string'
          ? spec
          : (spec.select ?? '');
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A proxy resolved at sync time; getItemOrNullObject ones may resolve to nothing. */
abstract class Resolvable<S> extends FakeObject {
  private resolved?: S | null;
  private known = false;

  constructor(
    ctx: FakeContext,
    private readonly find: () => S | null,
    private readonly orNull: boolean,
    private readonly what: string,
  ) {
    super(ctx);
    if (ctx.syncing) this.target();
    else {
      ctx.enqueue(20, () => {
        this.target();
      });
    }
  }

  /** The state object; throws ItemNotFound (at sync) unless this is an OrNullObject proxy. */
  protected target(): S | null {
    if (!this.known) {
      this.resolved = this.find();
      this.known = true;
    }
    if (this.resolved === null && !this.orNull) {
      throw new FakeRichApiError('ItemNotFound', `${this.what} does not exist.`);
    }
    return this.resolved ?? null;
  }

  protected must(): S {
    const t = this.target();
    if (t === null)
      throw new FakeRichApiError('InvalidObjectPath', `${this.what} is a null object.`);
    return t;
  }

  get isNullObject(): boolean {
    if (!this.known)
      throw new Error(`PropertyNotLoaded: isNullObject of ${this.what} before context.sync().`);
    return this.resolved === null;
  }

  override loadNow(paths: string[]): number {
    if (this.target() === null) return 4;
    return super.loadNow(paths);
  }
}

class FakeCollection<T extends FakeObject> extends FakeObject {
  private list?: T[];

  constructor(
    ctx: FakeContext,
    private readonly make: () => T[],
  ) {
    super(ctx);
  }

  protected read(): unknown {
    return undefined;
  }

  override loadNow(paths: string[]): number {
    this.list = this.make();
    const itemPaths = paths.map((p) => p.replace(/^items\/?/, '')).filter(Boolean);
    let bytes = 2;
    for (const item of this.list) bytes += item.loadNow(itemPaths);
    return bytes;
  }

  get items(): T[] {
    if (!this.list)
      throw new Error('PropertyNotLoaded: collection items read before load() and sync().');
    return this.list;
  }
}

class FakeWorkbook {
  readonly worksheets: FakeWorksheets;
  readonly tables: FakeTables;
  readonly pivotTables: FakePivotTables;
  readonly names: FakeNames;

  constructor(private readonly ctx: FakeContext) {
    this.worksheets = new FakeWorksheets(ctx);
    this.tables = new FakeTables(ctx, null);
    this.pivotTables = new FakePivotTables(ctx, null);
    this.names = new FakeNames(ctx);
  }

  get application(): FakeContext['application'] {
    return this.ctx.application;
  }

  getSelectedRange(): FakeRange {
    return new FakeRange(this.ctx, () => {
      const sel = this.ctx.excel.selection;
      if (!sel) throw new FakeRichApiError('InvalidSelection', 'Nothing is selected.');
      return sel;
    });
  }
}

class FakeWorksheets extends FakeCollection<FakeWorksheet> {
  constructor(ctx: FakeContext) {
    super(ctx, () =>
      ctx.excel.sheets.map((s) => new FakeWorksheet(ctx, () => s, false, `Sheet ${s.name}`)),
    );
  }

  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(
      this.ctx,
      () => this.excel.sheet(name) ?? null,
      false,
      `Sheet "${name}"`,
    );
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(
      this.ctx,
      () => this.excel.sheet(name) ?? null,
      true,
      `Sheet "${name}"`,
    );
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.excel.active ?? null, false, 'The active sheet');
  }

  add(name: string): FakeWorksheet {
    let created: SheetState | null = null;
    this.ctx.enqueue(jsonBytes(name), () => {
      created = this.excel.newSheet(name);
      this.excel.recordWrite(created, 'add sheet');
    });
    return new FakeWorksheet(this.ctx, () => created, false, `New sheet "${name}"`);
  }
}

class FakeWorksheet extends Resolvable<SheetState> {
  protected read(prop: string): unknown {
    const s = this.must();
    if (prop === 'name') return s.name;
    if (prop === 'id') return String(s.id);
    if (prop === 'position') return this.excel.sheets.indexOf(s);
    if (prop === 'visibility') return 'Visible';
    throw new FakeRichApiError(
      'InvalidArgument',
      `Worksheet has no property "${prop}" in this fake.`,
    );
  }

  get name(): string {
    return this.loadedValue('name');
  }

  state(): SheetState {
    return this.must();
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(this.ctx, () => ({
      sheet: this.must(),
      rect: address ? parseA1(address) : { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLS },
    }));
  }

  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    if (
      rows < 1 ||
      cols < 1 ||
      row < 0 ||
      col < 0 ||
      row + rows > MAX_ROWS ||
      col + cols > MAX_COLS
    ) {
      throw new FakeRichApiError('InvalidArgument', `Bad range ${row},${col} ${rows}x${cols}.`);
    }
    return new FakeRange(this.ctx, () => ({ sheet: this.must(), rect: { row, col, rows, cols } }));
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    void valuesOnly;
    return new FakeRange(
      this.ctx,
      () => {
        const sheet = this.must();
        const rect = usedRect(sheet);
        return rect ? { sheet, rect } : null;
      },
      true,
    );
  }

  /** Like Excel: an empty sheet's used range is A1. */
  getUsedRange(valuesOnly?: boolean): FakeRange {
    void valuesOnly;
    return new FakeRange(this.ctx, () => {
      const sheet = this.must();
      return { sheet, rect: usedRect(sheet) ?? { row: 0, col: 0, rows: 1, cols: 1 } };
    });
  }

  get tables(): FakeTables {
    return new FakeTables(this.ctx, () => this.must());
  }

  get pivotTables(): FakePivotTables {
    return new FakePivotTables(this.ctx, () => this.must());
  }

  get charts(): FakeCharts {
    return new FakeCharts(this.ctx, () => this.must());
  }

  get freezePanes(): { freezeRows(n: number): void } {
    return {
      freezeRows: (n: number) =>
        this.ctx.enqueue(10, () => {
          this.must().frozenRows = n;
        }),
    };
  }

  activate(): void {
    this.ctx.enqueue(10, () => {
      this.excel.active = this.must();
    });
  }

  delete(): void {
    this.ctx.enqueue(10, () => {
      const s = this.must();
      this.excel.recordWrite(s, 'delete sheet');
      this.excel.sheets.splice(this.excel.sheets.indexOf(s), 1);
    });
  }
}

type Located = { sheet: SheetState; rect: Rect };

class FakeRange extends Resolvable<Located> {
  constructor(ctx: FakeContext, find: () => Located | null, orNull = false) {
    super(ctx, find, orNull, 'Range');
  }

  protected read(prop: string): unknown {
    const { sheet, rect } = this.must();
    switch (prop) {
      case 'address':
        return `${quoteSheet(sheet.name)}!${a1(rect)}`;
      case 'rowIndex':
        return rect.row;
      case 'columnIndex':
        return rect.col;
      case 'rowCount':
        return rect.rows;
      case 'columnCount':
        return rect.cols;
      case 'cellCount':
        return rect.rows * rect.cols;
      case 'values':
        return readCells(sheet, rect);
      case 'numberFormat':
        return readFormats(sheet, rect);
      default:
        throw new FakeRichApiError(
          'InvalidArgument',
          `Range has no property "${prop}" in this fake.`,
        );
    }
  }

  located(): Located {
    return this.must();
  }

  getIntersectionOrNullObject(other: FakeRange): FakeRange {
    return new FakeRange(
      this.ctx,
      () => {
        const a = this.must();
        const b = other.located();
        if (a.sheet !== b.sheet)
          throw new FakeRichApiError('InvalidArgument', 'Ranges on different sheets.');
        const row = Math.max(a.rect.row, b.rect.row);
        const col = Math.max(a.rect.col, b.rect.col);
        const rows = Math.min(a.rect.row + a.rect.rows, b.rect.row + b.rect.rows) - row;
        const cols = Math.min(a.rect.col + a.rect.cols, b.rect.col + b.rect.cols) - col;
        return rows > 0 && cols > 0 ? { sheet: a.sheet, rect: { row, col, rows, cols } } : null;
      },
      true,
    );
  }

  get address(): string {
    return this.loadedValue('address');
  }
  get rowIndex(): number {
    return this.loadedValue('rowIndex');
  }
  get columnIndex(): number {
    return this.loadedValue('columnIndex');
  }
  get rowCount(): number {
    return this.loadedValue('rowCount');
  }
  get columnCount(): number {
    return this.loadedValue('columnCount');
  }
  get cellCount(): number {
    return this.loadedValue('cellCount');
  }
  get values(): CellValue[][] {
    return this.loadedValue('values');
  }
  set values(values: unknown[][]) {
    this.write(values, 'values');
  }
  get numberFormat(): string[][] {
    return this.loadedValue('numberFormat');
  }
  set numberFormat(formats: unknown[][]) {
    this.write(formats, 'numberFormat');
  }

  private sheetProxy?: FakeWorksheet;
  get worksheet(): FakeWorksheet {
    return (this.sheetProxy ??= new FakeWorksheet(
      this.ctx,
      () => this.must().sheet,
      false,
      'Range.worksheet',
    ));
  }

  protected override navigate(prop: string): FakeObject | undefined {
    return prop === 'worksheet' ? this.worksheet : undefined;
  }

  get format(): { autofitColumns(): void } {
    return { autofitColumns: () => this.ctx.enqueue(10, () => void this.must()) };
  }

  clear(): void {
    this.ctx.enqueue(10, () => {
      const { sheet, rect } = this.must();
      this.excel.recordWrite(sheet, 'clear');
      for (let r = rect.row; r < Math.min(rect.row + rect.rows, sheet.values.length); r++) {
        const row = sheet.values[r];
        const fmt = sheet.formats[r];
        for (let c = rect.col; c < rect.col + rect.cols; c++) {
          if (row && c < row.length) row[c] = undefined;
          if (fmt && c < fmt.length) fmt[c] = undefined;
          sheet.formulas.delete(`${r},${c}`);
        }
      }
    });
  }

  private write(grid: unknown[][], what: 'values' | 'numberFormat'): void {
    if (!Array.isArray(grid) || !grid.every(Array.isArray)) {
      throw new FakeRichApiError('InvalidArgument', `${what} must be a 2D array.`);
    }
    this.ctx.enqueue(jsonBytes(grid), () => {
      const { sheet, rect } = this.must();
      if (grid.length !== rect.rows || grid.some((r) => r.length !== rect.cols)) {
        throw new FakeRichApiError(
          'InvalidArgument',
          `${what}: ${grid.length}x${grid[0]?.length ?? 0} array for a ${rect.rows}x${rect.cols} range.`,
        );
      }
      this.excel.recordWrite(sheet, what);
      for (let r = 0; r < rect.rows; r++) {
        const y = rect.row + r;
        const src = grid[r]!;
        if (what === 'numberFormat') {
          const row = (sheet.formats[y] ??= []);
          for (let c = 0; c < rect.cols; c++) row[rect.col + c] = String(src[c]);
          continue;
        }
        const row = (sheet.values[y] ??= []);
        for (let c = 0; c < rect.cols; c++) {
          const x = rect.col + c;
          const entered = enter(src[c], sheet.formats[y]?.[x]);
          if (entered === 'unchanged') continue;
          row[x] = entered.value;
          if (entered.formula) sheet.formulas.set(`${y},${x}`, entered.formula);
          else sheet.formulas.delete(`${y},${x}`);
        }
      }
    });
  }
}

class FakeTables extends FakeCollection<FakeTable> {
  constructor(
    ctx: FakeContext,
    private readonly onSheet: (() => SheetState) | null,
  ) {
    super(ctx, () =>
      ctx.excel.tables
        .filter((t) => !onSheet || t.sheet === onSheet())
        .map((t) => new FakeTable(ctx, () => t, false, `Table ${t.name}`)),
    );
  }

  getItem(name: string): FakeTable {
    return new FakeTable(this.ctx, () => findTable(this.excel, name), false, `Table "${name}"`);
  }

  getItemOrNullObject(name: string): FakeTable {
    return new FakeTable(this.ctx, () => findTable(this.excel, name), true, `Table "${name}"`);
  }

  add(where: FakeRange | string, hasHeaders: boolean): FakeTable {
    void hasHeaders;
    let created: TableState | null = null;
    this.ctx.enqueue(50, () => {
      const { sheet, rect } =
        typeof where === 'string'
          ? { sheet: this.onSheet!(), rect: parseA1(where) }
          : where.located();
      if (this.onSheet && sheet !== this.onSheet()) {
        throw new FakeRichApiError('InvalidArgument', 'The range is on another sheet.');
      }
      if (this.excel.tables.some((t) => t.sheet === sheet && overlaps(t.rect, rect))) {
        throw new FakeRichApiError('InvalidOperation', 'A table cannot overlap another table.');
      }
      let n = 1;
      while (findTable(this.excel, `Table${n}`)) n++;
      created = { name: `Table${n}`, sheet, rect, style: 'TableStyleMedium2' };
      this.excel.tables.push(created);
      this.excel.recordWrite(sheet, 'add table');
    });
    return new FakeTable(this.ctx, () => created, false, 'New table');
  }
}

function findTable(excel: FakeExcel, name: string): TableState | null {
  return excel.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null;
}

class FakeTable extends Resolvable<TableState> {
  protected read(prop: string): unknown {
    const t = this.must();
    if (prop === 'name') return t.name;
    if (prop === 'style') return t.style;
    throw new FakeRichApiError('InvalidArgument', `Table has no property "${prop}" in this fake.`);
  }

  get name(): string {
    return this.loadedValue('name');
  }
  set name(name: string) {
    this.ctx.enqueue(jsonBytes(name), () => {
      const t = this.must();
      const other = findTable(this.excel, name);
      if (other && other !== t)
        throw new FakeRichApiError('ItemAlreadyExists', `Table name ${name} is taken.`);
      if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(name)) {
        throw new FakeRichApiError('InvalidArgument', `"${name}" is not a valid table name.`);
      }
      t.name = name;
    });
  }
  set style(style: string) {
    this.ctx.enqueue(jsonBytes(style), () => {
      this.must().style = style;
    });
  }

  stateName(): string {
    return this.must().name;
  }

  private sheetProxy?: FakeWorksheet;
  get worksheet(): FakeWorksheet {
    return (this.sheetProxy ??= new FakeWorksheet(
      this.ctx,
      () => this.must().sheet,
      false,
      'Table.worksheet',
    ));
  }

  protected override navigate(prop: string): FakeObject | undefined {
    return prop === 'worksheet' ? this.worksheet : undefined;
  }

  getRange(): FakeRange {
    return new FakeRange(this.ctx, () => {
      const t = this.must();
      return { sheet: t.sheet, rect: t.rect };
    });
  }

  getHeaderRowRange(): FakeRange {
    return new FakeRange(this.ctx, () => {
      const t = this.must();
      return { sheet: t.sheet, rect: { ...t.rect, rows: 1 } };
    });
  }

  /** ExcelApi 1.13: the header row stays where it is; the table keeps its name, style and identity. */
  resize(range: FakeRange): void {
    this.ctx.enqueue(30, () => {
      if (!this.excel.apiMinorAtLeast(13))
        throw new FakeRichApiError('ApiNotFound', 'Table.resize needs ExcelApi 1.13.');
      const t = this.must();
      const { sheet, rect } = range.located();
      if (
        sheet !== t.sheet ||
        rect.row !== t.rect.row ||
        rect.col !== t.rect.col ||
        rect.rows < 2
      ) {
        throw new FakeRichApiError(
          'InvalidArgument',
          'A table keeps its header row and top-left cell.',
        );
      }
      if (this.excel.tables.some((o) => o !== t && o.sheet === sheet && overlaps(o.rect, rect))) {
        throw new FakeRichApiError('InvalidOperation', 'A table cannot overlap another table.');
      }
      t.rect = rect;
      this.excel.recordWrite(sheet, 'resize table');
    });
  }

  delete(): void {
    this.ctx.enqueue(10, () => {
      const t = this.must();
      this.excel.recordWrite(t.sheet, 'delete table');
      this.excel.tables.splice(this.excel.tables.indexOf(t), 1);
      for (let r = t.rect.row; r < t.rect.row + t.rect.rows; r++) {
        const row = t.sheet.values[r];
        if (row) for (let c = t.rect.col; c < t.rect.col + t.rect.cols; c++) row[c] = undefined;
      }
    });
  }
}

class FakeNames extends FakeObject {
  protected read(): unknown {
    return undefined;
  }

  getItemOrNullObject(name: string): FakeNamedItem {
    return new FakeNamedItem(
      this.ctx,
      () => this.excel.names.get(name) ?? null,
      true,
      `Name "${name}"`,
    );
  }
}

class FakeNamedItem extends Resolvable<Located> {
  protected read(): unknown {
    return undefined;
  }

  getRange(): FakeRange {
    return new FakeRange(this.ctx, () => this.must());
  }
}

class FakePivotTables extends FakeCollection<FakePivotTable> {
  constructor(
    ctx: FakeContext,
    private readonly onSheet: (() => SheetState) | null,
  ) {
    super(ctx, () =>
      ctx.excel.pivots
        .filter((p) => !onSheet || p.sheet === onSheet())
        .map((p) => new FakePivotTable(ctx, () => p, false, `PivotTable ${p.name}`)),
    );
  }

  getItem(name: string): FakePivotTable {
    return new FakePivotTable(
      this.ctx,
      () => this.excel.pivots.find((p) => p.name === name) ?? null,
      false,
      `PivotTable "${name}"`,
    );
  }

  add(name: string, source: FakeTable, destination: FakeRange | string): FakePivotTable {
    let created: PivotState | null = null;
    this.ctx.enqueue(60, () => {
      if (!this.excel.apiMinorAtLeast(8))
        throw new FakeRichApiError('ApiNotFound', 'PivotTables need ExcelApi 1.8.');
      const { sheet, rect } =
        typeof destination === 'string'
          ? { sheet: this.onSheet!(), rect: parseA1(destination) }
          : destination.located();
      if (this.excel.pivots.some((p) => p.name === name)) {
        throw new FakeRichApiError('ItemAlreadyExists', `PivotTable ${name} exists.`);
      }
      created = {
        name,
        sheet,
        source: source.stateName(),
        at: rect,
        rows: [],
        columns: [],
        data: [],
      };
      this.excel.pivots.push(created);
      this.excel.recordWrite(sheet, 'add pivot');
    });
    return new FakePivotTable(this.ctx, () => created, false, `New PivotTable ${name}`);
  }
}

class FakePivotTable extends Resolvable<PivotState> {
  protected read(prop: string): unknown {
    if (prop === 'name') return this.must().name;
    throw new FakeRichApiError(
      'InvalidArgument',
      `PivotTable has no property "${prop}" in this fake.`,
    );
  }

  get name(): string {
    return this.loadedValue('name');
  }

  private sheetProxy?: FakeWorksheet;
  get worksheet(): FakeWorksheet {
    return (this.sheetProxy ??= new FakeWorksheet(
      this.ctx,
      () => this.must().sheet,
      false,
      'PivotTable.worksheet',
    ));
  }

  protected override navigate(prop: string): FakeObject | undefined {
    return prop === 'worksheet' ? this.worksheet : undefined;
  }

  /** Hierarchy names are the source table's header cells. */
  private headers(): string[] {
    const p = this.must();
    const t = findTable(this.excel, p.source);
    if (!t) throw new FakeRichApiError('InvalidReference', `Source table ${p.source} is gone.`);
    return readCells(t.sheet, { ...t.rect, rows: 1 })[0]!.map(String);
  }

  get hierarchies(): { getItem(name: string): { name: string } } {
    return { getItem: (name: string) => ({ name }) };
  }

  private axis(kind: 'rows' | 'columns') {
    return {
      add: (h: { name: string }) =>
        this.ctx.enqueue(jsonBytes(h.name), () => {
          if (!this.headers().includes(h.name)) {
            throw new FakeRichApiError('InvalidArgument', `No field "${h.name}" in the source.`);
          }
          this.must()[kind].push(h.name);
        }),
    };
  }

  get rowHierarchies() {
    return this.axis('rows');
  }

  get columnHierarchies() {
    return this.axis('columns');
  }

  get dataHierarchies() {
    return {
      add: (h: { name: string }) => {
        const entry: PivotState['data'][number] = { name: h.name };
        this.ctx.enqueue(jsonBytes(h.name), () => {
          if (!this.headers().includes(h.name)) {
            throw new FakeRichApiError('InvalidArgument', `No field "${h.name}" in the source.`);
          }
          this.must().data.push(entry);
        });
        const ctx = this.ctx;
        return {
          set summarizeBy(v: string) {
            ctx.enqueue(10, () => void (entry.summarizeBy = v));
          },
          set numberFormat(v: string) {
            ctx.enqueue(10, () => void (entry.numberFormat = v));
          },
        };
      },
    };
  }

  delete(): void {
    this.ctx.enqueue(10, () => {
      const p = this.must();
      this.excel.recordWrite(p.sheet, 'delete pivot');
      this.excel.pivots.splice(this.excel.pivots.indexOf(p), 1);
    });
  }
}

class FakeCharts extends FakeCollection<FakeChart> {
  constructor(
    ctx: FakeContext,
    private readonly onSheet: () => SheetState,
  ) {
    super(ctx, () =>
      ctx.excel.charts
        .filter((c) => c.sheet === onSheet())
        .map((c) => new FakeChart(ctx, () => c, false, `Chart ${c.name}`)),
    );
  }

  add(type: string, source: FakeRange, seriesBy?: string): FakeChart {
    void seriesBy;
    let created: ChartState | null = null;
    this.ctx.enqueue(40, () => {
      const minor = type === 'Funnel' || type === 'Waterfall' ? 9 : 1;
      if (!this.excel.apiMinorAtLeast(minor))
        throw new FakeRichApiError('InvalidArgument', `No chart type ${type}.`);
      if ((this.excel.unsupportedChartMembers[type] ?? []).includes('add'))
        throw new FakeRichApiError('UnsupportedOperation', `${type} charts cannot be added here.`);
      const { sheet, rect } = source.located();
      if (sheet !== this.onSheet())
        throw new FakeRichApiError('InvalidArgument', 'Source on another sheet.');
      let n = 1;
      while (this.excel.charts.some((c) => c.name === `Chart ${n}`)) n++;
      created = { name: `Chart ${n}`, sheet, type, source: rect };
      this.excel.charts.push(created);
      this.excel.recordWrite(sheet, 'add chart');
    });
    return new FakeChart(this.ctx, () => created, false, 'New chart');
  }
}

class FakeChart extends Resolvable<ChartState> {
  /** The chart's state, or UnsupportedOperation when Excel does not support `member` on its type. */
  private supporting(member: string): ChartState {
    const chart = this.must();
    if ((this.excel.unsupportedChartMembers[chart.type] ?? []).includes(member)) {
      throw new FakeRichApiError(
        'UnsupportedOperation',
        `This operation is not supported (Chart.${member} on a ${chart.type} chart).`,
      );
    }
    return chart;
  }

  protected read(prop: string): unknown {
    if (prop === 'name') return this.must().name;
    throw new FakeRichApiError('InvalidArgument', `Chart has no property "${prop}" in this fake.`);
  }

  get name(): string {
    return this.loadedValue('name');
  }
  set name(name: string) {
    this.ctx.enqueue(jsonBytes(name), () => void (this.must().name = name));
  }

  get title(): { text: string } {
    const ctx = this.ctx;
    const supporting = () => this.supporting('title');
    return {
      get text(): string {
        throw new Error('PropertyNotLoaded: chart title text');
      },
      set text(text: string) {
        ctx.enqueue(jsonBytes(text), () => void (supporting().title = text));
      },
    };
  }

  get series() {
    return {
      getItemAt: (i: number) => ({
        setXAxisValues: (range: FakeRange) =>
          this.ctx.enqueue(20, () => {
            const chart = this.supporting('series');
            if (i !== 0) throw new FakeRichApiError('ItemNotFound', `No series ${i}.`);
            chart.xValues = range.located().rect;
          }),
      }),
    };
  }

  setPosition(start: FakeRange | string, end?: FakeRange | string): void {
    void end;
    this.ctx.enqueue(20, () => {
      if (typeof start !== 'string') start.located();
      this.must();
    });
  }

  delete(): void {
    this.ctx.enqueue(10, () => {
      const c = this.must();
      this.excel.recordWrite(c.sheet, 'delete chart');
      this.excel.charts.splice(this.excel.charts.indexOf(c), 1);
    });
  }
}

/** Office.Settings as the add-in uses it: set/remove change memory, saveAsync persists. */
export class FakeSettings {
  private readonly memory = new Map<string, unknown>();
  readonly saved = new Map<string, unknown>();
  saves = 0;

  get(name: string): unknown {
    return this.memory.has(name) ? structuredClone(this.memory.get(name)) : null;
  }

  set(name: string, value: unknown): void {
    this.memory.set(name, structuredClone(value));
  }

  remove(name: string): void {
    this.memory.delete(name);
  }

  saveAsync(callback: (result: { status: string }) => void): void {
    this.saved.clear();
    for (const [k, v] of this.memory) this.saved.set(k, structuredClone(v));
    this.saves++;
    callback({ status: 'succeeded' });
  }

  /** Another user opening the saved workbook. */
  reopen(): FakeSettings {
    const other = new FakeSettings();
    for (const [k, v] of this.saved) other.memory.set(k, structuredClone(v));
    for (const [k, v] of this.saved) other.saved.set(k, structuredClone(v));
    return other;
  }
}
