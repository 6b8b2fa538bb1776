/**
 * `npm run cli -- forecast [FILE] [options]`: the forecast engine on a CSV or
 * XLSX file (or the built-in sample). File access lives here; files/ and
 * core/ only see bytes and grids.
 */
import { existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ChangeResult } from '../core/change';
import type { Grid } from '../core/cells';
import { isFunnelError } from '../core/errors';
import {
  FIELD_NAMES,
  inspectSheet,
  parseRates,
  parseTargets,
  runForecast,
  summarizeRun,
  toOutputTables,
  type FieldName,
  type ForecastResult,
  type ForecastSettings,
  type PeriodKind,
  type SourceSheet,
  type TierMeasure,
} from '../core/engine';
import { SAMPLE_AS_OF, SAMPLE_RATES, generateSampleSheet } from '../core/sample';
import { FileReadError, readTableFile, writeWorkbook } from '../files';
import {
  CompareUsageError,
  addCompareOptions,
  changeJson,
  compareRun,
  compareTables,
  renderChange,
  type CompareOptions,
} from './compare';

interface ForecastOptions extends CompareOptions {
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
  sample?: string;
  dayFirst?: boolean;
  monthFirst?: boolean;
  decimalComma?: boolean;
  decimalPoint?: boolean;
}

