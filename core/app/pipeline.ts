/**
 * The application pipeline: the one job every host runs over its WorkbookIO
 * (core/ports.ts). Read the source (and the other sources the settings name:
 * earlier snapshots), run the engine, add the tables of the other sources
 * (the pipeline-change bridge), write the owned sheets, summarise. Above the
 * engine (core/engine/), below the ports' users (ui/, the hosts, cli/).
 */
import type { ForecastSettings } from '../engine/types';
import { changeSince, changeTables, type SnapshotSource } from '../change';
import { runForecast, toOutputTables } from '../engine';
import type { RunSummary, SourceInspection, SourceRef, SyncWorkbookIO, WorkbookIO } from '../ports';
import { stageRatesView, type StageRatesView } from '../rates/view';
import { isIsoDate } from '../values';
import { inspectSheet } from './inspect';
import { summarizeRun } from './summary';

/** A value now (a synchronous host) or later (an asynchronous one). */
type MaybePromise<T> = T | Promise<T>;
type AnyWorkbookIO = WorkbookIO | SyncWorkbookIO;

/** Continues with a value now, or when its promise settles: one pipeline serves both kinds of IO. */
function chain<T, U>(value: MaybePromise<T>, next: (v: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

function inspect(io: AnyWorkbookIO, source: SourceRef, settings: ForecastSettings) {
  return chain(io.readSource(source), (sheet) => inspectSheet(source, sheet, settings));
}

/** Reads the targets and rates ranges the settings point at into the settings themselves. */
function withRanges(io: AnyWorkbookIO, settings: ForecastSettings): MaybePromise<ForecastSettings> {
  const resolved = { ...settings };
  const targets = settings.targetsRange ? io.readRange(settings.targetsRange) : undefined;
  return chain(targets, (t) => {
    if (t) resolved.targets = t;
    const rates = settings.ratesRange ? io.readRange(settings.ratesRange) : undefined;
    return chain(rates, (r) => {
      if (r) resolved.rates = r;
      return resolved;
    });
  });
}

/**
 * The earlier snapshots of a compared run: another table or sheet of the
 * workbook (settings.compareSource, read like the deal sheet and dated
 * settings.compareWith), else the host's saved snapshots.
 */
function earlierSnapshots(
  io: AnyWorkbookIO,
  settings: ForecastSettings,
): MaybePromise<SnapshotSource[]> {
  const other = settings.compareSource;
  if (other) {
    const date = settings.compareWith?.trim() ?? '';
    if (!isIsoDate(date)) {
      throw new Error(
        `Give the snapshot date of ${other.label} (YYYY-MM-DD) to compare the run with it.`,
      );
    }
    return chain(io.readSource(other), (sheet) => [{ sheet, asOf: date, name: sheet.name }]);
  }
  return io.readSnapshots ? io.readSnapshots(settings) : [];
}

/** Read the source, run the engine, write the owned sheets, summarise: the one pipeline of every host. */
function run(
  io: AnyWorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
  onProgress: (fraction: number, step: string) => void,
): MaybePromise<RunSummary> {
  onProgress(0, 'read');
  return chain(io.readSource(source), (sheet) =>
    chain(withRanges(io, settings), (resolved) => {
      onProgress(0.2, 'compute');
      const result = runForecast(sheet, resolved);
      const tables = toOutputTables(result);
      const earlier = earlierSnapshots(io, resolved);
      return chain(earlier, (snapshots) => {
        const changeNotes: string[] = [];
        if (snapshots.length) {
          const change = changeSince({ result, settings: resolved, name: sheet.name }, snapshots, {
            ...(resolved.compareWindow?.trim() ? { window: resolved.compareWindow.trim() } : {}),
            ...(resolved.compareKey?.trim() ? { key: resolved.compareKey.trim() } : {}),
          });
          tables.push(...changeTables(change));
          changeNotes.push(...change.notes);
        }
        onProgress(0.4, 'write');
        const writing = io.writeTables(tables, (f) => onProgress(0.4 + 0.6 * f, 'write'));
        return chain(writing, ({ written, notes }) => {
          onProgress(1, 'done');
          return summarizeRun(result, resolved, tables, written, [...notes, ...changeNotes]);
        });
      });
    }),
  );
}

/** Stage rates from the deal sheet and the snapshots the host reads for these settings (compareWith). */
function rates(
  io: AnyWorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
): MaybePromise<StageRatesView> {
  return chain(io.readSource(source), (sheet) =>
    chain(withRanges(io, settings), (resolved) => {
      const earlier: MaybePromise<SnapshotSource[]> = io.readSnapshots
        ? io.readSnapshots(resolved)
        : [];
      return chain(earlier, (snapshots) => stageRatesView(sheet, resolved, snapshots));
    }),
  );
}

const quiet = () => {};

export async function inspectSource(
  io: WorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
): Promise<SourceInspection> {
  return inspect(io, source, settings);
}

export async function runJob(
  io: WorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
  onProgress: (fraction: number, step: string) => void = quiet,
): Promise<RunSummary> {
  return run(io, source, settings, onProgress);
}

/** inspectSource for a synchronous workbook: no promise is ever created. */
export function inspectSourceSync(
  io: SyncWorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
): SourceInspection {
  return inspect(io, source, settings) as SourceInspection;
}

/**
 * runJob for a synchronous workbook. Apps Script server functions called by
 * google.script.run must return their result, not a Promise.
 */
export function runJobSync(
  io: SyncWorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
  onProgress: (fraction: number, step: string) => void = quiet,
): RunSummary {
  return run(io, source, settings, onProgress) as RunSummary;
}

/** The stage rates of "Use calibrated rates" (WorkbookPort.stageRates). */
export async function stageRatesJob(
  io: WorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
): Promise<StageRatesView> {
  return rates(io, source, settings);
}

/** stageRatesJob for a synchronous workbook (Apps Script). */
export function stageRatesJobSync(
  io: SyncWorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
): StageRatesView {
  return rates(io, source, settings) as StageRatesView;
}
