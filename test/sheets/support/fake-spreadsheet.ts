/**
 * A Sheets spreadsheet as Apps Script's SpreadsheetApp exposes it, with the
 * behaviours the add-on depends on: 2D arrays, '' for empty cells, Date
 * objects, setValues parsing strings as typed text (formulas, numbers, dates,
 * booleans; a leading apostrophe forces text; date text is midnight in the
 * spreadsheet's time zone, as Sheets reads it) and throwing on a shape mismatch
 * with Apps Script's own messages, ranges outside the sheet throwing, developer
 * metadata, named ranges. It counts API calls so tests
 * can hold the adapter to one getValues per read and one setValues per table.
 */
import { column1FromLetters, lettersFromColumn1 } from '../../../core/a1';
import { zonedDate } from './time-zone';
export type Cell = string | number | boolean | Date;

export interface CallCounts {
  getValues: number;
  setValues: number;
  setNumberFormat: number;
  [method: string]: number;
}

const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** What Sheets makes of a string typed into a cell (the USER_ENTERED reading setValues applies). */
export function parseTyped(text: string, sheet: FakeSheet, row: number, col: number): Cell {
  if (text.startsWith("'")) return text.slice(1);
  if (/^[=+\-@]/.test(text) && !/^[+-]?\d/.test(text)) {
    sheet.formulas.set(`${row},${col}`, text);
    return '#FORMULA';
  }
  const trimmed = text.trim();
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  const num = /^[-+]?[$€£¥]?\s*(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$/.exec(trimmed);
  if (num && /\d/.test(trimmed)) {
    const n = Number(trimmed.replace(/[$€£¥,%\s]/g, ''));
    if (!Number.isNaN(n)) return trimmed.endsWith('%') ? n / 100 : n;
  }
  // A date typed as text is midnight in the spreadsheet's time zone, as Sheets reads it
  // (2024-03-15 in a Los Angeles spreadsheet is 2024-03-15T07:00:00Z), not UTC's.
  const zone = sheet.spreadsheet.timeZone;
  let m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(trimmed);
  if (m) return zonedDate(zone, +m[1]!, +m[2]!, m[3] ? +m[3] : 1);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/.exec(trimmed);
  if (m) return zonedDate(zone, +m[3]!, +m[1]!, +m[2]!);
  m = /^([a-z]{3})[a-z]*\.?[\s,/-]*(\d{1,4})$/i.exec(trimmed);
  if (m && MONTHS.includes(m[1]!.toLowerCase())) {
    const year = +m[2]! < 100 ? 2000 + +m[2]! : +m[2]!;
    return zonedDate(zone, year, MONTHS.indexOf(m[1]!.toLowerCase()) + 1, 1);
  }
  return text;
}

export class FakeMetadata {
  constructor(
    private readonly key: string,
    private readonly value: string | null,
    private readonly visibility: string,
    /** The developer project (script) that wrote it. */
    readonly project: string,
  ) {}
  getKey(): string {
    return this.key;
  }
  getValue(): string | null {
    return this.value;
  }
  getVisibility(): string {
    return this.visibility;
  }
}

export class FakePivotTable {
  readonly rowGroups: number[] = [];
  readonly columnGroups: number[] = [];
  readonly values: { column: number; summarize: string }[] = [];
  constructor(
    readonly sheet: FakeSheet,
    readonly anchor: string,
    readonly source: string,
  ) {}
  private checkColumn(column: number): void {
    const width = Number(this.source.split('|')[1]);
    if (!Number.isInteger(column) || column < 1 || column > width) {
      throw new Error(
        `Invalid source data column ${column} for a pivot table over ${width} columns.`,
      );
    }
  }
  addRowGroup(column: number): FakePivotTable {
    this.checkColumn(column);
    this.rowGroups.push(column);
    return this;
  }
  addColumnGroup(column: number): FakePivotTable {
    this.checkColumn(column);
    this.columnGroups.push(column);
    return this;
  }
  addPivotValue(column: number, summarize: string): FakePivotTable {
    this.checkColumn(column);
    this.values.push({ column, summarize });
    return this;
  }
  remove(): void {
    this.sheet.pivotTables = this.sheet.pivotTables.filter((p) => p !== this);
  }
  /** "Sheet!A1:B2" of the source data (test helper). */
  sourceA1(): string {
    return this.source.split('|')[0]!;
  }
}

export interface FakeChart {
  type: string;
  ranges: string[];
  options: Record<string, unknown>;
  position: [number, number];
  numHeaders: number;
}

function chartBuilder(sheet: FakeSheet) {
  const chart: FakeChart = {
    type: 'unset',
    ranges: [],
    options: {},
    position: [1, 1],
    numHeaders: -1,
  };
  const builder = {
    asColumnChart: () => ((chart.type = 'column'), builder),
    addRange: (range: FakeRange) => (
      chart.ranges.push(`${range.getSheet().getName()}!${range.getA1Notation()}`),
      builder
    ),
    setNumHeaders: (n: number) => ((chart.numHeaders = n), builder),
    setOption: (k: string, v: unknown) => ((chart.options[k] = v), builder),
    setPosition: (row: number, column: number) => {
      if (row < 1 || column < 1 || row > sheet.maxRows || column > sheet.maxColumns) {
        throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
      }
      chart.position = [row, column];
      return builder;
    },
    build: () => ({ ...chart }),
  };
  return builder;
}

export class FakeRange {
  constructor(
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly col: number,
    readonly numRows: number,
    readonly numCols: number,
  ) {}

  private count(method: string): void {
    this.sheet.spreadsheet.count(method);
  }

  getSheet(): FakeSheet {
    return this.sheet;
  }
  getRow(): number {
    return this.row;
  }
  getColumn(): number {
    return this.col;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numCols;
  }
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }
  getA1Notation(): string {
    const first = `${lettersFromColumn1(this.col)}${this.row}`;
    if (this.numRows === 1 && this.numCols === 1) return first;
    return `${first}:${lettersFromColumn1(this.col + this.numCols - 1)}${this.row + this.numRows - 1}`;
  }

  getValues(): Cell[][] {
    this.count('getValues');
    const out: Cell[][] = new Array(this.numRows);
    for (let r = 0; r < this.numRows; r++) {
      const src = this.sheet.cells[this.row - 1 + r];
      const row: Cell[] = new Array(this.numCols);
      for (let c = 0; c < this.numCols; c++) {
        const v = src?.[this.col - 1 + c];
        row[c] = v === undefined ? '' : v instanceof Date ? new Date(v.getTime()) : v;
      }
      out[r] = row;
    }
    return out;
  }

  getValue(): Cell {
    return this.getValues()[0]![0]!;
  }

  setValues(values: unknown[][]): FakeRange {
    this.count('setValues');
    if (!Array.isArray(values) || values.length !== this.numRows) {
      throw new Error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${Array.isArray(values) ? values.length : 0} but the range has ${this.numRows}.`,
      );
    }
    values.forEach((row) => {
      if (!Array.isArray(row) || row.length !== this.numCols) {
        throw new Error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${Array.isArray(row) ? row.length : 0} but the range has ${this.numCols}.`,
        );
      }
    });
    for (let r = 0; r < this.numRows; r++) {
      const rowIndex = this.row - 1 + r;
      const target = (this.sheet.cells[rowIndex] ??= []);
      for (let c = 0; c < this.numCols; c++) {
        const v = values[r]![c];
        const colIndex = this.col - 1 + c;
        this.sheet.formulas.delete(`${rowIndex + 1},${colIndex + 1}`);
        if (v === null || v === '') target[colIndex] = '';
        else if (typeof v === 'string')
          target[colIndex] = parseTyped(v, this.sheet, rowIndex + 1, colIndex + 1);
        else if (typeof v === 'number') {
          if (!Number.isFinite(v)) throw new Error(`Cannot write ${v} to a cell.`);
          target[colIndex] = v;
        } else if (typeof v === 'boolean') target[colIndex] = v;
        else if (v instanceof Date || Object.prototype.toString.call(v) === '[object Date]') {
          target[colIndex] = new Date((v as Date).getTime());
        } else {
          throw new Error(
            `Cannot convert ${String(v)} to a cell value (row ${r + 1}, column ${c + 1}).`,
          );
        }
      }
    }
    return this;
  }

  setValue(value: unknown): FakeRange {
    return this.setValues([[value]]);
  }

  setNumberFormat(format: string): FakeRange {
    this.count('setNumberFormat');
    for (let r = 0; r < this.numRows; r++) {
      const target = (this.sheet.numberFormats[this.row - 1 + r] ??= []);
      for (let c = 0; c < this.numCols; c++) target[this.col - 1 + c] = format;
    }
    return this;
  }

  getNumberFormats(): string[][] {
    return Array.from({ length: this.numRows }, (_, r) =>
      Array.from(
        { length: this.numCols },
        (_, c) => this.sheet.numberFormats[this.row - 1 + r]?.[this.col - 1 + c] ?? 'General',
      ),
    );
  }

  setFontWeight(weight: string): FakeRange {
    this.count('setFontWeight');
    this.sheet.boldRanges.push(`${this.getA1Notation()}:${weight}`);
    return this;
  }

  createPivotTable(source: FakeRange): FakePivotTable {
    const pivot = new FakePivotTable(
      this.sheet,
      this.getA1Notation(),
      `${source.getSheet().getName()}!${source.getA1Notation()}|${source.numCols}`,
    );
    this.sheet.pivotTables.push(pivot);
    return pivot;
  }

  /** Sheets' contiguous region around the range; here, the sheet's data range (enough for one table per sheet). */
  getDataRegion(): FakeRange {
    return this.sheet.getDataRange();
  }
}

