import type { CellValue, Grid } from '../../core/cells';
import type { SnapshotSource } from '../../core/change';
import {
  SHEETS_SNAPSHOT_LIMITS,
  SNAPSHOT_SHEET,
  planSnapshotSave,
  savedSnapshots,
  snapshotsFromGrid,
  type SavedSnapshot,
  type SnapshotLimits,
  type SnapshotSave,
} from '../../core/change/store';
import type { OutputTable } from '../../core/output';
import { sheetNameFor, tableNameFor } from '../../core/output';
import {
  PIVOT_KEY,
  PIVOT_SHEET,
  TABLE_KEYS,
  planSheets,
  writingOrder,
  type ForecastSettings,
  type OwnedKey as OutputSheetKey,
  type SourceRef,
  type SourceSheet,
  type SyncWorkbookIO,
  type WrittenTables,
} from '../../core';
import { asSheetText } from './cell-text';
import { CHART_COLUMNS, writeForecastPivot, writeFunnelChart } from './pivot-and-charts';
import { SheetClock, spreadsheetClock } from './clock';
import { lettersFromColumn1 } from '../../core/a1';
import { sheetsNumberFormat } from './output-formats';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

/**
 * Developer metadata key marking a sheet the add-on owns (it names the add-on);
 * the value is the output key. Marks are DOCUMENT-visible: Google's "Enum
 * DeveloperMetadataVisibility" says PROJECT-visible metadata is seen only by the
 * developer project that created it, so after the script moves to a standard
 * Cloud project (docs/sheets.md, publishing) PROJECT marks are invisible and a
 * re-run would not know its own sheets. Earlier versions wrote PROJECT marks
 * under the same key: they are still read, and a DOCUMENT mark is added beside
 * them on the next run.
 */
export const OUTPUT_METADATA_KEY = 'funnelForecast.output';

/** The mark of the FF Snapshots sheet (saved snapshots; core/change/store.ts). */
export const SNAPSHOTS_KEY = 'Snapshots';
export type OwnedKey = OutputSheetKey | typeof SNAPSHOTS_KEY;
const OWNED_KEYS: readonly string[] = [...TABLE_KEYS, PIVOT_KEY, SNAPSHOTS_KEY];

/**
 * The Sheets SyncWorkbookIO (core/ports.ts), synchronous because Apps Script
 * is: one getValues per read, one setValues per output table, number formats
 * applied per format in one call. Only sheets carrying the add-on's developer
 * metadata are ever cleared; a user's sheet with the same name is left alone.
 */
export class SheetsWorkbook implements SyncWorkbookIO {
  private clockCache: SheetClock | null = null;

  constructor(
    private readonly spreadsheet: Spreadsheet,
    private readonly snapshotLimits: SnapshotLimits = SHEETS_SNAPSHOT_LIMITS,
  ) {}

  private get clock(): SheetClock {
    this.clockCache ??= spreadsheetClock(this.spreadsheet);
    return this.clockCache;
  }

  /** The add-on's output sheets, by output key (first marked sheet wins if a user copied one). */
  ownedSheets(): Map<OwnedKey, Sheet> {
    const owned = new Map<OwnedKey, Sheet>();
    for (const sheet of this.spreadsheet.getSheets()) {
      const key = ownerKey(sheet);
      if (key && !owned.has(key)) owned.set(key, sheet);
    }
    return owned;
  }

