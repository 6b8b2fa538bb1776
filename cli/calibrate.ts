/**
 * `forecast ... --history FILE --calibrate [--prior-strength K] [--apply]`: stage
 * rates from a stage-history export, added to --out as the "Stage rates" and
 * "History issues" sheets and to --json as "stageRates"; with --apply the run
 * weighs its deals with the calibrated rates (they become the run's stage
 * table). The work is core's calibration step (core/app/calibration.ts); this
 * file turns the options into it and its result into JSON and text.
 */
import type { Command } from 'commander';
import type { Grid } from '../core/cells';
import { FunnelError } from '../core/errors';
import { type Calibration, type CalibrationOptions } from '../core';
import { HISTORY_FIELDS, type HistoryField } from '../core/rates/history';
import { DEFAULT_PRIOR_STRENGTH, type StageRate } from '../core/rates/stage-rates';
import { stageRatesJson } from '../core/rates/table';
import { isIsoDate, isoOfDay, parseIsoDay } from '../core/read/date';
import type { CompareOptions } from './compare';
import { money, pct } from './format';
import { UsageError } from './forecast/usage';

export type { Calibration };

export interface CalibrateOptions {
  history?: string;
  historyMap?: string[];
  priorStrength?: string;
  calibrate?: boolean;
  apply?: boolean;
  cutDate?: string;
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

/** A number of deals as text: decimal digits, maybe a fraction (4, 4.5, .5), spaces around. */
const DECIMAL = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/;

/**
 * The prior strength of `--prior-strength K` (forecast --calibrate, history
 * rates, sql) or of a settings file's priorStrength: a number of deals, 0 or
 * more, written in decimal; none (undefined, null) is the default. Anything
 * else is refused: a blank one (Number would read it as 0, raw rates nobody
 * asked for), and hex, binary or exponent forms Number would also read
 * (0x10 as 16). name is the option or setting the refusal names.
 */
export function priorStrengthOf(raw: unknown, name = '--prior-strength'): number {
  if (raw === undefined || raw === null) return DEFAULT_PRIOR_STRENGTH;
  const k =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && DECIMAL.test(raw)
        ? Number(raw)
        : NaN;
  if (!Number.isFinite(k) || k < 0) {
    const shown = typeof raw === 'string' ? raw : JSON.stringify(raw);
    throw new UsageError(`${name} ${shown}: give a number of deals, 0 or more.`);
  }
  return k;
}

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
 * The calibration step's options from the command line, checked (a refusal
 * names the option), with the history file read; null without --calibrate.
 */
export async function calibrationOptions(
  opts: CalibrateOptions & CompareOptions,
  readGrid: (path: string, what: string) => Promise<Grid>,
): Promise<CalibrationOptions | null> {
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
  const k = priorStrengthOf(opts.priorStrength);
  let cut: number | undefined;
  if (opts.cutDate !== undefined) {
    cut = isIsoDate(opts.cutDate) ? parseIsoDay(opts.cutDate) : NaN;
    if (Number.isNaN(cut)) throw usage(`--cut-date ${opts.cutDate}: write the date as YYYY-MM-DD.`);
  }
  const historyMap = historyMapping(opts.historyMap ?? []);
  return {
    history: opts.history ? await readGrid(opts.history, '--history') : null,
    historyMapping: historyMap,
    priorStrength: k,
    ...(cut !== undefined ? { cut } : {}),
    apply: opts.apply === true,
    key: opts.key ?? null,
  };
}

/** After the run: the projection's note, and the --json keys of the calibration. */
export function calibrationOutput(c: Calibration): Record<string, unknown> {
  const p = c.projection;
  if (p) {
    c.notes.push(
      `Projection with the calibrated rates: ${p.thisPeriod.label} ${money(p.thisPeriod.calibrated)} (current probabilities ${money(p.thisPeriod.current)}, closed ${money(p.thisPeriod.closed)}); ${p.nextPeriod.label} ${money(p.nextPeriod.calibrated)} (current ${money(p.nextPeriod.current)}).`,
    );
  }
  const calibration = c.calibration;
  return {
    stageRates: stageRatesJson(c.result),
    calibration: {
      buckets: calibration.buckets,
      brier: calibration.brier && { ...calibration.brier, cut: isoOfDay(calibration.brier.cut) },
    },
    ...(c.accuracy ? { accuracy: c.accuracy.rows } : {}),
    stageRatesNotes: c.notes,
    historyIssues: c.result.issues,
    ...(p ? { projection: p } : {}),
  };
}

/** The Stage rates as text lines: a header, then a row a stage (forecast --calibrate, history rates). */
export function stageRatesLines(rates: readonly StageRate[]): string[] {
  const head = ['Stage', 'Probability', 'n', 'Won', 'Raw', '90% interval', 'Was'];
  const rows = rates.map((r) => [
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
  return [line(head), ...rows.map(line)];
}

/** The text report's calibration section. */
export function renderCalibration(c: Calibration | null): string {
  if (!c) return '';
  const lines = ['', 'Stage rates', ...stageRatesLines(c.result.rates)];
  for (const n of c.notes) lines.push(`Note: ${n}`);
  if (c.result.issues.length) lines.push(`History issues: ${c.result.issues.length}`);
  return `${lines.join('\n')}\n`;
}