export class FakeSheet {
  cells: Cell[][] = [];
  numberFormats: string[][] = [];
  formulas = new Map<string, string>();
  boldRanges: string[] = [];
  metadata: FakeMetadata[] = [];
  pivotTables: FakePivotTable[] = [];
  charts: FakeChart[] = [];
  frozenRows = 0;
  maxRows = DEFAULT_ROWS;
  maxColumns = DEFAULT_COLUMNS;

  constructor(
    readonly spreadsheet: FakeSpreadsheet,
    private name: string,
    readonly id: number,
  ) {}

  getName(): string {
    return this.name;
  }
  setName(name: string): FakeSheet {
    if (this.spreadsheet.getSheetByName(name))
      throw new Error(`A sheet with the name "${name}" already exists.`);
    this.name = name;
    return this;
  }
  getSheetId(): number {
    return this.id;
  }
  getMaxRows(): number {
    return this.maxRows;
  }
  getMaxColumns(): number {
    return this.maxColumns;
  }

  getLastRow(): number {
    for (let r = this.cells.length - 1; r >= 0; r--) {
      if (this.cells[r]?.some((v) => v !== '' && v !== undefined)) return r + 1;
    }
    return 0;
  }

  getLastColumn(): number {
    let last = 0;
    for (const row of this.cells) {
      if (!row) continue;
      for (let c = row.length - 1; c >= last; c--) {
        if (row[c] !== '' && row[c] !== undefined) {
          last = c + 1;
          break;
        }
      }
    }
    return last;
  }