  listSources(): SourceRef[] {
    const owned = new Set([...this.ownedSheets().values()].map((s) => s.getSheetId()));
    const active = this.spreadsheet.getActiveSheet();
    const sheets = this.spreadsheet
      .getSheets()
      .filter((s) => !owned.has(s.getSheetId()) && s.getLastRow() > 0);
    // The sheet the user is looking at is the likeliest deal sheet: offer it first.
    sheets.sort(
      (a, b) =>
        Number(b.getSheetId() === active?.getSheetId()) -
        Number(a.getSheetId() === active?.getSheetId()),
    );
    const refs: SourceRef[] = sheets.map((s) => ({
      kind: 'sheet',
      id: s.getName(),
      label: `${s.getName()} (${s.getDataRange().getA1Notation()})`,
    }));
    for (const named of this.spreadsheet.getNamedRanges()) {
      const name = named.getName();
      if (isOwnTableName(name)) continue;
      const range = named.getRange();
      refs.push({
        kind: 'table',
        id: name,
        label: `${name} (${qualifiedA1(range)})`,
      });
    }
    const selection = this.spreadsheet.getActiveRange();
    if (selection) {
      refs.push({ kind: 'selection', id: '', label: `Selection (${qualifiedA1(selection)})` });
    }
    return refs;
  }

  readSource(source: SourceRef): SourceSheet {
    const range = this.sourceRange(source);
    const values = range.getValues() as CellValue[][];
    this.clock.gridFromSheet(values);
    const name = source.kind === 'table' ? source.id : range.getSheet().getName();
    return { name, values, firstRow: range.getRow() };
  }

  readRange(address: string): Grid {
    const range = this.spreadsheet.getRangeByName(address) ?? this.rangeByA1(address);
    const values = range.getValues() as CellValue[][];
    this.clock.gridFromSheet(values);
    return values;
  }

  writeTables(
    tables: OutputTable[],
    onProgress: (fraction: number) => void = () => {},
  ): WrittenTables {
    const owned = this.ownedSheets();
    // Sheets marked by an earlier version (PROJECT-visible only) get a DOCUMENT mark now.
    for (const [key, sheet] of owned) {
      if (!hasDocumentMark(sheet)) markOwned(sheet, key);
    }
    const ordered = writingOrder(tables);
    const forecast = ordered.find((t) => t.key === 'Forecast');
    // Where each sheet goes: core's write policy (core/app/write-policy.ts).
    const wanted: { key: OutputSheetKey; preferred: string }[] = ordered.map((t) => ({
      key: t.key,
      preferred: t.sheetName,
    }));
    if (forecast) wanted.push({ key: PIVOT_KEY, preferred: PIVOT_SHEET });
    const plan = planSheets(
      this.spreadsheet.getSheets().map((s) => s.getName()),
      wanted,
      (key) => owned.get(key)?.getName(),
      'add-on',
    );
    const report: WrittenTables = { written: [], notes: [...plan.notes] };
    const sheetFor = (key: OutputSheetKey): Sheet => {
      const target = plan.targets.find((t) => t.key === key)!;
      return target.exists ? owned.get(key)! : this.insertOwnedSheet(key, target.sheetName);
    };
    const sheets = new Map<OwnedKey, Sheet>();
    ordered.forEach((table, i) => {
      const sheet = sheetFor(table.key);
      this.writeTable(sheet, table, table.key === 'Funnel' ? CHART_COLUMNS : 0);
      sheets.set(table.key, sheet);
      report.written.push({ sheetName: sheet.getName(), rows: table.rows.length });
      onProgress((i + 1) / ordered.length);
    });
    if (forecast) writeForecastPivot(sheetFor(PIVOT_KEY), sheets.get('Forecast')!, forecast);
    const funnel = ordered.find((t) => t.key === 'Funnel');
    if (funnel) writeFunnelChart(sheets.get('Funnel')!, funnel);
    return report;
  }

  /** The FF Snapshots grid ([] when nothing is saved), dates as the engine reads them. */
  private snapshotGrid(): Grid {
    const sheet = this.ownedSheets().get(SNAPSHOTS_KEY);
    if (!sheet || sheet.getLastRow() === 0) return [];
    const values = sheet.getDataRange().getValues() as CellValue[][];
    this.clock.gridFromSheet(values);
    return values;
  }

  /** The saved snapshots up to settings.compareWith (none without it). */
  readSnapshots(settings: ForecastSettings): SnapshotSource[] {
    const date = settings.compareWith?.trim();
    return date ? snapshotsFromGrid(this.snapshotGrid(), date) : [];
  }

