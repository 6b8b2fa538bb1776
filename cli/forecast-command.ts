/**
 * `npm run cli -- forecast [FILE] [options]`: the forecast engine on a CSV or
 * XLSX file (or the built-in sample). File access lives here; files/ and
 * core/ only see bytes and grids.
 */
import type { Command } from 'commander';
import { isFunnelError } from '../core/errors';
import {
  FIELD_NAMES,
  FORECAST_DEFAULTS,
  SETTING_CHECKS,
  calibrationStep,
  cellsOf,
  changeStep,
  parseRates,
  parseTargets,
  runJobWith,
  type FieldName,
  type ForecastResult,
  type ForecastSettings,
  type PeriodKind,
  type RunSummary,
  type TierMeasure,
} from '../core';
import { SAMPLE_AS_OF, SAMPLE_RATES, SAMPLE_TARGETS } from '../core/sample';
import { WorkbookLimitError } from '../files/write';
import { ZipSizeError } from '../files/zip';
import { printJson } from './forecast/json-output';
import { alignedLines, issueKindsText, money, unconvertedLine, wroteLine } from './format';
import { checkOutTarget } from './forecast/out';
import { UsageError } from './forecast/usage';
import {
  CompareUsageError,
  addCompareOptions,
  compareSources,
  renderChange,
  type CompareOptions,
} from './compare';
import {
  addCalibrateOptions,
  calibrationOptions,
  calibrationOutput,
  renderCalibration,
  type CalibrateOptions,
} from './calibrate';
import { FileWorkbookIO, chooseSheet, fileSource, readFile, readGrid } from './file-workbook';
import { isIsoDate } from '../core/read/date';

export { UsageError };
// The file readers moved to cli/file-workbook.ts; cli/history.ts imports them from here.
export { chooseSheet, readFile, readGrid };

interface ForecastOptions extends CompareOptions, CalibrateOptions {
  sheet?: string;
  map: string[];
  stages?: string;
  segmentBy?: string;
  period?: string;
  fiscalYearStart?: string;
  asOf?: string;
  targets?: string;
  rates?: string;
  baseCurrency?: string;
  tierMeasure?: string;
  staleDays?: string;
  out?: string;
  json?: boolean;
  deals?: boolean;
  sample?: string;
  dayFirst?: boolean;
  monthFirst?: boolean;
  decimalComma?: boolean;
  decimalPoint?: boolean;
  encoding?: string;
  delimiter?: string;
  headerRow?: string;
  keepRaggedRows?: boolean;
}

/** A repeatable option's values, in order (--map). */
const collect = (v: string, prev: string[]) => [...prev, v];

/** Which columns and stages the engine uses, each overridable: forecast, history add. */
export function addMappingOptions(command: Command): Command {
  return command
    .option(
      '--map <field=Header>',
      `use this column for a field (repeatable); fields: ${FIELD_NAMES.join(', ')}; "field=" means none`,
      collect,
      [],
    )
    .option(
      '--stages <file>',
      'your stage table: CSV/XLSX of stage, probability[, category[, ladder stage]]; header optional',
    );
}

/** The file reader's decisions, each overridable (docs/engine.md, "Reading files"): forecast, history add. */
export function addReaderOptions(command: Command): Command {
  return command
    .option(
      '--encoding <name>',
      'text encoding of a CSV: utf-8, utf-16le, utf-16be, windows-1252, gb18030 (default: detected)',
    )
    .option('--delimiter <char>', 'field delimiter of a CSV: , ; tab | (default: detected)')
    .option(
      '--header-row <n>',
      'sheet row of the header row (default: detected; 0 = the sheet has none)',
    )
    .option(
      '--keep-ragged-rows',
      'count rows whose cell count differs from the header (still listed in Data issues)',
    );
}