  getRange(rowOrA1: number | string, col?: number, numRows = 1, numCols = 1): FakeRange {
    if (typeof rowOrA1 === 'string') return this.spreadsheet.rangeOnSheet(this, rowOrA1);
    const row = rowOrA1;
    const column = col ?? 1;
    if (numRows < 1 || numCols < 1)
      throw new Error('The number of rows in the range must be at least 1.');
    if (
      row < 1 ||
      column < 1 ||
      row + numRows - 1 > this.maxRows ||
      column + numCols - 1 > this.maxColumns
    ) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new FakeRange(this, row, column, numRows, numCols);
  }

  getDataRange(): FakeRange {
    return new FakeRange(
      this,
      1,
      1,
      Math.max(this.getLastRow(), 1),
      Math.max(this.getLastColumn(), 1),
    );
  }

  getRangeList(a1s: string[]): { setNumberFormat(format: string): void } {
    const ranges = a1s.map((a1) => this.getRange(a1));
    return {
      setNumberFormat: (format: string) => {
        this.spreadsheet.count('setNumberFormat');
        for (const r of ranges) {
          for (let i = 0; i < r.numRows; i++) {
            const target = (this.numberFormats[r.row - 1 + i] ??= []);
            for (let c = 0; c < r.numCols; c++) target[r.col - 1 + c] = format;
          }
        }
      },
    };
  }