  listSnapshots(): SavedSnapshot[] {
    return savedSnapshots(this.snapshotGrid());
  }

  /**
   * Saves the source as a snapshot in FF Snapshots. The whole new history is
   * planned and checked against the spreadsheet's 10,000,000 cells (every
   * sheet counted) before anything is written; a refusal writes nothing.
   */
  saveSnapshot(source: SourceRef, settings: ForecastSettings): SnapshotSave {
    const owned = this.ownedSheets().get(SNAPSHOTS_KEY);
    if (!owned && this.spreadsheet.getSheetByName(SNAPSHOT_SHEET)) {
      throw new Error(
        `A sheet named "${SNAPSHOT_SHEET}" already exists and is not the add-on's; rename it so the add-on can keep its snapshots there. Nothing was written.`,
      );
    }
    const sheet = this.readSource(source);
    let otherCells = 0;
    for (const s of this.spreadsheet.getSheets()) {
      if (owned && s.getSheetId() === owned.getSheetId()) continue;
      otherCells += s.getMaxRows() * s.getMaxColumns();
    }
    const { grid, save } = planSnapshotSave(
      this.snapshotGrid(),
      sheet,
      settings,
      this.snapshotLimits,
      otherCells,
    );
    const target =
      owned ?? this.spreadsheet.insertSheet(SNAPSHOT_SHEET, this.spreadsheet.getNumSheets());
    if (!owned) markOwned(target, SNAPSHOTS_KEY);
    const width = grid[0]!.length;
    target.clear();
    fitSheet(target, grid.length, width);
    target
      .getRange(1, 1, grid.length, width)
      .setValues(grid.map((row) => this.toSheetRow(row, width)));
    target.getRange(1, 1, 1, width).setFontWeight('bold');
    target.setFrozenRows(1);
    return { ...save, sheetName: target.getName() };
  }

  showSheet(sheetName: string): void {
    const sheet =
      this.spreadsheet.getSheetByName(sheetName) ??
      [...this.ownedSheets().entries()].find(
        ([key]) =>
          (key === PIVOT_KEY
            ? PIVOT_SHEET
            : key === SNAPSHOTS_KEY
              ? SNAPSHOT_SHEET
              : sheetNameFor(key)) === sheetName,
      )?.[1];
    if (!sheet) throw new Error(`There is no sheet named "${sheetName}" in this spreadsheet.`);
    sheet.activate();
  }

  private sourceRange(source: SourceRef): Range {
    switch (source.kind) {
      case 'sheet': {
        const sheet = this.spreadsheet.getSheetByName(source.id);
        if (!sheet) throw new Error(`There is no sheet named "${source.id}" any more.`);
        return sheet.getDataRange();
      }
      case 'table': {
        const range = this.spreadsheet.getRangeByName(source.id);
        if (!range) throw new Error(`There is no named range "${source.id}" any more.`);
        return range;
      }
      case 'selection': {
        const range = this.spreadsheet.getActiveRange();
        if (!range) throw new Error('Select the deal table (or one cell in it) first.');
        // One selected cell means "the table around it", as Sheets' own filter does.
        return range.getNumRows() === 1 && range.getNumColumns() === 1
          ? range.getDataRegion()
          : range;
      }
    }
  }

  private rangeByA1(address: string): Range {
    try {
      return this.spreadsheet.getRange(address);
    } catch {
      throw new Error(
        `"${address}" is neither a named range nor a range address (write it like Targets!A1:C20).`,
      );
    }
  }

  /** A new sheet at the end, marked as the add-on's (its name comes from planSheets). */
  private insertOwnedSheet(key: OwnedKey, name: string): Sheet {
    const sheet = this.spreadsheet.insertSheet(name, this.spreadsheet.getNumSheets());
    markOwned(sheet, key);
    return sheet;
  }

