import type { Grid } from '../core/cells';
import type { SnapshotSource } from '../core/change';
import {
  planSnapshotSave,
  savedSnapshots,
  snapshotsFromGrid,
  type SavedSnapshot,
  type SnapshotSave,
} from '../core/change/store';
import type { ForecastSettings, SourceSheet } from '../core';
import { cleanSettings, inspectSource, runJob, stageRatesJob, type WorkbookIO } from '../core';
import type { OutputTable } from '../core/output';
import type { RunSummary, SourceRef, StageRatesView, WorkbookPort } from '../core';
import { parseA1, sliceGrid } from './a1';

/** The file readers and the XLSX writer (exceljs, papaparse) load on first use, not with the page. */
const loadFiles = () => import(/* webpackChunkName: "files" */ '../files');

export interface BrowserPortOptions {
  /** The sheets the page opens with (the built-in sample). */
  sheets: SourceSheet[];
  /** Where settings persist between visits; null keeps them for this page only. */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  language: string;
  /**
   * Exchange rates that come with the opening sheets (the sample's, as the CLI
   * uses them), applied when the user gives no rates of their own.
   */
  builtInRates?: Grid;
  /** The as-of date that suits the opening sheets (the sample's own date), offered by inspect. */
  builtInAsOf?: string;
  /** Targets that come with the opening sheets (the sample's), offered by inspect for the targets grid. */
  builtInTargets?: Grid;
}

const SETTINGS_KEY = 'funnel-forecast:settings';

/**
 * The in-browser workbook behind the standalone page: the same WorkbookPort the
 * Excel and Sheets adapters implement, over sheets held in memory. Files are
 * parsed here, in the browser; nothing is sent anywhere.
 */
export class BrowserPort implements WorkbookPort {
  readonly host = 'browser' as const;
  private sheets: SourceSheet[];
  /** Sheets that came with the page (not opened from a file): they carry builtInRates. */
  private builtIn: Set<string>;
  private outputs: OutputTable[] = [];
  private lastAsOf = '';
  /** The name of the file the user opened (null for the built-in sample). */
  private fileName: string | null = null;
  private memorySettings: ForecastSettings | null = null;
  /** An earlier export the runs are compared with (the pipeline-change bridge). */
  private earlier: SnapshotSource[] = [];
  /** Snapshots saved on this page ("Save snapshot"), laid out as FF Snapshots; gone with the tab. */
  private snapshotGrid: Grid = [];
  private readonly showListeners = new Set<(sheetName: string) => void>();

  constructor(private readonly options: BrowserPortOptions) {
    this.sheets = [...options.sheets];
    this.builtIn = new Set(options.sheets.map((s) => s.name));
  }

  /** The page listens so "show the Data issues sheet" scrolls to that table. */
  onShowSheet(listener: (sheetName: string) => void): () => void {
    this.showListeners.add(listener);
    return () => this.showListeners.delete(listener);
  }

  /** The full output tables of the last run (FunnelData included). */
  get lastOutputs(): readonly OutputTable[] {
    return this.outputs;
  }

  private readonly io: WorkbookIO = {
    readSource: async (source) => this.sheetFor(source),
    readRange: async (address) => this.readRange(address),
    readSnapshots: async (settings) =>
      settings.compareWith?.trim()
        ? snapshotsFromGrid(this.snapshotGrid, settings.compareWith)
        : this.earlier,
    writeTables: async (tables, onProgress) => {
      this.outputs = tables;
      onProgress?.(1);
      return {
        written: tables.map((t) => ({ sheetName: t.sheetName, rows: t.rows.length })),
        notes: [],
      };
    },
  };

  private sheetFor(source: SourceRef): SourceSheet {
    const sheet =
      this.sheets.find((s) => s.name === source.id) ?? (source.id ? undefined : this.sheets[0]);
    if (!sheet)
      throw new Error(`The sheet "${source.id}" is no longer open; choose another source.`);
    return sheet;
  }

  private readRange(address: string): Grid {
    const ref = parseA1(address);
    const sheet = ref?.sheet
      ? this.sheets.find((s) => s.name.toLowerCase() === ref.sheet!.toLowerCase())
      : this.sheets[0];
    if (!ref || !sheet) {
      const names = this.sheets.map((s) => s.name).join(', ');
      throw new Error(
        `Cannot read the range "${address}": give a sheet and range such as Targets!A1:C20 (open sheets: ${names}).`,
      );
    }
    return sliceGrid(sheet.values, ref);
  }

  async listSources(): Promise<SourceRef[]> {
    // The file's name as the user chose it (with the sheet, for a workbook); rows are
    // counted by the inspection, under the header row, as the user counts them.
    return this.sheets.map((s) => {
      const file = this.fileName;
      const label =
        file && file !== s.name ? (this.sheets.length > 1 ? `${file}: ${s.name}` : file) : s.name;
      return { kind: 'sheet', id: s.name, label };
    });
  }