  clear(): FakeSheet {
    this.spreadsheet.count('clear');
    this.cells = [];
    this.numberFormats = [];
    this.formulas.clear();
    this.boldRanges = [];
    return this;
  }

  insertRowsAfter(after: number, count: number): FakeSheet {
    if (after < 1 || after > this.maxRows) throw new Error('Those rows are out of bounds.');
    this.cells.splice(after, 0, ...Array.from({ length: count }, () => [] as Cell[]));
    this.maxRows += count;
    return this;
  }

  deleteRows(start: number, count: number): void {
    if (start < 1 || start + count - 1 > this.maxRows)
      throw new Error('Those rows are out of bounds.');
    if (this.maxRows - count <= this.frozenRows) {
      throw new Error('Sorry, it is not possible to delete all non-frozen rows.');
    }
    this.cells.splice(start - 1, count);
    this.numberFormats.splice(start - 1, count);
    this.maxRows -= count;
  }

  insertColumnsAfter(after: number, count: number): FakeSheet {
    if (after < 1 || after > this.maxColumns) throw new Error('Those columns are out of bounds.');
    for (const row of this.cells)
      if (row && row.length > after) row.splice(after, 0, ...new Array<Cell>(count).fill(''));
    this.maxColumns += count;
    return this;
  }

  deleteColumns(start: number, count: number): void {
    if (start < 1 || start + count - 1 > this.maxColumns)
      throw new Error('Those columns are out of bounds.');
    for (const row of this.cells) row?.splice(start - 1, count);
    for (const row of this.numberFormats) row?.splice(start - 1, count);
    this.maxColumns -= count;
  }

  setFrozenRows(rows: number): void {
    if (rows >= this.maxRows) throw new Error('You cannot freeze all rows.');
    this.frozenRows = rows;
  }
  getFrozenRows(): number {
    return this.frozenRows;
  }

  addDeveloperMetadata(key: string, value: string, visibility: string): FakeSheet {
    if (visibility !== 'DOCUMENT' && visibility !== 'PROJECT')
      throw new Error('addDeveloperMetadata: visibility is required here.');
    this.metadata.push(new FakeMetadata(key, value, visibility, this.spreadsheet.scriptProject));
    return this;
  }
  /**
   * Google, "Enum DeveloperMetadataVisibility": DOCUMENT metadata is visible to
   * any developer project with access to the document; PROJECT metadata only to
   * the developer project that created it (after the script moves to another
   * Cloud project, it no longer sees its PROJECT marks).
   */
  getDeveloperMetadata(): FakeMetadata[] {
    return this.metadata.filter(
      (m) => m.getVisibility() === 'DOCUMENT' || m.project === this.spreadsheet.scriptProject,
    );
  }

  getPivotTables(): FakePivotTable[] {
    return [...this.pivotTables];
  }
  newChart() {
    return chartBuilder(this);
  }
  insertChart(chart: FakeChart): void {
    this.charts.push(chart);
  }
  getCharts(): FakeChart[] {
    return [...this.charts];
  }
  removeChart(chart: FakeChart): void {
    this.charts = this.charts.filter((c) => c !== chart);
  }

  activate(): FakeSheet {
    this.spreadsheet.activeSheet = this;
    return this;
  }

  /** Test helper: the sheet's cells as a trimmed grid (what a user sees). */
  grid(): Cell[][] {
    return this.getDataRange().getValues();
  }
}

export class FakeSpreadsheet {
  readonly sheets: FakeSheet[] = [];
  readonly namedRanges = new Map<string, FakeRange>();
  readonly calls: CallCounts = { getValues: 0, setValues: 0, setNumberFormat: 0 };
  activeSheet: FakeSheet | null = null;
  activeRange: FakeRange | null = null;
  /**
   * The developer project the running script belongs to: the default Apps Script
   * project, or a standard Cloud project after the move docs/sheets.md asks for
   * before publishing. Decides which PROJECT-visible developer metadata it sees.
   */
  scriptProject = 'default-apps-script-project';
  private nextId = 1;

