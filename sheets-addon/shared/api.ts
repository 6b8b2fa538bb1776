import type { SavedSnapshot, SnapshotSave } from '../../core/change/store';
import type { ForecastSettings } from '../../core';
import type { RunSummary, SourceInspection, SourceRef, StageRatesView } from '../../core';

/**
 * The server API the sidebar calls, typed once: the server implements it
 * (server/api.ts) and the client wraps google.script.run with it
 * (client/server-client.ts). Every method runs synchronously on the Apps
 * Script server; arguments and results travel through wire.ts.
 */
export interface SheetsServerApi {
  listSources(): SourceRef[];
  inspect(source: SourceRef, settings: ForecastSettings): SourceInspection;
  /** `progressId` names where the run posts its progress for `progress` to read. */
  run(source: SourceRef, settings: ForecastSettings, progressId?: string): RunSummary;
  /** The progress a running `run` posted under this id, or null (not started, finished). */
  progress(progressId: string): RunProgress | null;
  /** Saves the source under settings.asOf in FF Snapshots (WorkbookPort.saveSnapshot). */
  saveSnapshot(source: SourceRef, settings: ForecastSettings): SnapshotSave;
  /** The dates saved in FF Snapshots, oldest first. */
  listSnapshots(): SavedSnapshot[];
  /** Stage rates from the source and FF Snapshots (WorkbookPort.stageRates). */
  stageRates(source: SourceRef, settings: ForecastSettings): StageRatesView;
  loadSettings(): ForecastSettings | null;
  saveSettings(settings: ForecastSettings): void;
  clearSettings(): void;
  showSheet(sheetName: string): void;
  displayLanguage(): string;
}

export interface RunProgress {
  fraction: number;
  step: string;
}

export type ServerMethod = keyof SheetsServerApi;

/**
 * Each method is a top-level function of the built Code.js under this name:
 * google.script.run can only call global functions. The prefix keeps them
 * apart from the custom functions and from Apps Script's reserved names.
 */
export function serverFunctionName(method: ServerMethod): string {
  return `ffApi_${method}`;
}

/** Listed (not derived from the interface) so the build can write one stub per method. */
export const SERVER_METHODS: readonly ServerMethod[] = [
  'listSources',
  'inspect',
  'run',
  'progress',
  'saveSnapshot',
  'listSnapshots',
  'stageRates',
  'loadSettings',
  'saveSettings',
  'clearSettings',
  'showSheet',
  'displayLanguage',
];
