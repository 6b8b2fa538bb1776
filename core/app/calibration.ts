/**
 * Calibration as a pipeline step: stage rates measured on a stage history
 * (rows of deal key, stage, date: a Salesforce OpportunityHistory export) or
 * on earlier snapshots of the deal sheet, their calibration and out-of-sample
 * Brier scores, optionally applied as the run's stage table, and the
 * projection of this and the next period with them. Its sources come in
 * beside the deal sheet (a grid, and the snapshots the host reads), so any
 * host can plug it into the job (pipeline.ts, JobStep) without a new port.
 * The command line's `forecast --calibrate` (cli/calibrate.ts) is its user.
 */
import type { Grid } from '../cells';
import type { SnapshotSource } from '../change';
import { prepareSheet, runForecast } from '../engine/run';
import { FORECAST_DEFAULTS } from '../engine/settings';
import type { ForecastResult, ForecastSettings, SourceSheet } from '../engine/types';
import type { OutputTable } from '../output';
import { accuracyTable, forecastAccuracy, type AccuracyResult } from '../rates/accuracy';
import { calibrationTable, computeCalibration, type CalibrationResult } from '../rates/calibration';
import { readHistory, type HistoryField } from '../rates/history';
import { historyFromSnapshots } from '../rates/snapshots';
import { computeStageRates, type HistoryRow, type StageRatesResult } from '../rates/stage-rates';
import { stageRatesGrid, stageRatesTables } from '../rates/table';
import { lookupStage, parseStageTable, type StageTable } from '../stages';
import { parseIsoDay } from '../read/date';
import { chain, type JobStep, type MaybePromise } from './pipeline';
import { summarizeRun } from './summary';

export interface CalibrationOptions {
  /** The stage history, as read (null: none; the snapshots must then be given). */
  history: Grid | null;
  /** Columns of the history for its fields, where detection would not find them. */
  historyMapping?: Partial<Record<HistoryField, string | null>>;
  /** How many deals a stage's current probability is worth (k; 0: raw rates). */
  priorStrength: number;
  /** Day number from which closed deals are the Brier test set (default: the median close date). */
  cut?: number;
  /** Weigh the run with the calibrated rates (they become its stage table). */
  apply: boolean;
  /** The deal key column of the snapshots (default: an opportunity id, else the name). */
  key: string | null;
}

export interface Calibration {
  /** The run's stage table before apply (undefined: the built-in tables). */
  stageTableBefore: Grid | undefined;
  applied: boolean;
  result: StageRatesResult;
  calibration: CalibrationResult;
  accuracy: AccuracyResult | null;
  notes: string[];
  tables: OutputTable[];
  /** This and the next period weighted with the current probabilities and with the calibrated rates. */
  projection?: {
    thisPeriod: { label: string; closed: number; current: number; calibrated: number };
    nextPeriod: { label: string; current: number; calibrated: number };
  };
}

/**
 * The current deal sheet's stage for the deals the history knows: a deal won or
 * lost since the history was exported counts with its outcome today. Deals are
 * matched by the deal-sheet column whose values the history's keys hold most
 * often (an opportunity id column, usually); the notes name it.
 */
function currentRows(
  sheet: SourceSheet,
  settings: ForecastSettings,
  keys: Set<string>,
  stageTable: StageTable | undefined,
  notes: string[],
): HistoryRow[] {
  const prep = prepareSheet(sheet, { ...settings, segmentBy: [] });
  const stageCol = prep.map.col.stage;
  // The sheet is read in place, through its cells (a CSV's columns: no row grid is built),
  // and never written: the rows below take cell values, not the sheet's arrays.
  const cells = prep.cells;
  const from = prep.headerIndex + 1;
  let keyCol = -1;
  let best = 0;
  for (let c = 0; c < prep.headers.length; c++) {
    if (c === stageCol) continue;
    let hits = 0;
    for (let r = from; r < cells.rows; r++) {
      const v = cells.cell(r, c);
      if (v !== null && keys.has(String(v).trim())) hits++;
    }
    if (hits > best) {
      best = hits;
      keyCol = c;
    }
  }
  if (keyCol < 0 || stageCol < 0) {
    notes.push(
      stageCol < 0
        ? 'Calibration: the deal sheet has no stage column, so outcomes come from the history alone.'
        : "Calibration: no column of the deal sheet holds the history's deal keys, so outcomes come from the history alone.",
    );
    return [];
  }
  const day = parseIsoDay(settings.asOf ?? '');
  const at = Number.isNaN(day) ? null : day + 0.9999;
  const rows: HistoryRow[] = [];
  for (let r = from; r < cells.rows; r++) {
    const key = cells.cell(r, keyCol);
    if (key === null || !keys.has(String(key).trim())) continue;
    // A stage the tables do not know is the forecast's Data issue already: not repeated here.
    const stage = cells.cell(r, stageCol);
    if (stage === null || !lookupStage(String(stage), stageTable)) continue;
    rows.push({ key, stage, at, outcome: null, row: r + 1 });
  }
  notes.push(
    `Calibration: ${rows.length} deals of the deal sheet are in the history (matched by its column ${prep.headers[keyCol]}); their stage on the as-of date counts as their latest row.`,
  );
  return rows;
}