export function registerForecastCommand(program: Command): void {
  const forecast = addMappingOptions(
    program
      .command('forecast')
      .description(
        'Weighted forecast, funnel, value pyramid and rep plans from a deal sheet (CSV or XLSX). Without FILE it runs on the built-in sample deal sheet.',
      )
      .argument('[file]', 'deal sheet: .csv or .xlsx')
      .option(
        '--sheet <name>',
        'sheet of an XLSX file (default: the one that looks most like a deal sheet)',
      ),
  )
    .option(
      '--segment-by <headers>',
      'comma-separated headers to segment the forecast by ("Tier" = account tier)',
    )
    .option('--period <kind>', 'month, quarter or year', FORECAST_DEFAULTS.period)
    .option(
      '--fiscal-year-start <month>',
      'first month of the fiscal year, 1-12 (named by the year it ends)',
      String(FORECAST_DEFAULTS.fiscalYearStart),
    )
    .option(
      '--as-of <date>',
      "as-of date YYYY-MM-DD (default: today; the sample's own date for the sample)",
    )
    .option('--targets <file>', 'targets: CSV/XLSX of owner or segment value, period, target')
    .option('--rates <file>', 'exchange rates: CSV/XLSX of currency, rate to the base currency')
    .option('--base-currency <code>', 'base currency (default: the most common in the sheet)')
    .option(
      '--tier-measure <measure>',
      'account value for the pyramid: won, open, weighted or total',
      FORECAST_DEFAULTS.tierMeasure,
    )
    .option(
      '--stale-days <days>',
      'days without activity after which an open deal is stale',
      String(FORECAST_DEFAULTS.staleDays),
    )
    .option(
      '--out <file.xlsx>',
      'write the output tables to an XLSX workbook (Excel tables, FunnelData first)',
    )
    .option(
      '--json',
      'print one JSON object: mapping, forecast, funnel, tiers, reps, issues (--deals adds every deal)',
    )
    .option('--deals', 'with --json: also every deal record (streamed)')
    .option('--sample <language>', 'which built-in sample to use without FILE: en or zh', 'en')
    .option(
      '--day-first',
      'read dates such as 01/08/2026 as 1 August (default: decided per column)',
    )
    .option('--month-first', 'read dates such as 01/08/2026 as 8 January')
    .option('--decimal-comma', 'amounts use a decimal comma: 2.000 is two thousand, 1,5 is 1.5')
    .option('--decimal-point', 'amounts use a decimal point: 2.000 is two, 1,500 is 1500');
  addReaderOptions(forecast).action(async (file: string | undefined, opts: ForecastOptions) => {
    try {
      await runCommand(file, opts);
    } catch (e) {
      if (
        e instanceof UsageError ||
        e instanceof CompareUsageError ||
        (e instanceof Error && e.name === 'FileReadError') ||
        e instanceof WorkbookLimitError ||
        e instanceof ZipSizeError ||
        isFunnelError(e)
      ) {
        process.stderr.write(`forecast: ${e.message}\n`);
        process.exitCode = 2;
        return;
      }
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') {
        process.stderr.write(`forecast: ${err.message}\n`);
        process.exitCode = 2;
        return;
      }
      // Anything else is a fault of ours: still one line, and a distinct exit code.
      process.stderr.write(`forecast: unexpected error: ${(e as Error).message ?? String(e)}\n`);
      process.exitCode = 1;
    }
  });
  addCompareOptions(forecast);
  addCalibrateOptions(forecast);
}

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const progress = (step: string): void => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${step}...`);
};
const progressDone = (): void => {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
};

/** Runs a settings-table reader; its refusal becomes a usage error naming the file. */
function checkTable(read: () => unknown, option: string, path: string | undefined): void {
  try {
    read();
  } catch (e) {
    if (path !== undefined && isFunnelError(e))
      throw new UsageError(`${option} ${path}: ${e.message}`);
    throw e;
  }
}

export function settingsFromOptions(opts: ForecastOptions, sample: boolean): ForecastSettings {
  const mapping: Partial<Record<FieldName, string | null>> = {};
  for (const m of opts.map) {
    const eq = m.indexOf('=');
    const field = (eq < 0 ? m : m.slice(0, eq)).trim() as FieldName;
    if (eq < 0 || !FIELD_NAMES.includes(field)) {
      throw new UsageError(
        `--map ${m}: write field=Header with a field among ${FIELD_NAMES.join(', ')}.`,
      );
    }
    const header = m.slice(eq + 1).trim();
    mapping[field] = header === '' ? null : header;
  }
  // Each option checked by core's rule for its setting (SETTING_CHECKS), the message naming the option.
  const check = (name: keyof typeof SETTING_CHECKS, flag: string, raw: unknown, value: unknown) => {
    const problem = SETTING_CHECKS[name](value);
    if (problem) throw new UsageError(`${flag} ${String(raw)}: ${problem}`);
  };
  const period = (opts.period ?? FORECAST_DEFAULTS.period) as PeriodKind;
  check('period', '--period', opts.period, period);
  const fys = Number(opts.fiscalYearStart ?? FORECAST_DEFAULTS.fiscalYearStart);
  check('fiscalYearStart', '--fiscal-year-start', opts.fiscalYearStart, fys);
  const tierMeasure = (opts.tierMeasure ?? FORECAST_DEFAULTS.tierMeasure) as TierMeasure;
  check('tierMeasure', '--tier-measure', opts.tierMeasure, tierMeasure);
  const staleDays = Number(opts.staleDays ?? FORECAST_DEFAULTS.staleDays);
  check('staleDays', '--stale-days', opts.staleDays, staleDays);
  let asOf = opts.asOf;
  if (asOf === undefined) {
    asOf = sample ? SAMPLE_AS_OF : todayIso();
    process.stderr.write(
      sample
        ? `forecast: as of ${asOf} (the sample's date; --as-of to change)\n`
        : `forecast: as of ${asOf} (today; --as-of to change)\n`,
    );
  } else if (!isIsoDate(asOf)) {
    throw new UsageError(`--as-of ${asOf}: write the date as YYYY-MM-DD.`);
  }
  const segmentBy = opts.segmentBy
    ? opts.segmentBy
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  if (opts.dayFirst && opts.monthFirst)
    throw new UsageError('--day-first and --month-first: give one of them.');
  if (opts.decimalComma && opts.decimalPoint)
    throw new UsageError('--decimal-comma and --decimal-point: give one of them.');
  return {
    ...(opts.dayFirst || opts.monthFirst
      ? { dayOrder: opts.dayFirst ? ('day-first' as const) : ('month-first' as const) }
      : {}),
    ...(opts.decimalComma || opts.decimalPoint
      ? { decimalSeparator: opts.decimalComma ? (',' as const) : ('.' as const) }
      : {}),
    mapping,
    segmentBy,
    period,
    fiscalYearStart: fys,
    asOf,
    tierMeasure,
    staleDays,
    ...(opts.baseCurrency ? { baseCurrency: opts.baseCurrency } : {}),
    ...readerSettings(opts),
  };
}

