/**
 * The application pipeline: the one job every host runs over its WorkbookIO
 * (core/ports.ts). Read the source (and the other sources the settings name:
 * earlier snapshots), run the engine, add the tables of the other sources
 * (the pipeline-change bridge), write the owned sheets, summarise. Above the
 * engine (core/engine/), below the ports' users (ui/, the hosts, cli/).
 */
import type { ForecastResult, ForecastSettings, SourceSheet } from '../engine/types';
import { changeSince, changeTables, type ChangeResult, type SnapshotSource } from '../change';
import { materializeHead, runForecast, toOutputSources, toOutputTables } from '../engine';
import { fromRows, type OutputSource, type OutputTable } from '../output';
import type {
  RunSummary,
  SourceInspection,
  SourceRef,
  SyncWorkbookIO,
  WorkbookIO,
  WrittenTables,
} from '../ports';
import { stageRatesView, type StageRatesView } from '../rates/view';
import { isIsoDate } from '../read/date';
import { inspectSheet } from './inspect';
import { DISPLAY_ROW_CAP, summarizeRun } from './summary';

/** A value now (a synchronous host) or later (an asynchronous one). */
export type MaybePromise<T> = T | Promise<T>;
type AnyWorkbookIO = WorkbookIO | SyncWorkbookIO;

/** Continues with a value now, or when its promise settles: one pipeline serves both kinds of IO. */
export function chain<T, U>(
  value: MaybePromise<T>,
  next: (v: T) => MaybePromise<U>,
): MaybePromise<U> {
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
 * settings.compareWith), else the host's snapshots (its saved ones, the
 * page's earlier export, the command line's --compare files).
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

/** The deal sheet and the settings a job runs with. */
export interface JobContext {
  sheet: SourceSheet;
  /** The settings as run: ranges read, earlier steps' changes applied. */
  settings: ForecastSettings;
}

/** What a step adds to the run: tables written after the forecast's, notes for the summary. */
export interface StepOutput {
  tables: OutputTable[];
  notes: string[];
}

/**
 * A part of the job that reads sources beside the deal sheet (earlier
 * snapshots, a stage history) and adds tables: the pipeline-change bridge
 * (changeStep), the command line's calibration (cli/calibrate.ts). A new kind
 * of source plugs in as a step; the ports stay as they are.
 */
export interface JobStep {
  /** Before the engine runs: the settings to run with (undefined: unchanged). */
  prepare?(job: JobContext): MaybePromise<ForecastSettings | void>;
  /** After the engine: what the step adds (its sources read through the host). */
  finish?(job: JobContext & { result: ForecastResult }): MaybePromise<StepOutput>;
}

/**
 * The pipeline-change bridge as a step: the earlier snapshots the settings
 * name (earlierSnapshots), compared with the run in the window and by the key
 * of the settings. `change` holds the bridge after the run (null: nothing to
 * compare with). With notes: false its notes stay out of the run's summary
 * (the command line prints them with the bridge).
 */
export function changeStep(
  io: AnyWorkbookIO,
  options: { notes?: boolean } = {},
): JobStep & { change: ChangeResult | null } {
  const step = {
    change: null as ChangeResult | null,
    finish: ({ sheet, settings, result }: JobContext & { result: ForecastResult }) =>
      chain(earlierSnapshots(io, settings), (snapshots): StepOutput => {
        if (!snapshots.length) return { tables: [], notes: [] };
        const change = changeSince({ result, settings, name: sheet.name }, snapshots, {
          ...(settings.compareWindow?.trim() ? { window: settings.compareWindow.trim() } : {}),
          ...(settings.compareKey?.trim() ? { key: settings.compareKey.trim() } : {}),
        });
        step.change = change;
        return { tables: changeTables(change), notes: options.notes === false ? [] : change.notes };
      }),
  };
  return step;
}

/** A job's run, for callers that go on with the engine's result (the command line's --json). */
export interface JobRun extends JobContext {
  result: ForecastResult;
  /** What the host wrote (nothing, when it writes nothing this run). */
  written: WrittenTables;
  /** The run's summary (built on first call: a caller that prints JSON never pays for it). */
  summary(): RunSummary;
}

