/**
 * The ports, in one place: what the shared UI may call (WorkbookPort) and
 * what each host implements below it (WorkbookIO, or SyncWorkbookIO where the
 * host's workbook API is synchronous). The application pipeline
 * (core/app/pipeline.ts) runs over a WorkbookIO and answers the WorkbookPort's
 * inspect, run and stageRates; the engine (core/engine/) knows none of this.
 */
import type { CellValue, Grid } from './cells';
import type { SnapshotSource } from './change';
import type { SavedSnapshot, SnapshotSave } from './change/store';
import type { ForecastSettings, MappingReport, IssueKind, SourceSheet } from './engine/types';
import type { OutputSource, OutputTable } from './output';
import type { DrillData } from './engine/drill';
import type { StageRatesView } from './rates/view';

export type { StageRatesView, StageRatesRow } from './rates/view';
import type { ForecastCategory, LadderStage, StageDef } from './stages';

/** The hosts that implement the WorkbookPort. */
export type HostKind = 'excel' | 'sheets' | 'browser';

export interface SourceRef {
  kind: 'selection' | 'table' | 'sheet';
  /** Table name or sheet name; empty for the selection. */
  id: string;
  /** What the UI shows, e.g. "Table Deals (Sheet1!A1:K301)". */
  label: string;
}

export interface StageUsage {
  /** The label as the sheet writes it. */
  label: string;
  deals: number;
  /** How it resolves with the current settings; undefined when unknown. */
  resolved?: StageDef;
  /**
   * Open deals on this stage that carry a probability of their own: the run weights
   * them with it, places an unknown stage on the ladder by it (at the median's stage)
   * and forecasts them in that category (Omitted is never weighted: Pipeline at least).
   */
  ownProbability?: {
    deals: number;
    median: number;
    ladder: LadderStage;
    category: ForecastCategory;
  };
}

export interface SourceInspection {
  source: SourceRef;
  /**
   * An as-of date that suits this source, when the host knows one (the built-in
   * sample's own date); the UI uses it unless the user chose a date.
   */
  suggestedAsOf?: string;
  /** Targets that come with this source (the built-in sample's), for the targets grid. */
  suggestedTargets?: Grid;
  /** Set when no deal column can be found: the one-line reason a run would refuse the sheet. */
  problem?: string;
  /** Data rows under the header row. */
  rows: number;
  mapping: MappingReport;
  stages: StageUsage[];
  /** The first few data rows, for the preview grid. */
  preview: CellValue[][];
}

export interface RunSummary {
  asOf: string;
  thisPeriod: { label: string; weighted: number; closed: number };
  nextPeriod: { label: string; weighted: number };
  /** Open pipeline / (target - closed) for this period, when targets were given. */
  coverage: number | null;
  counts: { rows: number; counted: number; excluded: number; issues: number };
  issuesByKind: Partial<Record<IssueKind, number>>;
  /** Sheets written, in order, with the rows in each. */
  written: { sheetName: string; rows: number }[];
  /** Plain notes for the user, e.g. a PivotTable the host's API version cannot create. */
  notes: string[];
  /**
   * The result tables for on-screen display, FunnelData left out and each
   * capped at a few hundred rows (the full tables are on the output sheets).
   */
  tables: OutputTable[];
  /** The base currency of every money figure, when the sheet names one. */
  baseCurrency?: string | null;
  /** Money kept apart for lack of an exchange rate, per currency. */
  unconverted?: { currency: string; deals: number; amount: number }[];
  /** First and last close date of the sheet (ISO). */
  closeDates?: { first: string; last: string };
  /**
   * Set when every close date lies before the as-of date's period or long after it
   * (more than a year): the as-of date the run suggests instead (the last close date).
   */
  suggestedAsOf?: string;
  /** The deals behind the figures, for drill-down (capped; FunnelData has them all). */
  drill?: DrillData;
  /** Team target per period (the targets table's Total rows, else the reps' or segments' sum). */
  targetsByPeriod?: Record<string, number>;
}

/**
 * The workbook port: the only thing the shared UI talks to. Excel (Office.js),
 * Sheets (google.script.run to the Apps Script server) and the standalone page
 * (an in-browser workbook) each implement it; components never see a host API.
 */