/** --header-row and --keep-ragged-rows as settings. */
function readerSettings(opts: ForecastOptions): ForecastSettings {
  const out: ForecastSettings = {};
  if (opts.headerRow !== undefined) {
    const n = Number(opts.headerRow);
    if (!/^\d+$/.test(opts.headerRow.trim()) || !Number.isSafeInteger(n)) {
      throw new UsageError(
        `--header-row ${opts.headerRow}: give a row number (1 or more), or 0 for a sheet without a header row.`,
      );
    }
    out.headerRow = n;
  }
  if (opts.keepRaggedRows) out.keepRaggedRows = true;
  return out;
}

async function runCommand(file: string | undefined, opts: ForecastOptions): Promise<void> {
  const sample = file === undefined;
  // Before anything is read: the output must never land on an input file.
  const target = checkOutTarget(opts.out, [
    { what: 'deal sheet', path: file },
    { what: '--stages file', path: opts.stages },
    { what: '--targets file', path: opts.targets },
    { what: '--rates file', path: opts.rates },
    ...(opts.compare ?? []).map((path) => ({ what: '--compare file', path })),
  ]);
  if (opts.deals && !opts.json) throw new UsageError('--deals: use it with --json.');
  if (sample && !['en', 'zh'].includes(opts.sample ?? 'en')) {
    throw new UsageError(`--sample ${opts.sample}: use en or zh.`);
  }
  const settings = settingsFromOptions(opts, sample);
  const say = (line: string) => process.stderr.write(`forecast: ${line}\n`);
  const compareDeps = { readSheets: readFile, chooseSheet, say };
  // The --compare files are the earlier snapshots the pipeline's change step reads.
  const io = new FileWorkbookIO({
    read: { sheet: opts.sheet, encoding: opts.encoding, delimiter: opts.delimiter },
    settings,
    sample: opts.sample === 'zh' ? 'zh' : 'en',
    out: target ?? undefined,
    snapshots: async (sheet, s) => (await compareSources(opts, s, sheet.name, compareDeps)) ?? [],
    say,
    onWriteProgress: (done, total) =>
      progress(`writing workbook: ${Math.floor((100 * done) / Math.max(1, total))}%`),
  });
  const source = fileSource(file);
  progress('reading');
  // The deal sheet first (the IO keeps it for the job), so its problems are reported first.
  const sheet = await io.readSource(source);
  if (sample) {
    if (!opts.rates) settings.rates = SAMPLE_RATES;
    // The sample ships with targets, as on the page: attainment, gap and coverage on the first run.
    if (!opts.targets) settings.targets = SAMPLE_TARGETS;
  }
  if (opts.stages) settings.stageTable = await readGrid(opts.stages, '--stages');
  if (opts.targets) settings.targets = await readGrid(opts.targets, '--targets');
  if (opts.rates) settings.rates = await readGrid(opts.rates, '--rates');
  // The rates and targets files checked here, so a refusal names the file (and its row).
  checkTable(() => parseRates(settings.rates), '--rates', opts.rates);
  checkTable(() => parseTargets(settings.targets), '--targets', opts.targets);
  if (opts.window !== undefined) settings.compareWindow = opts.window;
  if (opts.key !== undefined) settings.compareKey = opts.key;

  // The job's other sources as steps: the --compare files (the bridge), the stage history.
  const compare = changeStep(io, { notes: false });
  const calibrating = await calibrationOptions(opts, readGrid);
  const calibrate = calibrating
    ? calibrationStep(calibrating, async (s, runSettings) =>
        (opts.compare?.length ?? 0) > 0
          ? ((await compareSources(opts, runSettings, s.name, {
              ...compareDeps,
              say: () => undefined, // the change step says it once
            })) ?? [])
          : null,
      )
    : null;
  let writing = false;
  const steps = calibrate ? [compare, calibrate] : [compare];
  const run = await runJobWith(io, source, settings, steps, (_f, step) => {
    if (step === 'compute')
      progress(`computing ${cellsOf(sheet).rows.toLocaleString('en-US')} rows`);
    else if (step === 'write' && target && !writing) {
      writing = true;
      progress('writing workbook');
    }
  });
  progressDone();
  const change = compare.change;
  const cal = calibrate?.calibration ?? null;
  const calJson = cal ? calibrationOutput(cal) : undefined;
  if (opts.json) {
    for (const n of run.written.notes) process.stderr.write(`forecast: ${n}\n`);
    await printJson(run.result, opts.deals === true, change, calJson);
  } else {
    process.stdout.write(
      renderText(run.result, run.summary(), sheet.name, opts.out) +
        (change ? renderChange(change) : '') +
        renderCalibration(cal),
    );
  }
}