/** Runs the steps one after the other, collecting what each returns. */
function eachStep<T>(
  steps: readonly JobStep[],
  each: (step: JobStep) => MaybePromise<T> | undefined,
): MaybePromise<T[]> {
  const out: T[] = [];
  const next = (i: number): MaybePromise<T[]> => {
    if (i === steps.length) return out;
    return chain(each(steps[i]!), (v) => {
      if (v !== undefined) out.push(v);
      return next(i + 1);
    });
  };
  return next(0);
}

/**
 * Read the source and the ranges the settings point at, let the steps
 * prepare, run the engine, let the steps add their tables, write (streamed
 * where the host can), summarise: the one pipeline of every host.
 */
function runSteps(
  io: AnyWorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
  onProgress: (fraction: number, step: string) => void,
  steps: readonly JobStep[],
): MaybePromise<JobRun> {
  onProgress(0, 'read');
  return chain(io.readSource(source), (sheet) =>
    chain(withRanges(io, settings), (ranged) => {
      let resolved = ranged;
      const prepared = eachStep(steps, (step) =>
        step.prepare
          ? chain(step.prepare({ sheet, settings: resolved }), (s) => {
              if (s) resolved = s;
              return undefined;
            })
          : undefined,
      );
      return chain(prepared, () => {
        onProgress(0.2, 'compute');
        const result = runForecast(sheet, resolved);
        const job = { sheet, settings: resolved, result };
        return chain(
          eachStep(steps, (step) => step.finish?.(job)),
          (added) => {
            const extra = added.flatMap((a) => a.tables);
            const stepNotes = added.flatMap((a) => a.notes);
            let sources: OutputSource[] | null = null;
            const allSources = () =>
              (sources ??= [...toOutputSources(result), ...extra.map(fromRows)]);
            let tables: OutputTable[] | null = null;
            onProgress(0.4, 'write');
            const progress = (f: number) => onProgress(0.4 + 0.6 * f, 'write');
            const writing =
              'writeSources' in io && io.writeSources
                ? io.writeSources(allSources, progress)
                : io.writeTables((tables = [...toOutputTables(result), ...extra]), progress);
            return chain(writing, (written): JobRun => {
              onProgress(1, 'done');
              let summary: RunSummary | null = null;
              return {
                ...job,
                written,
                summary: () =>
                  (summary ??= summarizeRun(
                    result,
                    resolved,
                    tables ??
                      allSources()
                        .filter((t) => t.key !== 'FunnelData')
                        // (The summary shows the first DISPLAY_ROW_CAP rows of each.)
                        .map((t) => materializeHead(t, DISPLAY_ROW_CAP)),
                    written.written,
                    [...written.notes, ...stepNotes],
                  )),
              };
            });
          },
        );
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
  return (await runSteps(io, source, settings, onProgress, [changeStep(io)])).summary();
}

/**
 * The pipeline with the caller's steps (runJob's is the change bridge alone),
 * returning the engine's result beside the summary: the command line runs
 * this with its --compare and --calibrate steps over a file-backed WorkbookIO.
 */
export async function runJobWith(
  io: WorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
  steps: readonly JobStep[],
  onProgress: (fraction: number, step: string) => void = quiet,
): Promise<JobRun> {
  return runSteps(io, source, settings, onProgress, steps);
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
  return (runSteps(io, source, settings, onProgress, [changeStep(io)]) as JobRun).summary();
}

/** runJobWith for a synchronous workbook (Apps Script): the steps must not return promises. */
export function runJobSyncWith(
  io: SyncWorkbookIO,
  source: SourceRef,
  settings: ForecastSettings,
  steps: readonly JobStep[],
  onProgress: (fraction: number, step: string) => void = quiet,
): JobRun {
  const run = runSteps(io, source, settings, onProgress, steps);
  if (run instanceof Promise) throw new Error('A step of a synchronous job returned a promise.');
  return run;
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