  async inspect(source: SourceRef, settings: ForecastSettings) {
    const inspection = await inspectSource(this.io, source, settings);
    if (!this.builtIn.has(source.id)) return inspection;
    const { builtInAsOf, builtInTargets } = this.options;
    return {
      ...inspection,
      ...(builtInAsOf ? { suggestedAsOf: builtInAsOf } : {}),
      ...(builtInTargets ? { suggestedTargets: builtInTargets } : {}),
    };
  }

  async run(
    source: SourceRef,
    settings: ForecastSettings,
    onProgress?: (fraction: number, step: string) => void,
  ): Promise<RunSummary> {
    const useBuiltInRates =
      this.options.builtInRates &&
      this.builtIn.has(source.id) &&
      !settings.rates &&
      !settings.ratesRange;
    const effective = useBuiltInRates
      ? { ...settings, rates: this.options.builtInRates }
      : settings;
    const summary = await runJob(this.io, source, effective, onProgress);
    this.lastAsOf = summary.asOf;
    return summary;
  }

  stageRates(source: SourceRef, settings: ForecastSettings): Promise<StageRatesView> {
    return stageRatesJob(this.io, source, settings);
  }

  /** Saves the source under the as-of date for this page's later runs (the tab keeps it, nothing else). */
  async saveSnapshot(source: SourceRef, settings: ForecastSettings): Promise<SnapshotSave> {
    const { grid, save } = planSnapshotSave(
      this.snapshotGrid,
      this.sheetFor(source),
      settings,
      null,
    );
    this.snapshotGrid = grid;
    return save;
  }

  async listSnapshots(): Promise<SavedSnapshot[]> {
    return savedSnapshots(this.snapshotGrid);
  }

  async loadSettings(): Promise<ForecastSettings | null> {
    const text = this.safe(() => this.options.storage?.getItem(SETTINGS_KEY));
    if (!text) return this.memorySettings;
    try {
      // core's rule for settings read back: malformed ones are dropped, not trusted.
      return cleanSettings(JSON.parse(text));
    } catch {
      return null;
    }
  }

  async saveSettings(settings: ForecastSettings): Promise<void> {
    this.memorySettings = settings;
    this.safe(() => this.options.storage?.setItem(SETTINGS_KEY, JSON.stringify(settings)));
  }

  async clearSettings(): Promise<void> {
    this.memorySettings = null;
    this.safe(() => this.options.storage?.removeItem(SETTINGS_KEY));
  }

  /** Storage can be disabled or full (private windows); settings then live for this page only. */
  private safe<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch {
      return undefined;
    }
  }

  displayLanguage(): string {
    return this.options.language;
  }

  async showSheet(sheetName: string): Promise<void> {
    for (const listener of this.showListeners) listener(sheetName);
  }

  async openFile(file: { name: string; bytes: ArrayBuffer }): Promise<SourceRef[]> {
    const { readTableFile } = await loadFiles();
    const sheets = await readTableFile(file.name, file.bytes);
    const usable = sheets.filter((s) =>
      s.values.some((r) => r.some((c) => c !== null && c !== '')),
    );
    if (usable.length === 0) throw new Error(`${file.name}: the file has no data.`);
    this.sheets = usable;
    this.fileName = file.name;
    this.builtIn = new Set();
    this.outputs = [];
    const refs = await this.listSources();
    return refs;
  }

  /**
   * The page's second file: an earlier export of the same deal sheet and its
   * date; the next runs add the pipeline-change tables. null stops comparing.
   * Of a workbook, the sheet named like an open one is taken, else the first
   * with data. Returns the sheet's name.
   */
  async setEarlierFile(
    file: { name: string; bytes: ArrayBuffer } | null,
    asOf: string,
  ): Promise<string | null> {
    if (!file) {
      this.earlier = [];
      return null;
    }
    const { readTableFile } = await loadFiles();
    const sheets = (await readTableFile(file.name, file.bytes)).filter((s) =>
      s.values.some((r) => r.some((c) => c !== null && c !== '')),
    );
    if (sheets.length === 0) throw new Error(`${file.name}: the file has no data.`);
    const sheet = sheets.find((s) => this.sheets.some((o) => o.name === s.name)) ?? sheets[0]!;
    const name = sheets.length > 1 ? `${file.name} (${sheet.name})` : file.name;
    this.earlier = [{ sheet, asOf, name }];
    return name;
  }

  /**
   * The output workbook of the last run, built in a Web Worker where the
   * browser has them (the tab stays responsive; progress as rows are written),
   * else here.
   */
  async downloadOutputs(
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ fileName: string; bytes: ArrayBuffer }> {
    if (this.outputs.length === 0)
      throw new Error('Run the forecast first; there is nothing to download yet.');
    const fileName = `funnel-forecast-${this.lastAsOf || 'results'}.xlsx`;
    if (typeof Worker !== 'undefined') {
      const { writeWorkbookInWorker } = await import(
        /* webpackChunkName: "xlsx-in-worker" */ './xlsx-in-worker'
      );
      return { fileName, bytes: await writeWorkbookInWorker(this.outputs, onProgress) };
    }
    const { writeWorkbook } = await loadFiles();
    const bytes = await writeWorkbook(this.outputs, { onProgress });
    const copy = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    return { fileName, bytes: copy };
  }
}