export interface WorkbookPort {
  readonly host: HostKind;
  /** Places a deal sheet can come from: the selection, each table, each sheet's used range. */
  listSources(): Promise<SourceRef[]>;
  inspect(source: SourceRef, settings: ForecastSettings): Promise<SourceInspection>;
  /** Reads the source, runs the engine and writes the output sheets the add-in owns. */
  run(
    source: SourceRef,
    settings: ForecastSettings,
    onProgress?: (fraction: number, step: string) => void,
  ): Promise<RunSummary>;
  loadSettings(): Promise<ForecastSettings | null>;
  saveSettings(settings: ForecastSettings): Promise<void>;
  clearSettings(): Promise<void>;
  /** BCP 47 tag of the host's display language, e.g. "zh-CN". */
  displayLanguage(): string;
  /** Brings an output sheet to the front (the "see data issues" link). */
  showSheet(sheetName: string): Promise<void>;
  /**
   * Saves the source's key columns (the mapped fields, the key and the
   * segment columns) under the as-of date in the add-in's FF Snapshots sheet,
   * replacing an earlier save of that date. Refused, with nothing written,
   * when the history would pass the host's size limits.
   */
  saveSnapshot?(source: SourceRef, settings: ForecastSettings): Promise<SnapshotSave>;
  /** The dates saved in FF Snapshots, oldest first (a run compares with one: settings.compareWith). */
  listSnapshots?(): Promise<SavedSnapshot[]>;
  /**
   * Stage rates from the team's history (core/rates): the source now and the
   * snapshots a run with these settings compares with (FF Snapshots up to
   * settings.compareWith; on the page, the earlier export when none is named).
   */
  stageRates?(source: SourceRef, settings: ForecastSettings): Promise<StageRatesView>;
  /** Standalone page only: a CSV/XLSX the user picked or dropped becomes the source. */
  openFile?(file: { name: string; bytes: ArrayBuffer }): Promise<SourceRef[]>;
  /** Standalone page only: the output workbook (XLSX bytes) of the last run, with progress in rows. */
  downloadOutputs?(
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ fileName: string; bytes: ArrayBuffer }>;
}

/** What a host reports after writing the output tables. */
export interface WrittenTables {
  /** Sheets written, in order, with the rows in each. */
  written: { sheetName: string; rows: number }[];
  /** Plain notes for the user (a sheet name taken by a user's sheet, a PivotTable not made). */
  notes: string[];
}

/**
 * The low-level workbook operations each host implements. The pipeline above
 * them (core/app/pipeline.ts) is the same for every host: read the source,
 * run the engine, write the owned sheets.
 */
export interface WorkbookIO {
  readSource(source: SourceRef): Promise<SourceSheet>;
  /** Reads an A1 address, table or named range (targets, rates). */
  readRange(address: string): Promise<Grid>;
  /**
   * Earlier snapshots of the deal sheet to compare the run with (the
   * pipeline-change bridge); none, or no method, for a plain forecast.
   * The workbook hosts read the saved snapshots up to settings.compareWith.
   */
  readSnapshots?(settings: ForecastSettings): Promise<SnapshotSource[]>;
  /** Replaces the add-in's own output sheets; never touches any other sheet. */
  writeTables(
    tables: OutputTable[],
    onProgress?: (fraction: number) => void,
  ): Promise<WrittenTables>;
  /**
   * Optional, used instead of writeTables, for a host that streams rows to its
   * output (the command line's XLSX writer): the tables as OutputSources,
   * FunnelData's rows made on demand, never all in memory at once. `tables`
   * builds them; a host that writes nothing this run (no --out) never calls it.
   */
  writeSources?(
    tables: () => OutputSource[],
    onProgress?: (fraction: number) => void,
  ): Promise<WrittenTables>;
}

/** The same operations for a host whose workbook API is synchronous (Apps Script). */
export interface SyncWorkbookIO {
  readSource(source: SourceRef): SourceSheet;
  readRange(address: string): Grid;
  readSnapshots?(settings: ForecastSettings): SnapshotSource[];
  writeTables(tables: OutputTable[], onProgress?: (fraction: number) => void): WrittenTables;
}
