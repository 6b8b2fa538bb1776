/**
 * `forecast ... --history FILE --calibrate [--prior-strength K] [--apply]`: stage
 * rates from a stage-history export (core/rates), added to --out as the
 * "Stage rates" and "History issues" sheets and to --json as "stageRates";
 * with --apply the run weighs its deals with the calibrated rates (they become
 * the run's stage table). forecast-command.ts calls the three hooks below.
 */
import type { Command } from 'commander';
import type { Grid } from '../core/cells';
import { FunnelError } from '../core/errors';
import {
  prepareSheet,
  runForecast,
  summarizeRun,
  type ForecastResult,
  type ForecastSettings,
  type SourceSheet,
} from '../core';
import type { OutputTable } from '../core/output';
import { historyFromSnapshots } from '../core/rates/snapshots';
import { accuracyTable, forecastAccuracy, type AccuracyResult } from '../core/rates/accuracy';
import {
  calibrationTable,
  computeCalibration,
  type CalibrationResult,
} from '../core/rates/calibration';
import { HISTORY_FIELDS, readHistory, type HistoryField } from '../core/rates/history';
import {
  computeStageRates,
  DEFAULT_PRIOR_STRENGTH,
  type HistoryRow,
  type StageRatesResult,
} from '../core/rates/stage-rates';
import { stageRatesGrid, stageRatesJson, stageRatesTables } from '../core/rates/table';
import { lookupStage, parseStageTable, type StageTable } from '../core/stages';
import { isIsoDate, isoOfDay, parseIsoDay } from '../core/values';
import { compareSources, type CompareDeps, type CompareOptions } from './compare';

export interface CalibrateOptions {
  history?: string;
  historyMap?: string[];
  priorStrength?: string;
  calibrate?: boolean;
  apply?: boolean;
  cutDate?: string;
}