  private writeTable(sheet: Sheet, table: OutputTable, extraColumns: number): void {
    const width = Math.max(table.columns.length, 1);
    const height = table.rows.length + 1;
    sheet.clear();
    fitSheet(sheet, Math.max(height, 2), width + extraColumns);

    const values: unknown[][] = new Array(height);
    values[0] = padRow(
      table.columns.map((c) => asSheetText(c.header)),
      width,
    );
    for (let r = 0; r < table.rows.length; r++) {
      values[r + 1] = this.toSheetRow(table.rows[r] ?? [], width);
    }
    sheet.getRange(1, 1, height, width).setValues(values);

    sheet.getRange(1, 1, 1, width).setFontWeight('bold');
    sheet.setFrozenRows(1);
    if (table.rows.length > 0) this.applyFormats(sheet, table);
    this.spreadsheet.setNamedRange(table.tableName, sheet.getRange(1, 1, height, width));
  }

  private toSheetRow(row: CellValue[], width: number): unknown[] {
    const out: unknown[] = new Array(width);
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (v === null || v === undefined) out[c] = '';
      else if (typeof v === 'string') out[c] = asSheetText(v);
      else if (v instanceof Date) out[c] = Number.isNaN(v.getTime()) ? '' : this.clock.toSheet(v);
      else if (typeof v === 'number') out[c] = Number.isFinite(v) ? v : '';
      else out[c] = v;
    }
    return out;
  }

  /** One setNumberFormat per distinct format, over every column that uses it. */
  private applyFormats(sheet: Sheet, table: OutputTable): void {
    const lastRow = table.rows.length + 1;
    const byFormat = new Map<string, string[]>();
    table.columns.forEach((column, i) => {
      const format = sheetsNumberFormat(column);
      if (!format) return;
      const letters = lettersFromColumn1(i + 1);
      const list = byFormat.get(format) ?? [];
      list.push(`${letters}2:${letters}${lastRow}`);
      byFormat.set(format, list);
    });
    for (const [format, ranges] of byFormat) sheet.getRangeList(ranges).setNumberFormat(format);
  }
}

/** The output key a sheet is marked with: DOCUMENT marks, and the PROJECT marks of earlier versions. */
function ownerKey(sheet: Sheet): OwnedKey | null {
  for (const meta of sheet.getDeveloperMetadata()) {
    if (meta.getKey() !== OUTPUT_METADATA_KEY) continue;
    const value = meta.getValue();
    if (OWNED_KEYS.includes(value ?? '')) return value as OwnedKey;
  }
  return null;
}

function hasDocumentMark(sheet: Sheet): boolean {
  return sheet
    .getDeveloperMetadata()
    .some(
      (meta) =>
        meta.getKey() === OUTPUT_METADATA_KEY &&
        meta.getVisibility() === SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT,
    );
}

function markOwned(sheet: Sheet, key: OwnedKey): void {
  sheet.addDeveloperMetadata(
    OUTPUT_METADATA_KEY,
    key,
    SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT,
  );
}

function isOwnTableName(name: string): boolean {
  return TABLE_KEYS.some((key) => name === tableNameFor(key));
}

function qualifiedA1(range: Range): string {
  const sheetName = range.getSheet().getName();
  const quoted = /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheetName)
    ? sheetName
    : `'${sheetName.replace(/'/g, "''")}'`;
  return `${quoted}!${range.getA1Notation()}`;
}

function padRow(row: unknown[], width: number): unknown[] {
  while (row.length < width) row.push('');
  return row.length > width ? row.slice(0, width) : row;
}

/** Exactly the rows and columns the table needs: a re-run with fewer rows leaves no stale tail. */
function fitSheet(sheet: Sheet, rows: number, columns: number): void {
  const maxRows = sheet.getMaxRows();
  if (maxRows < rows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  else if (maxRows > rows) sheet.deleteRows(rows + 1, maxRows - rows);
  const maxColumns = sheet.getMaxColumns();
  if (maxColumns < columns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
  else if (maxColumns > columns) sheet.deleteColumns(columns + 1, maxColumns - columns);
}