/** A problem with the options or the files: one line on stderr, exit code 2. */
export class UsageError extends Error {}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerForecastCommand(program: Command): void {
  program
    .command('forecast')
    .description(
      'Weighted forecast, funnel, value pyramid and rep plans from a deal sheet (CSV or XLSX). Without FILE it runs on the built-in sample deal sheet.',
    )
    .argument('[file]', 'deal sheet: .csv or .xlsx')
    .option(
      '--sheet <name>',
      'sheet of an XLSX file (default: the one that looks most like a deal sheet)',
    )
    .option(
      '--map <field=Header>',
      `use this column for a field (repeatable); fields: ${FIELD_NAMES.join(', ')}; "field=" means none`,
      collect,
      [],
    )
    .option(
      '--stages <file>',
      'your stage table: CSV/XLSX of stage, probability[, category[, ladder stage]]; header optional',
    )
    .option(
      '--segment-by <headers>',
      'comma-separated headers to segment the forecast by ("Tier" = account tier)',
    )
    .option('--period <kind>', 'month, quarter or year', 'quarter')
    .option(
      '--fiscal-year-start <month>',
      'first month of the fiscal year, 1-12 (named by the year it ends)',
      '1',
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
      'won',
    )
    .option('--stale-days <days>', 'days without activity after which an open deal is stale', '30')
    .option(
      '--out <file.xlsx>',
      'write the output tables to an XLSX workbook (Excel tables, FunnelData first)',
    )
    .option('--json', 'print the whole result as one JSON object')
    .option('--sample <language>', 'which built-in sample to use without FILE: en or zh', 'en')
    .option(
      '--day-first',
      'read dates such as 01/08/2026 as 1 August (default: decided per column)',
    )
    .option('--month-first', 'read dates such as 01/08/2026 as 8 January')
    .option('--decimal-comma', 'amounts use a decimal comma: 2.000 is two thousand, 1,5 is 1.5')
    .option('--decimal-point', 'amounts use a decimal point: 2.000 is two, 1,500 is 1500')
    .action(async (file: string | undefined, opts: ForecastOptions) => {
      try {
        await runCommand(file, opts);
      } catch (e) {
        if (
          e instanceof UsageError ||
          e instanceof CompareUsageError ||
          e instanceof FileReadError ||
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
  addCompareOptions(program.commands.find((c) => c.name() === 'forecast')!);
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

export async function readFile(path: string, what: string): Promise<SourceSheet[]> {
  if (!existsSync(path)) throw new UsageError(`${what} ${path}: no such file.`);
  if (statSync(path).isDirectory())
    throw new UsageError(`${what} ${path}: is a directory, not a file.`);
  return readTableFile(basename(path), readFileSync(path));
}

export async function readGrid(path: string, what: string): Promise<Grid> {
  const [first] = await readFile(path, what);
  if (!first || first.values.length === 0)
    throw new UsageError(`${what} ${path}: the file is empty.`);
  return first.values;
}

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
  const period = (opts.period ?? 'quarter') as PeriodKind;
  if (!['month', 'quarter', 'year'].includes(period)) {
    throw new UsageError(`--period ${opts.period}: use month, quarter or year.`);
  }
  const fys = Number(opts.fiscalYearStart ?? '1');
  if (!Number.isInteger(fys) || fys < 1 || fys > 12) {
    throw new UsageError(`--fiscal-year-start ${opts.fiscalYearStart}: give a month number 1-12.`);
  }
  const tierMeasure = (opts.tierMeasure ?? 'won') as TierMeasure;
  if (!['won', 'open', 'weighted', 'total'].includes(tierMeasure)) {
    throw new UsageError(`--tier-measure ${opts.tierMeasure}: use won, open, weighted or total.`);
  }
  const staleDays = Number(opts.staleDays ?? '30');
  if (!(staleDays > 0))
    throw new UsageError(`--stale-days ${opts.staleDays}: give a number of days above 0.`);
  let asOf = opts.asOf;
  if (asOf === undefined) {
    asOf = sample ? SAMPLE_AS_OF : todayIso();
    process.stderr.write(
      sample
        ? `forecast: as of ${asOf} (the sample's date; --as-of to change)\n`
        : `forecast: as of ${asOf} (today; --as-of to change)\n`,
    );
  } else if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
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
  };
}

/** Among an XLSX's sheets, the one whose headers map the most deal fields. */
export function chooseSheet(sheets: SourceSheet[], settings: ForecastSettings): SourceSheet {
  let best = sheets[0]!;
  let bestScore = -1;
  for (const s of sheets) {
    if (!s.values.length) continue;
    try {
      const { mapping } = inspectSheet({ kind: 'sheet', id: s.name, label: s.name }, s, {
        ...settings,
        segmentBy: [],
      });
      const score = Object.keys(mapping.fields).length + (mapping.fields.amount ? 10 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    } catch {
      // a sheet the user's mapping does not fit is simply not the deal sheet
    }
  }
  return best;
}

async function runCommand(file: string | undefined, opts: ForecastOptions): Promise<void> {
  const sample = file === undefined;
  if (opts.out && !/\.xlsx$/i.test(opts.out))
    throw new UsageError(`--out ${opts.out}: the output is an .xlsx workbook.`);
  if (opts.out && !existsSync(dirname(resolve(opts.out)))) {
    throw new UsageError(
      `--out ${opts.out}: the folder ${dirname(resolve(opts.out))} does not exist.`,
    );
  }
  if (sample && !['en', 'zh'].includes(opts.sample ?? 'en')) {
    throw new UsageError(`--sample ${opts.sample}: use en or zh.`);
  }
  const settings = settingsFromOptions(opts, sample);
  progress('reading');
  let sheet: SourceSheet;
  if (sample) {
    sheet = generateSampleSheet({ language: opts.sample === 'zh' ? 'zh' : 'en' });
    if (!opts.rates) settings.rates = SAMPLE_RATES;
  } else {
    const sheets = await readFile(file, 'File');
    if (opts.sheet === undefined && sheets.length > 1) {
      sheet = chooseSheet(sheets, settings);
      process.stderr.write(`forecast: using sheet "${sheet.name}" (--sheet to choose another)\n`);
    } else if (opts.sheet !== undefined) {
      const want = opts.sheet.toLowerCase();
      const found = sheets.find((s) => s.name.toLowerCase() === want);
      if (!found) {
        if (sheets.length === 1 && /\.csv$/i.test(file)) sheet = sheets[0]!;
        else
          throw new UsageError(
            `--sheet ${opts.sheet}: the sheets are ${sheets.map((s) => s.name).join(', ')}.`,
          );
      } else sheet = found;
    } else {
      sheet = sheets[0]!;
    }
    if (!sheet.values.length)
      throw new UsageError(`File ${file}: the sheet "${sheet.name}" is empty.`);
  }
  if (opts.stages) settings.stageTable = await readGrid(opts.stages, '--stages');
  if (opts.targets) settings.targets = await readGrid(opts.targets, '--targets');
  if (opts.rates) settings.rates = await readGrid(opts.rates, '--rates');
  // The rates and targets files checked here, so a refusal names the file (and its row).
  checkTable(() => parseRates(settings.rates), '--rates', opts.rates);
  checkTable(() => parseTargets(settings.targets), '--targets', opts.targets);

  progress(`computing ${sheet.values.length.toLocaleString('en-US')} rows`);
  const result = runForecast(sheet, settings);
  const tables = toOutputTables(result, {
    formats: sheet.numberFormats?.[result.mapping.headerRow],
  });
  const change = await compareRun(opts, result, settings, sheet.name, {
    readSheets: readFile,
    chooseSheet,
    say: (line) => process.stderr.write(`forecast: ${line}\n`),
  });
  tables.push(...compareTables(change));

  let written: { sheetName: string; rows: number }[] = [];
  if (opts.out) {
    progress('writing workbook');
    const bytes = await writeWorkbook(tables);
    const target = resolve(opts.out);
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, target);
    } catch (e) {
      if (existsSync(tmp)) unlinkSync(tmp);
      throw e;
    }
    written = tables.map((t) => ({ sheetName: t.sheetName, rows: t.rows.length }));
  }
  progressDone();
  if (opts.json) {
    await printJson(result, change);
  } else {
    const summary = summarizeRun(result, settings, tables, written, []);
    process.stdout.write(
      renderText(result, summary, sheet.name, opts.out) + (change ? renderChange(change) : ''),
    );
  }
}

/** Dates as YYYY-MM-DD; everything else as JSON.stringify writes it (numbers unrounded). */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date)
    return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  return value;
}