export interface Calibration {
  /** The run's stage table before --apply (undefined: the built-in tables). */
  stageTableBefore: Grid | undefined;
  applied: boolean;
  result: StageRatesResult;
  calibration: CalibrationResult;
  notes: string[];
  tables: OutputTable[];
  /** Extra top-level keys of --json. */
  json: Record<string, unknown>;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function addCalibrateOptions(command: Command): void {
  command
    .option(
      '--history <file>',
      'stage history (CSV/XLSX): rows of deal key, stage, date, e.g. a Salesforce OpportunityHistory export',
    )
    .option(
      '--history-map <field=Header>',
      `use this history column for a field (repeatable); fields: ${HISTORY_FIELDS.join(', ')}`,
      collect,
      [],
    )
    .option(
      '--prior-strength <k>',
      `how many deals a stage's current probability is worth when calibrating (0 = raw rates)`,
      String(DEFAULT_PRIOR_STRENGTH),
    )
    .option('--calibrate', 'add the Stage rates table measured on --history')
    .option('--apply', 'with --calibrate: weigh the forecast with the calibrated rates')
    .option(
      '--cut-date <date>',
      'with --calibrate: Brier comparison of rates fitted on deals closed before this date (YYYY-MM-DD) on those closed from it (default: the median close date)',
    );
}

const usage = (message: string) => new FunnelError('#VALUE!', message);

function historyMapping(specs: string[]): Partial<Record<HistoryField, string | null>> {
  const mapping: Partial<Record<HistoryField, string | null>> = {};
  for (const m of specs) {
    const eq = m.indexOf('=');
    const field = (eq < 0 ? m : m.slice(0, eq)).trim() as HistoryField;
    if (eq < 0 || !HISTORY_FIELDS.includes(field)) {
      throw usage(
        `--history-map ${m}: write field=Header with a field among ${HISTORY_FIELDS.join(', ')}.`,
      );
    }
    const header = m.slice(eq + 1).trim();
    mapping[field] = header === '' ? null : header;
  }
  return mapping;
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
  const body = sheet.values.slice(prep.headerIndex + 1);
  let keyCol = -1;
  let best = 0;
  for (let c = 0; c < prep.headers.length; c++) {
    if (c === stageCol) continue;
    let hits = 0;
    for (const row of body) {
      const v = row[c];
      if (v !== null && v !== undefined && keys.has(String(v).trim())) hits++;
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
  body.forEach((row, i) => {
    const key = row[keyCol];
    if (key === null || key === undefined || !keys.has(String(key).trim())) return;
    // A stage the tables do not know is the forecast's Data issue already: not repeated here.
    const stage = row[stageCol] ?? null;
    if (stage === null || !lookupStage(String(stage), stageTable)) return;
    rows.push({ key, stage, at, outcome: null, row: prep.headerIndex + 2 + i });
  });
  notes.push(
    `Calibration: ${rows.length} deals of the deal sheet are in the history (matched by its column ${prep.headers[keyCol]}); their stage on the as-of date counts as their latest row.`,
  );
  return rows;
}

/**
 * Reads the history and computes the stage rates before the run; with --apply,
 * sets the run's stage table to the calibrated rates. Null without --calibrate.
 */
export async function prepareCalibration(
  opts: CalibrateOptions & CompareOptions,
  settings: ForecastSettings,
  sheet: SourceSheet,
  readGrid: (path: string, what: string) => Promise<Grid>,
  compare: CompareDeps,
): Promise<Calibration | null> {
  if (!opts.calibrate) {
    if (opts.apply)
      throw usage('--apply weighs the forecast with calibrated rates: add --calibrate.');
    if (opts.history) throw usage('--history is read for calibration: add --calibrate.');
    return null;
  }
  const snapshots = (opts.compare?.length ?? 0) > 0;
  if (!opts.history && !snapshots) {
    throw usage(
      '--calibrate needs a stage history: add --history FILE (CSV or XLSX), or earlier exports of the deal sheet with --compare.',
    );
  }
  const k = Number(opts.priorStrength ?? DEFAULT_PRIOR_STRENGTH);
  if (opts.priorStrength === '' || !Number.isFinite(k) || k < 0) {
    throw usage(`--prior-strength ${opts.priorStrength}: give a number of deals, 0 or more.`);
  }
  let cut: number | undefined;
  if (opts.cutDate !== undefined) {
    cut = isIsoDate(opts.cutDate) ? parseIsoDay(opts.cutDate) : NaN;
    if (Number.isNaN(cut)) throw usage(`--cut-date ${opts.cutDate}: write the date as YYYY-MM-DD.`);
  }
  const mapping = historyMapping(opts.historyMap ?? []);
  const read = opts.history
    ? readHistory(await readGrid(opts.history, '--history'), mapping)
    : { rows: [], issues: [], notes: [] };
  const notes = [...read.notes];
  const stageTable = settings.stageTable?.length ? parseStageTable(settings.stageTable) : undefined;
  let rows: HistoryRow[];
  let accuracy: AccuracyResult | null = null;
  if (snapshots) {
    // The --compare exports and the deal sheet itself (dated --as-of) are the snapshots.
    const earlier = (await compareSources(opts, settings, sheet.name, compare)) ?? [];
    const fromSnapshots = historyFromSnapshots(
      [...earlier, { sheet, asOf: settings.asOf!, name: sheet.name }],
      settings,
      opts.key ?? null,
    );
    notes.push(...fromSnapshots.notes);
    rows = [...read.rows, ...fromSnapshots.rows];
    accuracy = forecastAccuracy(fromSnapshots.runs, settings.fiscalYearStart ?? 1);
  } else {
    const keys = new Set(read.rows.filter((r) => r.key !== null).map((r) => String(r.key).trim()));
    rows = [...read.rows, ...currentRows(sheet, settings, keys, stageTable, notes)];
  }
  const result = computeStageRates(rows, { stageTable, priorStrength: k });
  result.issues.unshift(...read.issues);
  notes.push(...result.notes);
  const calibration = computeCalibration(rows, { stageTable, priorStrength: k, cut });
  notes.push(...calibration.notes);
  if (accuracy) notes.push(...accuracy.notes);
  const stageTableBefore = settings.stageTable;
  if (opts.apply) {
    settings.stageTable = stageRatesGrid(result);
    notes.push(
      "Calibration applied: the forecast weighs each deal with its stage's calibrated rate (the Stage rates table is the run's stage table; a deal's own probability still wins).",
    );
  }
  const [ratesTable, issuesTable] = stageRatesTables(result);
  return {
    stageTableBefore,
    applied: opts.apply === true,
    result,
    calibration,
    notes,
    tables: [
      ratesTable!,
      calibrationTable(calibration),
      ...(accuracy ? [accuracyTable(accuracy)] : []),
      issuesTable!,
    ],
    json: {
      stageRates: stageRatesJson(result),
      calibration: {
        buckets: calibration.buckets,
        brier: calibration.brier && { ...calibration.brier, cut: isoOfDay(calibration.brier.cut) },
      },
      ...(accuracy ? { accuracy: accuracy.rows } : {}),
      stageRatesNotes: notes,
      historyIssues: result.issues,
    },
  };
}

/**
 * The projection for this and the next period: the forecast weighted with the
 * calibrated rates beside the one weighted with the current probabilities
 * (one of them is the run itself; the other is one more run of the engine).
 */
export function addProjection(
  c: Calibration,
  sheet: SourceSheet,
  settings: ForecastSettings,
  result: ForecastResult,
): void {
  const other = runForecast(sheet, {
    ...settings,
    stageTable: c.applied ? c.stageTableBefore : stageRatesGrid(c.result),
  });
  const current = summarizeRun(c.applied ? other : result, settings, [], [], []);
  const calibrated = summarizeRun(c.applied ? result : other, settings, [], [], []);
  const projection = {
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
  c.json.projection = projection;
  const money = (x: number) =>
    x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  c.notes.push(
    `Projection with the calibrated rates: ${projection.thisPeriod.label} ${money(projection.thisPeriod.calibrated)} (current probabilities ${money(projection.thisPeriod.current)}, closed ${money(projection.thisPeriod.closed)}); ${projection.nextPeriod.label} ${money(projection.nextPeriod.calibrated)} (current ${money(projection.nextPeriod.current)}).`,
  );
}

const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);

/** The text report's calibration section. */
export function renderCalibration(c: Calibration | null): string {
  if (!c) return '';
  const head = ['Stage', 'Probability', 'n', 'Won', 'Raw', '90% interval', 'Was'];
  const rows = c.result.rates.map((r) => [
    r.stage.label,
    pct(r.probability),
    String(r.n),
    String(r.won),
    pct(r.rawRate),
    r.low === null ? '' : `${pct(r.low)}-${pct(r.high)}`,
    pct(r.previousProbability),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const lines = ['', 'Stage rates', line(head), ...rows.map(line)];
  for (const n of c.notes) lines.push(`Note: ${n}`);
  if (c.result.issues.length) lines.push(`History issues: ${c.result.issues.length}`);
  return `${lines.join('\n')}\n`;
}