  constructor(readonly timeZone = 'Etc/UTC') {}

  count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }
  resetCounts(): void {
    for (const k of Object.keys(this.calls)) this.calls[k] = 0;
  }

  getSpreadsheetTimeZone(): string {
    return this.timeZone;
  }
  getSheets(): FakeSheet[] {
    return [...this.sheets];
  }
  getNumSheets(): number {
    return this.sheets.length;
  }
  getSheetByName(name: string): FakeSheet | null {
    return this.sheets.find((s) => s.getName() === name) ?? null;
  }
  getActiveSheet(): FakeSheet | null {
    return this.activeSheet ?? this.sheets[0] ?? null;
  }
  getActiveRange(): FakeRange | null {
    return this.activeRange;
  }

  insertSheet(name: string, index?: number): FakeSheet {
    this.count('insertSheet');
    // Sheets refuses a name that differs from an existing one only in case.
    if (this.sheets.some((s) => s.getName().toLowerCase() === name.toLowerCase())) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    const sheet = new FakeSheet(this, name, this.nextId++);
    this.sheets.splice(index ?? this.sheets.length, 0, sheet);
    return sheet;
  }

  deleteSheet(sheet: FakeSheet): void {
    const i = this.sheets.indexOf(sheet);
    if (i >= 0) this.sheets.splice(i, 1);
  }

  getRangeByName(name: string): FakeRange | null {
    return this.namedRanges.get(name) ?? null;
  }
  setNamedRange(name: string, range: FakeRange): void {
    this.namedRanges.set(name, range);
  }
  getNamedRanges(): { getName(): string; getRange(): FakeRange }[] {
    return [...this.namedRanges].map(([name, range]) => ({
      getName: () => name,
      getRange: () => range,
    }));
  }

  getRange(a1: string): FakeRange {
    const bang = a1.lastIndexOf('!');
    if (bang < 0) {
      const sheet = this.getActiveSheet();
      if (!sheet) throw new Error('Range not found');
      return this.rangeOnSheet(sheet, a1);
    }
    const sheetName = a1
      .slice(0, bang)
      .replace(/^'(.*)'$/, '$1')
      .replace(/''/g, "'");
    const sheet = this.getSheetByName(sheetName);
    if (!sheet) throw new Error('Range not found');
    return this.rangeOnSheet(sheet, a1.slice(bang + 1));
  }

  rangeOnSheet(sheet: FakeSheet, a1: string): FakeRange {
    const m = /^\$?([A-Z]+)\$?(\d+)?(?::\$?([A-Z]+)\$?(\d+)?)?$/i.exec(a1.trim());
    if (!m) throw new Error('Range not found');
    const c1 = column1FromLetters(m[1]!);
    const r1 = m[2] ? Number(m[2]) : 1;
    const c2 = m[3] ? column1FromLetters(m[3]) : c1;
    const r2 = m[4] ? Number(m[4]) : m[3] ? sheet.getMaxRows() : r1;
    return sheet.getRange(
      Math.min(r1, r2),
      Math.min(c1, c2),
      Math.abs(r2 - r1) + 1,
      Math.abs(c2 - c1) + 1,
    );
  }

  /** Test helper: a user sheet filled with a grid, as if typed or imported. */
  addSheet(name: string, grid: Cell[][]): FakeSheet {
    const sheet = this.insertSheet(name);
    const width = Math.max(1, ...grid.map((r) => r.length));
    if (grid.length > sheet.maxRows)
      sheet.insertRowsAfter(sheet.maxRows, grid.length - sheet.maxRows);
    if (width > sheet.maxColumns)
      sheet.insertColumnsAfter(sheet.maxColumns, width - sheet.maxColumns);
    sheet.cells = grid.map((row) => {
      const copy = row.map((v) => (v instanceof Date ? new Date(v.getTime()) : v));
      while (copy.length < width) copy.push('');
      return copy;
    });
    return sheet;
  }
}