let pipeWatched = false;
async function write(chunk: string): Promise<void> {
  if (!pipeWatched) {
    pipeWatched = true;
    // A reader that stops early (| head) is not an error.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
}

/** Streams the JSON object: a million deals would not fit in one string. */
async function printJson(result: ForecastResult, change: ChangeResult | null): Promise<void> {
  const mapping = {
    ...result.mapping,
    notes: [...result.mapping.notes, ...(result.notes ?? [])],
    counts: result.counts,
    unconverted: result.unconverted,
    baseCurrency: result.baseCurrency ?? null,
    asOf: result.asOf,
  };
  await write(`{"mapping":${JSON.stringify(mapping, replacer)},"deals":[`);
  const headers = result.mapping.headers;
  let buf = '';
  for (let i = 0; i < result.deals.length; i++) {
    const d = result.deals[i]!;
    const original = Object.create(null) as Record<string, unknown>; // keys are headers
    headers.forEach((h, c) => (original[h] = d.original[c] ?? null));
    buf += (i ? ',' : '') + JSON.stringify({ ...d, original }, replacer);
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  const rest = (['forecast', 'funnel', 'tiers', 'reps', 'issues'] as const)
    .map((k) => `"${k}":${JSON.stringify(result[k], replacer)}`)
    .join(',');
  await write(`],${rest}`);
  if (change) await changeJson(change, write);
  await write('}\n');
}

const fmtMoney = (x: number): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function renderText(
  result: ForecastResult,
  summary: ReturnType<typeof summarizeRun>,
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
    `This period ${summary.thisPeriod.label}: weighted ${fmtMoney(summary.thisPeriod.weighted)}, closed ${fmtMoney(summary.thisPeriod.closed)}${summary.coverage !== null ? `, coverage ${summary.coverage.toFixed(2)}x` : ''}`,
  );
  lines.push(
    `Next period ${summary.nextPeriod.label}: weighted ${fmtMoney(summary.nextPeriod.weighted)}`,
  );
  for (const u of result.unconverted) {
    lines.push(`Not converted (no rate): ${u.currency} ${fmtMoney(u.amount)} in ${u.deals} deals`);
  }
  lines.push('');
  const forecast = summary.tables.find((t) => t.key === 'Forecast');
  if (forecast) {
    const periodAt = forecast.columns.findIndex((c) => c.header === 'Period');
    const shown = [...Array(periodAt + 5).keys()]; // segments, Period, Deals, Amount, Weighted, Closed
    const cols = shown.map((i) => forecast.columns[i]!.header);
    const cell = (v: unknown): string =>
      typeof v === 'number' ? (Number.isInteger(v) ? String(v) : fmtMoney(v)) : String(v ?? '');
    const rows = forecast.rows.slice(0, 40).map((r) => shown.map((i) => cell(r[i])));
    const widths = cols.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const numeric = (i: number) => i > periodAt;
    const line = (r: string[]) =>
      r.map((v, i) => (numeric(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ');
    lines.push(line(cols));
    for (const r of rows) lines.push(line(r));
    if (forecast.rows.length > 40)
      lines.push(`... ${forecast.rows.length - 40} more rows (--out or --json for all)`);
  }
  const kinds = Object.entries(summary.issuesByKind)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  if (kinds) lines.push('', `Data issues: ${kinds}`);
  if (out)
    lines.push(
      '',
      `Wrote ${out}: ${summary.written.map((w) => `${w.sheetName} (${w.rows} rows)`).join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}