function renderText(
  result: ForecastResult,
  summary: RunSummary,
  name: string,
  out: string | undefined,
): string {
  const lines: string[] = [];
  const m = result.mapping;
  lines.push(
    `${name}: header row ${m.headerRow}, ${summary.counts.rows} deals, ${summary.counts.counted} counted, ${summary.counts.excluded} not counted (listed in Data issues).`,
  );
  const mapped = Object.values(m.fields)
    .map((f) => `${f.field}=${f.header}`)
    .join(', ');
  lines.push(`Columns: ${mapped}`);
  for (const n of summary.notes) lines.push(`Note: ${n}`);
  lines.push('');
  lines.push(
    `This period ${summary.thisPeriod.label}: weighted ${money(summary.thisPeriod.weighted)}, closed ${money(summary.thisPeriod.closed)}${summary.coverage !== null ? `, coverage ${summary.coverage.toFixed(2)}x` : ''}`,
  );
  lines.push(
    `Next period ${summary.nextPeriod.label}: weighted ${money(summary.nextPeriod.weighted)}`,
  );
  for (const u of result.unconverted) lines.push(unconvertedLine(u));
  lines.push('');
  const forecast = summary.tables.find((t) => t.key === 'Forecast');
  if (forecast) {
    const periodAt = forecast.columns.findIndex((c) => c.header === 'Period');
    // Segments, Period, Deals, then the money: Amount, Weighted, Closed, Commit, Best Case.
    const moneyHeaders = ['Amount', 'Weighted', 'Closed', 'Commit', 'Best Case'];
    const shown = [
      ...Array(periodAt + 2).keys(),
      ...moneyHeaders
        .map((h) => forecast.columns.findIndex((c) => c.header === h))
        .filter((i) => i >= 0),
    ];
    const cols = shown.map((i) => {
      const c = forecast.columns[i]!;
      return c.currency ? `${c.header} (${c.currency})` : c.header;
    });
    const cell = (v: unknown, i: number): string =>
      typeof v === 'number'
        ? forecast.columns[i]!.format === 'currency'
          ? money(v)
          : v.toLocaleString('en-US')
        : String(v ?? '');
    const rows = forecast.rows.slice(0, 40).map((r) => shown.map((i) => cell(r[i], i)));
    lines.push(...alignedLines(cols, rows, periodAt));
    if (forecast.rows.length > 40)
      lines.push(`... ${forecast.rows.length - 40} more rows (--out or --json for all)`);
  }
  const kinds = issueKindsText(summary.issuesByKind);
  if (kinds) lines.push('', `Data issues: ${kinds}`);
  if (out)
    lines.push(
      '',
      wroteLine(
        out,
        summary.written.map((w) => ({ name: w.sheetName, rows: w.rows })),
      ),
    );
  return `${lines.join('\n')}\n`;
}