/**
 * The stage rates before the run, from the history and, when given, the
 * earlier snapshots with the deal sheet itself (dated the run's as-of date).
 * With apply, `settings.stageTable` becomes the calibrated rates.
 */
export function calibrate(
  sheet: SourceSheet,
  settings: ForecastSettings,
  earlier: SnapshotSource[] | null,
  options: CalibrationOptions,
): Calibration {
  const read = options.history
    ? readHistory(options.history, options.historyMapping ?? {})
    : { rows: [], issues: [], notes: [] };
  const notes = [...read.notes];
  const stageTable = settings.stageTable?.length ? parseStageTable(settings.stageTable) : undefined;
  let rows: HistoryRow[];
  let accuracy: AccuracyResult | null = null;
  if (earlier) {
    const fromSnapshots = historyFromSnapshots(
      [...earlier, { sheet, asOf: settings.asOf!, name: sheet.name }],
      settings,
      options.key,
    );
    notes.push(...fromSnapshots.notes);
    rows = [...read.rows, ...fromSnapshots.rows];
    accuracy = forecastAccuracy(
      fromSnapshots.runs,
      settings.fiscalYearStart ?? FORECAST_DEFAULTS.fiscalYearStart,
    );
  } else {
    const keys = new Set(read.rows.filter((r) => r.key !== null).map((r) => String(r.key).trim()));
    rows = [...read.rows, ...currentRows(sheet, settings, keys, stageTable, notes)];
  }
  const k = options.priorStrength;
  const result = computeStageRates(rows, { stageTable, priorStrength: k });
  result.issues.unshift(...read.issues);
  notes.push(...result.notes);
  const calibration = computeCalibration(rows, { stageTable, priorStrength: k, cut: options.cut });
  notes.push(...calibration.notes);
  if (accuracy) notes.push(...accuracy.notes);
  const stageTableBefore = settings.stageTable;
  if (options.apply) {
    settings.stageTable = stageRatesGrid(result);
    notes.push(
      "Calibration applied: the forecast weighs each deal with its stage's calibrated rate (the Stage rates table is the run's stage table; a deal's own probability still wins).",
    );
  }
  const [ratesTable, issuesTable] = stageRatesTables(result);
  return {
    stageTableBefore,
    applied: options.apply,
    result,
    calibration,
    accuracy,
    notes,
    tables: [
      ratesTable!,
      calibrationTable(calibration),
      ...(accuracy ? [accuracyTable(accuracy)] : []),
      issuesTable!,
    ],
  };
}

/**
 * The projection for this and the next period: the forecast weighted with the
 * calibrated rates beside the one weighted with the current probabilities
 * (one of them is the run itself; the other is one more run of the engine).
 */
export function project(
  c: Calibration,
  sheet: SourceSheet,
  settings: ForecastSettings,
  result: ForecastResult,
): NonNullable<Calibration['projection']> {
  const other = runForecast(sheet, {
    ...settings,
    stageTable: c.applied ? c.stageTableBefore : stageRatesGrid(c.result),
  });
  const current = summarizeRun(c.applied ? other : result, settings, [], [], []);
  const calibrated = summarizeRun(c.applied ? result : other, settings, [], [], []);
  return {
    thisPeriod: {
      label: current.thisPeriod.label,
      closed: current.thisPeriod.closed,
      current: current.thisPeriod.weighted,
      calibrated: calibrated.thisPeriod.weighted,
    },
    nextPeriod: {
      label: current.nextPeriod.label,
      current: current.nextPeriod.weighted,
      calibrated: calibrated.nextPeriod.weighted,
    },
  };
}

/**
 * Calibration as a step of the job: before the engine, the rates (and, with
 * apply, the run's stage table); after it, the projection and the tables
 * (Stage rates, Calibration, Forecast accuracy with snapshots, History issues).
 * `snapshots` gives the earlier snapshots to measure on (null: the history
 * alone). The notes stay with the calibration (the caller shows them with it).
 */
export function calibrationStep(
  options: CalibrationOptions,
  snapshots: (
    sheet: SourceSheet,
    settings: ForecastSettings,
  ) => MaybePromise<SnapshotSource[] | null>,
): JobStep & { calibration: Calibration | null } {
  const step: JobStep & { calibration: Calibration | null } = {
    calibration: null,
    prepare: ({ sheet, settings }) =>
      chain(snapshots(sheet, settings), (earlier) => {
        step.calibration = calibrate(sheet, settings, earlier, options);
      }),
    finish: ({ sheet, settings, result }) => {
      const c = step.calibration!;
      c.projection = project(c, sheet, settings, result);
      return { tables: c.tables, notes: [] };
    },
  };
  return step;
}
