/**
 * `npm run cli -- history add|list|forecast`: snapshots of the deal sheet in a
 * DuckDB file, and the Forecast computed in SQL inside DuckDB (the same SQL
 * `cli sql` prints for a warehouse). The engine parses each file; DuckDB
 * stores its parsed values and aggregates them. docs/warehouse.md.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Grid } from '../core/cells';
import { isFunnelError } from '../core/errors';
import {
  cellsOf,
  parseRates,
  runForecast,
  toOutputTables,
  type ForecastResult,
  type ForecastRow,
  type ForecastSettings,
  type PeriodKind,
  type SourceSheet,
  compareText,
  TIER_SEGMENT,
} from '../core';
import {
  accuracySql,
  asQuery,
  changeSql,
  dialectOf,
  forecastSql,
  ratesSql,
  snapshotRows,
  SnapshotKeyError,
} from '../core/sql';
import { changeTables } from '../core/change/tables';
import type { ChangeResult, DealChange } from '../core/change';
import { windowDates, windowOfLabel } from '../core/change/window';
import { fromRows, type OutputTable } from '../core/output';
import { accuracyTable, type AccuracyResult, type AccuracyRow } from '../core/rates/accuracy';
import {
  DEFAULT_PRIOR_STRENGTH,
  finishRate,
  markFallingRates,
  type StageRate,
} from '../core/rates/stage-rates';
import { stageRatesJson, stageRatesTable } from '../core/rates/table';
import {
  parseStageTable,
  type DealStatus,
  type ForecastCategory,
  type LadderStage,
} from '../core/stages';
import { priorStrengthOf, stageRatesLines } from './calibrate';
import { alignedLines, issueKindsText, money, pct, unconvertedLine, wroteLine } from './format';
import { checkOutTarget, writeOutWorkbook } from './forecast/out';
import { DEFAULT_TIER_LABELS } from '../core/tiers';
import { FileReadError } from '../files';
import {
  UsageError,
  addMappingOptions,
  addReaderOptions,
  chooseSheet,
  readFile,
  readGrid,
  settingsFromOptions,
} from './forecast-command';
import {
  HistoryError,
  listSnapshots,
  openStore,
  queryRows,
  writeSnapshot,
  type SnapshotInfo,
  type Store,
} from './history-store';
import { isIsoDate } from '../core/read/date';
import { normalizeLabel } from '../core/text';

export const DEFAULT_DB = 'funnel-history.duckdb';

type EngineOptions = Parameters<typeof settingsFromOptions>[0];

interface AddOptions extends EngineOptions {
  db?: string;
  key?: string;
}

interface ForecastOptions {
  db?: string;
  asOf?: string;
  segmentBy?: string;
  period?: string;
  fiscalYearStart?: string;
  rates?: string;
  baseCurrency?: string;
  json?: boolean;
  out?: string;
}

/** history change and history accuracy: the Forecast's options and a range of snapshots. */
interface RangeOptions extends ForecastOptions {
  from?: string;
  to?: string;
  window?: string;
}

/** --db of the commands that read the store (add's default is beside its input). */
const STORE_OPTION = [
  '--db <path>',
  `the store (default: ${DEFAULT_DB} in the current folder)`,
] as const;
/** --fiscal-year-start of forecast, change and accuracy (periodOptions checks it). */
const FISCAL_YEAR_OPTION = [
  '--fiscal-year-start <month>',
  'first month of the fiscal year, 1-12',
  '1',
] as const;

/** Runs an action; a problem with the input or the store is one line on stderr and exit code 2. */
function guarded<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const known =
        e instanceof UsageError ||
        e instanceof FileReadError ||
        e instanceof HistoryError ||
        isFunnelError(e) ||
        err.code === 'ENOENT' ||
        err.code === 'EACCES' ||
        err.code === 'EISDIR';
      process.stderr.write(
        `history: ${known ? '' : 'unexpected error: '}${(err.message ?? String(e)).split('\n')[0]}\n`,
      );
      process.exitCode = known ? 2 : 1;
    }
  };
}

export function registerHistoryCommand(program: Command): void {
  const history = program
    .command('history')
    .description(
      'Snapshots of the deal sheet in a DuckDB file, and the Forecast, pipeline change, stage rates and forecast accuracy computed in SQL over them.',
    );

  const add = addMappingOptions(
    history
      .command('add')
      .description(
        'Append a snapshot of a deal sheet (CSV or XLSX) to the store; the same date replaces an earlier add, in one transaction.',
      )
      .argument('<file>', 'deal sheet: .csv or .xlsx')
      .option('--as-of <date>', 'snapshot date YYYY-MM-DD (default: today)')
      .option('--db <path>', `the store (default: ${DEFAULT_DB} beside the input)`)
      .option(
        '--key <header>',
        "column that identifies a deal (default: the store's key, else the opportunity column)",
      )
      .option('--sheet <name>', 'sheet of an XLSX file'),
  )
    .option('--segment-by <headers>', 'comma-separated headers to keep as segment columns')
    .option('--rates <file>', 'exchange rates: CSV/XLSX of currency, rate to the base currency')
    .option('--base-currency <code>', 'base currency (default: the most common in the sheet)')
    .option('--day-first', 'read dates such as 01/08/2026 as 1 August')
    .option('--month-first', 'read dates such as 01/08/2026 as 8 January')
    .option('--decimal-comma', 'amounts use a decimal comma')
    .option('--decimal-point', 'amounts use a decimal point');
  addReaderOptions(add).action(guarded((file: string, opts: AddOptions) => addCommand(file, opts)));

  history
    .command('list')
    .description('The snapshots in the store, oldest first.')
    .option(...STORE_OPTION)
    .option('--json', 'print them as JSON')
    .action(guarded((opts: { db?: string; json?: boolean }) => listCommand(opts)));

  history
    .command('forecast')
    .description(
      'The Forecast (segments x periods) of the latest snapshot on or before --as-of, computed in SQL inside DuckDB.',
    )
    .option(...STORE_OPTION)
    .option(
      '--as-of <date>',
      'use the latest snapshot on or before this date (default: the latest)',
    )
    .option('--segment-by <headers>', 'segments (default: those the snapshot was added with)')
    .option('--period <kind>', 'month, quarter or year', 'quarter')
    .option(...FISCAL_YEAR_OPTION)
    .option('--rates <file>', "exchange rates (default: those the snapshot's add used)")
    .option('--base-currency <code>', "base currency (default: the snapshot's)")
    .option('--json', 'print the Forecast as JSON')
    .option('--out <file.xlsx>', 'write the Forecast table to an XLSX workbook')
    .action(guarded((opts: ForecastOptions) => forecastCommand(opts)));

  history
    .command('change')
    .description(
      'The pipeline-change bridge between two snapshots of the store (default: the two latest), computed in SQL inside DuckDB.',
    )
    .option(...STORE_OPTION)
    .option('--from <date>', 'the earlier snapshot (default: the one before --to)')
    .option('--to <date>', 'the later snapshot (default: the latest)')
    .option(
      '--window <label>',
      'period of close dates, e.g. 2026-Q4 (default: the one holding --to)',
    )
    .option('--segment-by <headers>', 'segments (default: those the later snapshot was added with)')
    .option('--period <kind>', 'month, quarter or year (the default window)', 'quarter')
    .option(...FISCAL_YEAR_OPTION)
    .option('--rates <file>', "exchange rates (default: those the later snapshot's add used)")
    .option('--base-currency <code>', "base currency (default: the later snapshot's)")
    .option('--json', 'print the bridge and the deal changes as JSON')
    .option(
      '--out <file.xlsx>',
      'write the Pipeline change and Deal changes tables to an XLSX workbook',
    )
    .action(guarded((opts: RangeOptions) => changeCommand(opts)));

  history
    .command('rates')
    .description(
      "Stage rates (calibrated on the deals won and lost in the store's snapshots, with n and a 90% interval), computed in SQL inside DuckDB.",
    )
    .option(...STORE_OPTION)
    .option('--from <date>', 'the first snapshot used (default: the oldest)')
    .option('--to <date>', 'the last snapshot used (default: the latest)')
    .option('--window <label>', 'use the snapshots dated in this period, e.g. 2026 or 2026-Q4')
    .option('--fiscal-year-start <month>', 'first month of the fiscal year, 1-12 (--window)', '1')
    .option('--stages <file>', 'your stage table (default: the built-in one that knows the stages)')
    .option(
      '--prior-strength <k>',
      "how many deals a stage's current probability is worth (0 = raw rates)",
      String(DEFAULT_PRIOR_STRENGTH),
    )
    .option('--rates <file>', "exchange rates (default: those the latest snapshot's add used)")
    .option('--base-currency <code>', "base currency (default: the snapshots')")
    .option('--json', 'print the Stage rates as JSON')
    .option('--out <file.xlsx>', 'write the Stage rates table to an XLSX workbook')
    .action(guarded((opts: RatesOptions) => ratesCommand(opts)));

  history
    .command('accuracy')
    .description(
      "Forecast accuracy: each earlier snapshot's forecast of a period that has ended against the Closed amount of the latest snapshot, computed in SQL inside DuckDB.",
    )
    .option(...STORE_OPTION)
    .option('--from <date>', 'the first snapshot whose forecast is judged (default: the oldest)')
    .option(
      '--to <date>',
      'the snapshot whose Closed amounts are the actuals (default: the latest)',
    )
    .option('--window <label>', 'only this period, e.g. 2026-Q4 (default: every period that ended)')
    .option(
      '--segment-by <headers>',
      'segments (default: those the latest snapshot was added with)',
    )
    .option('--period <kind>', 'month, quarter or year', 'quarter')
    .option(...FISCAL_YEAR_OPTION)
    .option('--rates <file>', "exchange rates (default: those the latest snapshot's add used)")
    .option('--base-currency <code>', "base currency (default: the snapshots')")
    .option('--json', 'print the Forecast accuracy rows as JSON')
    .option('--out <file.xlsx>', 'write the Forecast accuracy table to an XLSX workbook')
    .action(guarded((opts: RangeOptions) => accuracyCommand(opts)));
}

/** --stages: the file's grid, refused in one line naming the file when it is not a stage table. */
async function readStageTable(path: string): Promise<Grid> {
  const grid = await readGrid(path, '--stages');
  try {
    parseStageTable(grid);
  } catch (e) {
    if (isFunnelError(e)) throw new UsageError(`--stages ${path}: ${e.message}`);
    throw e;
  }
  return grid;
}

function checkDate(option: string, value: string | undefined): void {
  if (value !== undefined && !isIsoDate(value))
    throw new UsageError(`${option} ${value}: write the date as YYYY-MM-DD.`);
}

/** The engine's mapping must find what a snapshot is made of: an amount, and a stage or probability. */
function checkMapped(result: ForecastResult, file: string): void {
  const f = result.mapping.fields;
  const missing: string[] = [];
  if (!f.amount) missing.push('amount column (--map amount=Header)');
  if (!f.stage && !f.probability) missing.push('stage or probability column (--map stage=Header)');
  if (missing.length)
    throw new UsageError(
      `${file} does not map to a deal sheet: no ${missing.join(', no ')} among the headers ${result.mapping.headers.join(', ')}.`,
    );
}

async function addCommand(file: string, opts: AddOptions): Promise<void> {
  checkDate('--as-of', opts.asOf);
  const settings = settingsFromOptions({ ...opts, map: opts.map ?? [] }, false);
  const sheets = await readFile(file, 'File', {
    sheet: opts.sheet,
    encoding: opts.encoding,
    delimiter: opts.delimiter,
  });
  let sheet: SourceSheet;
  if (opts.sheet !== undefined) {
    const found = sheets.find((s) => s.name.toLowerCase() === opts.sheet!.toLowerCase());
    if (!found && !(sheets.length === 1 && /\.csv$/i.test(file)))
      throw new UsageError(
        `--sheet ${opts.sheet}: the sheets are ${sheets.map((s) => s.name).join(', ')}.`,
      );
    sheet = found ?? sheets[0]!;
  } else sheet = sheets.length > 1 ? chooseSheet(sheets, settings) : sheets[0]!;
  if (!sheet || !cellsOf(sheet).rows) throw new UsageError(`File ${file}: the sheet is empty.`);
  if (opts.stages) settings.stageTable = await readStageTable(opts.stages);
  if (opts.rates) settings.rates = await readGrid(opts.rates, '--rates');
  if (settings.rates) parseRates(settings.rates);

  // Everything is parsed and checked before the store is opened: a bad file never touches it.
  const result = runForecast(sheet, settings);
  checkMapped(result, file);
  const date = settings.asOf!;
  const db = opts.db ?? join(dirname(resolve(file)), DEFAULT_DB);
  // Without --key, the key of the store's latest snapshot when this sheet has that column.
  let keyHeader = opts.key;
  const earlier = existsSync(db) ? await withStore(db, listSnapshots) : [];
  const replaced = earlier.find((s) => s.date === date);
  if (keyHeader === undefined && earlier.length) {
    const last = earlier[earlier.length - 1];
    const want = last?.keyHeader.trim().toLowerCase();
    if (want && result.mapping.headers.some((h) => h.trim().toLowerCase() === want))
      keyHeader = last!.keyHeader;
  }
  let snap;
  try {
    snap = snapshotRows(result, {
      date,
      segmentBy: settings.segmentBy,
      keyHeader,
      // A header keeps the column earlier adds gave it; a new one gets a column of its own.
      storedSegments: earlier.flatMap((s) => s.segments),
    });
  } catch (e) {
    if (e instanceof SnapshotKeyError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const store = await openStore(db);
  try {
    await writeSnapshot(store, snap, {
      date,
      source: basename(file),
      baseCurrency: result.baseCurrency ?? null,
      asOf: date,
      rates: (settings.rates ?? []) as (string | number)[][],
    });
  } finally {
    store.close();
  }
  const notes = [...snap.notes].map((n) => `\n  Note: ${n}`).join('');
  // Records in = counted + reported: the rows the forecast will leave out, and why.
  const c = result.counts;
  const kinds = issueKindsText(c.byKind);
  const counted = `\n  ${c.counted} counted, ${c.excluded} not counted${kinds ? `; data issues: ${kinds} (forecast ${basename(file)} --out lists each)` : ''}.`;
  process.stdout.write(
    `${replaced ? 'Replaced' : 'Added'} snapshot ${date} ${replaced ? 'in' : 'to'} ${db}: ${snap.size} deals from ${basename(file)} (key ${snap.keyHeader}${snap.segments.length ? `; segments ${snap.segmentHeaders.join(', ')}` : ''}${replaced ? `; it replaces the ${replaced.deals} deals from ${replaced.source}` : ''}).${counted}${notes}\n`,
  );
}

async function withStore<T>(db: string, run: (store: Store) => Promise<T>): Promise<T> {
  if (!existsSync(db))
    throw new UsageError(
      `${db}: no history store here (history add FILE creates one; --db to choose).`,
    );
  const store = await openStore(db, true);
  try {
    return await run(store);
  } finally {
    store.close();
  }
}

async function listCommand(opts: { db?: string; json?: boolean }): Promise<void> {
  const db = opts.db ?? DEFAULT_DB;
  const snapshots = await withStore(db, listSnapshots);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(snapshots)}\n`);
    return;
  }
  if (!snapshots.length) {
    process.stdout.write(`${db}: no snapshots yet.\n`);
    return;
  }
  const lines = snapshots.map(
    (s) =>
      `${s.date}  ${String(s.deals).padStart(9)} deals  ${s.source}${s.baseCurrency ? `  (${s.baseCurrency})` : ''}${s.segments.length ? `  segments: ${s.segments.map((x) => x.header).join(', ')}` : ''}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * What historyForecast (asOf), historyChange and historyAccuracy (from, to, window) take:
 * the segments, periods and currency of the Forecast they compute on the store's snapshots.
 */
export interface StoreOptions {
  asOf?: string;
  from?: string;
  to?: string;
  window?: string;
  segmentBy?: string[];
  period?: PeriodKind;
  fiscalYearStart?: number;
  rates?: Grid;
  baseCurrency?: string;
}

/** One Forecast row from the SQL, as the engine's ForecastRow (money to the cent). */
export interface HistoryForecast {
  snapshot: SnapshotInfo;
  forecast: ForecastRow[];
  unconverted: { currency: string; deals: number; amount: number }[];
  settings: ForecastSettings;
}

/** The Forecast of the latest snapshot on or before asOf, computed by the generated SQL in DuckDB. */
export async function historyForecast(
  store: Store,
  options: Omit<StoreOptions, 'from' | 'to' | 'window'>,
): Promise<HistoryForecast> {
  const all = await listSnapshots(store);
  const eligible = options.asOf ? all.filter((s) => s.date <= options.asOf!) : all;
  const snapshot = eligible[eligible.length - 1];
  if (!snapshot)
    throw new UsageError(
      all.length
        ? `No snapshot on or before ${options.asOf}: the first is ${all[0]!.date}.`
        : 'The store has no snapshots yet: history add FILE first.',
    );
  // The store's segment columns, as the add named them.
  const segments = storedSegments(snapshot, options.segmentBy);
  const segmentBy = segments.map((s) => s.header);
  const settings: ForecastSettings = {
    asOf: snapshot.date,
    segmentBy,
    period: options.period ?? 'quarter',
    fiscalYearStart: options.fiscalYearStart ?? 1,
    rates: options.rates ?? snapshot.rates,
    ...((options.baseCurrency ?? snapshot.baseCurrency)
      ? { baseCurrency: options.baseCurrency ?? snapshot.baseCurrency! }
      : {}),
  };
  const sql = forecastSql(settings, dialectOf('duckdb'), { segments });
  const rows = await queryRows(store, asQuery(sql));
  const unconverted = await queryRows(
    store,
    asQuery(
      sql,
      `SELECT currency, deals, amount FROM ff_unconverted WHERE snapshot_date = DATE '${snapshot.date}' ORDER BY currency`,
    ),
  );
  const num = (v: unknown): number => Number(v);
  const forecast = rows.map((r): ForecastRow & { order: number } => {
    return {
      segment: segmentOfRow(r, sql.segments),
      period: String(r.period),
      deals: num(r.deals),
      amount: num(r.amount),
      weighted: num(r.weighted),
      closed: num(r.closed_amount),
      commit: num(r.commit_amount),
      bestCase: num(r.best_case_amount),
      pipeline: num(r.pipeline_amount),
      omitted: num(r.omitted_amount),
      commitCumulative: num(r.commit_cumulative),
      bestCaseCumulative: num(r.best_case_cumulative),
      pipelineCumulative: num(r.pipeline_cumulative),
      spread: num(r.spread),
      openAmount: num(r.open_amount),
      order: num(r.period_order),
    };
  });
  sortForecast(forecast, segmentBy);
  return {
    snapshot,
    forecast: forecast.map(({ order: _order, ...row }) => row),
    unconverted: unconverted.map((u) => ({
      currency: String(u.currency),
      deals: num(u.deals),
      amount: num(u.amount),
    })),
    settings,
  };
}

/** The engine's order: segment values as compareText orders them (tiers by rank), then periods in time. */
function sortForecast(rows: (ForecastRow & { order: number })[], segmentBy: string[]): void {
  const tierRank = (v: string) => {
    const i = (DEFAULT_TIER_LABELS as readonly string[]).indexOf(v);
    return i < 0 ? DEFAULT_TIER_LABELS.length : i;
  };
  rows.sort((a, b) => {
    for (const h of segmentBy) {
      const x = a.segment[h]!;
      const y = b.segment[h]!;
      const c = h === TIER_SEGMENT ? tierRank(x) - tierRank(y) : compareText(x, y);
      if (c) return c;
    }
    return a.order - b.order;
  });
}

async function forecastCommand(opts: ForecastOptions): Promise<void> {
  const { target, options } = await storeRequest(opts);
  const out = await withStore(opts.db ?? DEFAULT_DB, (store) => historyForecast(store, options));
  const table = forecastTable(out);
  await report(
    opts,
    target,
    [table],
    () => ({ snapshot: out.snapshot, forecast: out.forecast, unconverted: out.unconverted }),
    () => forecastText(out, table),
  );
}

/** history forecast's text: the snapshot, the Forecast table's first columns, the amounts not converted. */
function forecastText(out: HistoryForecast, table: OutputTable): string[] {
  const lines = [
    `Forecast of the snapshot ${out.snapshot.date} (${out.snapshot.source}, ${out.snapshot.deals} deals${out.snapshot.baseCurrency ? `, ${out.snapshot.baseCurrency}` : ''}), computed in DuckDB:`,
  ];
  const cols = table.columns.map((c) => c.header);
  const dealsAt = cols.indexOf('Deals');
  const cell = (v: unknown, i: number) =>
    typeof v === 'number' ? (i === dealsAt ? String(v) : money(v)) : String(v ?? '');
  const shown = cols.slice(0, cols.indexOf('Period') + 6);
  const rows = table.rows.map((r) => shown.map((_, i) => cell(r[i], i)));
  lines.push(...alignedLines(shown, rows, shown.indexOf('Period')));
  for (const u of out.unconverted) lines.push(unconvertedLine(u));
  return lines;
}

/**
 * The Forecast output table, built by the engine's own toOutputTables (one
 * definition of its headers and formats) from the SQL's rows.
 */
export function forecastTable(out: HistoryForecast) {
  const result: ForecastResult = {
    mapping: { headerRow: 1, headers: [], fields: {}, segments: [], notes: [] },
    deals: [],
    forecast: out.forecast,
    funnel: [],
    tiers: [],
    reps: [],
    issues: [],
    counts: { rows: 0, counted: 0, excluded: 0, byKind: {} },
    unconverted: out.unconverted,
  };
  return toOutputTables(result).find((t) => t.key === 'Forecast')!;
}

/** A SQL row's segment values by header (a NULL is blank), the engine's segment record. */
function segmentOfRow(
  r: Record<string, unknown>,
  segments: readonly { header: string; column: string }[],
): Record<string, string> {
  const segment = Object.create(null) as Record<string, string>;
  for (const s of segments) segment[s.header] = r[s.column] == null ? '' : String(r[s.column]);
  return segment;
}

/** The stored segments named by --segment-by (default: all the snapshot's), or a usage error. */
function storedSegments(snapshot: SnapshotInfo, wanted: string[] | undefined) {
  const known = new Map(snapshot.segments.map((s) => [s.header.toLowerCase(), s]));
  return (wanted ?? snapshot.segments.map((s) => s.header)).map((h) => {
    const seg = known.get(h.trim().toLowerCase());
    if (!seg)
      throw new UsageError(
        `Segment ${h}: the snapshot of ${snapshot.date} has ${snapshot.segments.length ? `the segments ${snapshot.segments.map((s) => s.header).join(', ')}` : 'no segments'} (history add --segment-by keeps them).`,
      );
    return seg;
  });
}

export interface HistoryChange {
  from: SnapshotInfo;
  to: SnapshotInfo;
  /** The engine's Pipeline change and Deal changes tables (no Stage flow: not in the SQL). */
  tables: OutputTable[];
  window: { label: string; first: string; last: string };
  change: {
    segment: Record<string, string>;
    bucket: string;
    deals: number;
    amount: number;
    weighted: number;
  }[];
  dealChanges: {
    key: string;
    bucket: string;
    fromStage: string | null;
    toStage: string | null;
    fromAmount: number | null;
    toAmount: number | null;
    fromCloseDate: string | null;
    toCloseDate: string | null;
  }[];
}

/** The bridge between two snapshots of the store, computed by the generated SQL in DuckDB. */
export async function historyChange(
  store: Store,
  options: Omit<StoreOptions, 'asOf'>,
): Promise<HistoryChange> {
  const all = await listSnapshots(store);
  const find = (date: string, option: string) => {
    const s = all.find((x) => x.date === date);
    if (!s)
      throw new UsageError(
        `${option} ${date}: no snapshot of that date; the store has ${all.map((x) => x.date).join(', ') || 'none'}.`,
      );
    return s;
  };
  const to = options.to ? find(options.to, '--to') : all[all.length - 1];
  const before = to ? all.filter((x) => x.date < to.date) : [];
  const from = options.from ? find(options.from, '--from') : before[before.length - 1];
  if (!to || !from)
    throw new UsageError(
      `A pipeline change needs two snapshots; the store has ${all.length === 1 ? `one (${all[0]!.date})` : all.length ? all.map((x) => x.date).join(', ') : 'none'}.`,
    );
  if (from.date >= to.date)
    throw new UsageError(`--from ${from.date} is not before --to ${to.date}.`);
  const segments = storedSegments(to, options.segmentBy);
  for (const s of segments)
    if (
      !from.segments.some(
        (x) => x.column === s.column && normalizeLabel(x.header) === normalizeLabel(s.header),
      )
    )
      throw new UsageError(
        `Segment ${s.header}: the snapshot of ${from.date} was added without it; segment by columns both snapshots have.`,
      );
  const baseCurrency = options.baseCurrency ?? to.baseCurrency ?? from.baseCurrency;
  if (
    !options.baseCurrency &&
    from.baseCurrency &&
    to.baseCurrency &&
    from.baseCurrency !== to.baseCurrency
  )
    throw new UsageError(
      `The snapshots have different base currencies (${from.date}: ${from.baseCurrency}, ${to.date}: ${to.baseCurrency}): give --base-currency.`,
    );
  const settings: ForecastSettings = {
    asOf: to.date,
    segmentBy: segments.map((s) => s.header),
    period: options.period ?? 'quarter',
    fiscalYearStart: options.fiscalYearStart ?? 1,
    rates: options.rates ?? (to.rates.length ? to.rates : from.rates),
    ...(baseCurrency ? { baseCurrency } : {}),
  };
  const sql = changeSql(settings, dialectOf('duckdb'), {
    segments,
    fromDate: from.date,
    toDate: to.date,
    ...(options.window ? { window: options.window } : {}),
  });
  const rows = await queryRows(store, asQuery(sql, 'SELECT * FROM ff_change'));
  const sorted = rows
    .map((r) => ({ r, segment: segmentOfRow(r, r.scope === 'segment' ? segments : []) }))
    .sort((a, b) => {
      const ta = a.r.scope === 'total' ? 1 : 0;
      const tb = b.r.scope === 'total' ? 1 : 0;
      if (ta !== tb) return ta - tb;
      for (const s of segments) {
        const c = compareText(a.segment[s.header] ?? '', b.segment[s.header] ?? '');
        if (c) return c;
      }
      return Number(a.r.step_order) - Number(b.r.step_order);
    });
  const deals = await queryRows(
    store,
    asQuery(
      sql,
      'SELECT *, CAST(from_close_date AS VARCHAR) AS from_close, CAST(to_close_date AS VARCHAR) AS to_close FROM ff_change_deal ORDER BY deal_key',
    ),
  );
  const num = (v: unknown) => (v === null ? null : Math.round(Number(v) * 100) / 100);
  const str = (v: unknown) => (v === null ? null : String(v));
  const exact = (v: unknown) => (v === null ? null : Number(v));
  const day = (v: unknown) => (v === null ? null : new Date(`${String(v)}T00:00:00Z`));
  const segOf = (d: Record<string, unknown>, side: 'from' | 'to') => {
    if (Number(d[`in_${side}`]) !== 1) return null;
    const out = Object.create(null) as Record<string, string>;
    for (const s of segments) out[s.header] = String(d[`${side}_${s.column}`] ?? '');
    return out;
  };
  const dealRows: DealChange[] = deals.map((d) => ({
    key: String(d.deal_key),
    opportunity: str(d.to_opportunity ?? d.from_opportunity),
    account: str(d.to_account ?? d.from_account),
    owner: str(d.to_owner ?? d.from_owner),
    bucket: String(d.bucket) as DealChange['bucket'],
    fromStage: str(d.from_stage),
    toStage: str(d.to_stage),
    fromLadderStage: str(d.from_ladder_stage) as DealChange['fromLadderStage'],
    toLadderStage: str(d.to_ladder_stage) as DealChange['toLadderStage'],
    fromAmount: exact(d.from_amount),
    toAmount: exact(d.to_amount),
    fromWeighted: exact(d.from_weighted),
    toWeighted: exact(d.to_weighted),
    amountChange: Number(d.amount_change),
    weightedChange: Number(d.weighted_change),
    fromCloseDate: day(d.from_close),
    toCloseDate: day(d.to_close),
    closeDaysMoved: d.close_days_moved === null ? null : Number(d.close_days_moved),
    fromCategory: str(d.from_category) as DealChange['fromCategory'],
    toCategory: str(d.to_category) as DealChange['toCategory'],
    fromProbability: exact(d.from_probability),
    toProbability: exact(d.to_probability),
    fromSegment: segments.length ? segOf(d, 'from') : null,
    toSegment: segments.length ? segOf(d, 'to') : null,
    fromRow: null,
    toRow: null,
    note: '',
  }));
  const changeRows = sorted.map(({ r, segment }) => ({
    segment,
    bucket: String(r.step) as ChangeResult['rows'][number]['bucket'],
    deals: Number(r.deals),
    amount: Number(r.amount),
    weighted: Number(r.weighted),
  }));
  // The engine's Pipeline change and Deal changes tables, built by its own changeTables.
  const tables = changeTables({
    from: { name: from.source, date: from.date, keyHeader: from.keyHeader, rows: from.deals },
    to: { name: to.source, date: to.date, keyHeader: to.keyHeader, rows: to.deals },
    window: sql.window,
    segments: segments.map((s) => s.header),
    baseCurrency: baseCurrency ?? null,
    rows: changeRows,
    dealCount: dealRows.length,
    deal: (k) => dealRows[k]!,
    stageFlow: [],
    trend: null,
    issues: [],
    keptApart: [],
    notes: [],
  }).filter((t) => t.key === 'PipelineChange' || t.key === 'DealChanges');
  return {
    from,
    to,
    tables,
    window: sql.window,
    change: changeRows,
    dealChanges: deals.map((d) => ({
      key: String(d.deal_key),
      bucket: String(d.bucket),
      fromStage: str(d.from_stage),
      toStage: str(d.to_stage),
      fromAmount: num(d.from_amount),
      toAmount: num(d.to_amount),
      fromCloseDate: str(d.from_close),
      toCloseDate: str(d.to_close),
    })),
  };
}

async function changeCommand(opts: RangeOptions): Promise<void> {
  const { target, options } = await storeRequest(opts);
  const out = await withStore(opts.db ?? DEFAULT_DB, (store) => historyChange(store, options));
  await report(
    opts,
    target,
    out.tables,
    () => ({
      from: out.from.date,
      to: out.to.date,
      window: out.window,
      change: out.change,
      dealChanges: out.dealChanges,
    }),
    () => changeText(out),
  );
}

/** history change's text: the total's bridge, a step a line. */
function changeText(out: HistoryChange): string[] {
  const lines = [
    `Pipeline change from ${out.from.date} to ${out.to.date}, window ${out.window.label} (close dates ${out.window.first} to ${out.window.last}), computed in DuckDB:`,
  ];
  const total = out.change.filter((r) => Object.keys(r.segment).length === 0);
  const base = out.to.baseCurrency ?? out.from.baseCurrency;
  const unit = base ? ` (${base})` : '';
  lines.push(
    `${'Step'.padEnd(10)} ${'Deals'.padStart(7)}  ${`Amount${unit}`.padStart(18)}  ${`Weighted${unit}`.padStart(18)}`,
  );
  for (const r of total)
    lines.push(
      `${r.bucket.padEnd(10)} ${String(r.deals).padStart(7)}  ${money(r.amount).padStart(18)}  ${money(r.weighted).padStart(18)}`,
    );
  return lines;
}

/** --out checked before the store is opened: an .xlsx path the command may write, or undefined. */
function outTarget(opts: { out?: string; db?: string; rates?: string; stages?: string }) {
  return checkOutTarget(opts.out, [
    { what: 'history store', path: opts.db ?? DEFAULT_DB },
    { what: '--rates file', path: opts.rates },
    { what: '--stages file', path: opts.stages },
  ]);
}

/**
 * How forecast, change, rates and accuracy end: the tables streamed into --out with the
 * engine's writer (temp file, then rename), then --json's one line or the text lines
 * with what was written.
 */
async function report(
  opts: { out?: string; json?: boolean },
  target: string | undefined,
  tables: OutputTable[],
  json: () => unknown,
  text: () => string[],
): Promise<void> {
  if (target) await writeOutWorkbook(target, tables.map(fromRows));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(json())}\n`);
    return;
  }
  const lines = text();
  if (target)
    lines.push(
      wroteLine(
        opts.out!,
        tables.map((t) => ({ name: t.sheetName, rows: t.rows.length })),
      ),
    );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The period options shared by forecast, change and accuracy, checked. */
function periodOptions(opts: { period?: string; fiscalYearStart?: string }): {
  period: PeriodKind;
  fiscalYearStart: number;
} {
  const period = (opts.period ?? 'quarter') as PeriodKind;
  if (!['month', 'quarter', 'year'].includes(period))
    throw new UsageError(`--period ${opts.period}: use month, quarter or year.`);
  const fys = Number(opts.fiscalYearStart ?? '1');
  if (!Number.isInteger(fys) || fys < 1 || fys > 12)
    throw new UsageError(`--fiscal-year-start ${opts.fiscalYearStart}: give a month number 1-12.`);
  return { period, fiscalYearStart: fys };
}

/**
 * forecast, change and accuracy's options checked in one order (dates, --out, period, then the
 * rates file read), as the store computations take them; target is the checked --out.
 */
async function storeRequest(opts: RangeOptions) {
  checkDate('--as-of', opts.asOf);
  checkDate('--from', opts.from);
  checkDate('--to', opts.to);
  const target = outTarget(opts);
  const { period, fiscalYearStart } = periodOptions(opts);
  const rates = opts.rates ? await readGrid(opts.rates, '--rates') : undefined;
  const options: StoreOptions = {
    asOf: opts.asOf,
    from: opts.from,
    to: opts.to,
    window: opts.window,
    segmentBy: splitList(opts.segmentBy),
    period,
    fiscalYearStart,
    rates,
    baseCurrency: opts.baseCurrency,
  };
  return { target, options };
}

const splitList = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The snapshots of the store from --from to --to (inclusive), or those dated in
 * the period --window names; a range with no snapshot is a usage error.
 */
function snapshotRange(
  all: SnapshotInfo[],
  options: { from?: string; to?: string; window?: string; fiscalYearStart?: number },
): { snapshots: SnapshotInfo[]; from: string | undefined; to: string | undefined } {
  let { from, to } = options;
  if (options.window) {
    if (from || to)
      throw new UsageError(
        `--window ${options.window} names the snapshot dates already: give --window or --from/--to, not both.`,
      );
    const w = windowDates(windowOfLabel(options.window, options.fiscalYearStart ?? 1));
    from = w.first;
    to = w.last;
  }
  if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
  const snapshots = all.filter((s) => (!from || s.date >= from) && (!to || s.date <= to));
  if (!snapshots.length)
    throw new UsageError(
      all.length
        ? `No snapshot ${from && to ? `from ${from} to ${to}` : from ? `on or after ${from}` : `on or before ${to}`}: the store has ${all.map((s) => s.date).join(', ')}.`
        : 'The store has no snapshots yet: history add FILE first.',
    );
  return { snapshots, from, to };
}

/** One base currency for several snapshots: --base-currency, else theirs when they agree. */
function commonBaseCurrency(snapshots: SnapshotInfo[], given: string | undefined) {
  if (given) return given;
  const bases = [...new Set(snapshots.map((s) => s.baseCurrency).filter((b) => b !== null))];
  if (bases.length > 1)
    throw new UsageError(
      `The snapshots have different base currencies (${bases.join(', ')}): give --base-currency.`,
    );
  return bases[0] ?? undefined;
}

export interface HistoryRates {
  snapshots: SnapshotInfo[];
  priorStrength: number;
  rates: StageRate[];
  deals: { won: number; lost: number };
  notes: string[];
}

/** The Stage rates of the snapshots in range, computed by the generated SQL in DuckDB. */
export async function historyRates(
  store: Store,
  options: {
    from?: string;
    to?: string;
    window?: string;
    fiscalYearStart?: number;
    stageTable?: Grid;
    priorStrength?: number;
    rates?: Grid;
    baseCurrency?: string;
  },
): Promise<HistoryRates> {
  const range = snapshotRange(await listSnapshots(store), options);
  const latest = range.snapshots[range.snapshots.length - 1]!;
  const baseCurrency = commonBaseCurrency(range.snapshots, options.baseCurrency);
  if (options.stageTable) parseStageTable(options.stageTable); // a bad table is refused here, said plainly
  const settings: ForecastSettings = {
    segmentBy: [],
    fiscalYearStart: options.fiscalYearStart ?? 1,
    rates: options.rates ?? latest.rates,
    ...(options.stageTable ? { stageTable: options.stageTable } : {}),
    ...(baseCurrency ? { baseCurrency } : {}),
  };
  const sql = ratesSql(settings, dialectOf('duckdb'), {
    segments: [],
    fromDate: range.snapshots[0]!.date,
    toDate: latest.date,
    priorStrength: options.priorStrength,
  });
  const k = sql.priorStrength;
  const rows = await queryRows(
    store,
    asQuery(sql, 'SELECT * FROM ff_stage_rates ORDER BY stage_order'),
  );
  const counts = await queryRows(
    store,
    asQuery(
      sql,
      "SELECT SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won, SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS lost FROM ff_rate_deal",
    ),
  );
  const rates = rows.map((r) =>
    finishRate(
      {
        stage: {
          label: String(r.stage),
          probability: Number(r.previous_probability),
          category: String(r.category) as ForecastCategory,
          ladder: String(r.ladder_stage) as LadderStage,
          status: String(r.status) as DealStatus,
          source: options.stageTable ? 'user' : 'ladder',
        },
        probability: Number(r.probability),
        n: Number(r.n),
        won: Number(r.won),
        rawRate: r.raw_rate === null ? null : Number(r.raw_rate),
        alpha: Number(r.alpha),
        beta: Number(r.beta),
      },
      k,
    ),
  );
  const notes: string[] = [];
  markFallingRates(rates, notes);
  const won = Number(counts[0]?.won ?? 0);
  const lost = Number(counts[0]?.lost ?? 0);
  notes.unshift(
    `Stage rates from ${range.snapshots.length} snapshots (${range.snapshots[0]!.date} to ${latest.date}): ${won} deals won and ${lost} lost by their latest snapshot; prior strength ${k}. Computed in DuckDB.`,
  );
  return { snapshots: range.snapshots, priorStrength: k, rates, deals: { won, lost }, notes };
}

interface RatesOptions {
  db?: string;
  from?: string;
  to?: string;
  window?: string;
  fiscalYearStart?: string;
  stages?: string;
  priorStrength?: string;
  rates?: string;
  baseCurrency?: string;
  json?: boolean;
  out?: string;
}

async function ratesCommand(opts: RatesOptions): Promise<void> {
  checkDate('--from', opts.from);
  checkDate('--to', opts.to);
  const target = outTarget(opts);
  const { fiscalYearStart } = periodOptions(opts);
  const k = priorStrengthOf(opts.priorStrength);
  const stageTable = opts.stages ? await readStageTable(opts.stages) : undefined;
  const rates = opts.rates ? await readGrid(opts.rates, '--rates') : undefined;
  const out = await withStore(opts.db ?? DEFAULT_DB, (store) =>
    historyRates(store, {
      from: opts.from,
      to: opts.to,
      window: opts.window,
      fiscalYearStart,
      stageTable,
      priorStrength: k,
      rates,
      baseCurrency: opts.baseCurrency,
    }),
  );
  await report(
    opts,
    target,
    [stageRatesTable(out.rates)],
    () => ({
      from: out.snapshots[0]!.date,
      to: out.snapshots[out.snapshots.length - 1]!.date,
      snapshots: out.snapshots.length,
      priorStrength: out.priorStrength,
      stageRates: stageRatesJson({ rates: out.rates }),
      notes: out.notes,
    }),
    () => [...stageRatesLines(out.rates), ...out.notes.map((n) => `Note: ${n}`)],
  );
}

export interface HistoryAccuracy {
  snapshots: SnapshotInfo[];
  window: string | null;
  accuracy: AccuracyResult;
}

/** Forecast accuracy of the snapshots in range against the latest one, computed by the generated SQL in DuckDB. */
export async function historyAccuracy(
  store: Store,
  options: Omit<StoreOptions, 'asOf'>,
): Promise<HistoryAccuracy> {
  const range = snapshotRange(await listSnapshots(store), { from: options.from, to: options.to });
  if (range.snapshots.length < 2)
    throw new UsageError(
      `Forecast accuracy compares earlier snapshots with a later one; the range holds one (${range.snapshots[0]!.date}).`,
    );
  const latest = range.snapshots[range.snapshots.length - 1]!;
  const segments = storedSegments(latest, options.segmentBy);
  const baseCurrency = commonBaseCurrency(range.snapshots, options.baseCurrency);
  const headers = segments.map((s) => s.header);
  const settings: ForecastSettings = {
    segmentBy: headers,
    period: options.period ?? 'quarter',
    fiscalYearStart: options.fiscalYearStart ?? 1,
    rates: options.rates ?? latest.rates,
    ...(baseCurrency ? { baseCurrency } : {}),
  };
  const sql = accuracySql(settings, dialectOf('duckdb'), {
    segments,
    fromDate: range.snapshots[0]!.date,
    toDate: latest.date,
    ...(options.window ? { window: options.window } : {}),
  });
  const rows = await queryRows(
    store,
    asQuery(sql, 'SELECT *, CAST(snapshot_date AS VARCHAR) AS day FROM ff_accuracy'),
  );
  const num = (v: unknown) => Number(v);
  const out = rows.map((r) => {
    const row: AccuracyRow = {
      snapshot: String(r.day),
      weeksBeforeEnd: num(r.weeks_before_end),
      segment: segmentOfRow(r, segments),
      period: String(r.period),
      weighted: num(r.weighted),
      commit: num(r.commit_amount),
      bestCase: num(r.best_case_amount),
      actual: num(r.actual),
      error: num(r.error),
      ratio: r.ratio === null ? null : num(r.ratio),
      absolutePercentageError:
        r.absolute_percentage_error === null ? null : num(r.absolute_percentage_error),
      bias: String(r.bias) as AccuracyRow['bias'],
    };
    return { row, order: num(r.period_order) };
  });
  out.sort((a, b) => {
    if (a.row.snapshot !== b.row.snapshot) return a.row.snapshot < b.row.snapshot ? -1 : 1;
    for (const h of headers) {
      const c = compareText(a.row.segment[h]!, b.row.segment[h]!);
      if (c) return c;
    }
    return a.order - b.order;
  });
  const accuracy: AccuracyResult = {
    rows: out.map((o) => o.row),
    segments: headers,
    notes: [
      out.length
        ? `Forecast accuracy: ${out.length} forecasts of periods ended by ${latest.date}, against the Closed amount of the snapshot of ${latest.date}. Computed in DuckDB.`
        : `Forecast accuracy: no period${sql.window ? ` ${sql.window}` : ''} ended between an earlier snapshot and ${latest.date}.`,
    ],
  };
  return { snapshots: range.snapshots, window: sql.window, accuracy };
}

async function accuracyCommand(opts: RangeOptions): Promise<void> {
  const { target, options } = await storeRequest(opts);
  const out = await withStore(opts.db ?? DEFAULT_DB, (store) => historyAccuracy(store, options));
  await report(
    opts,
    target,
    [accuracyTable(out.accuracy)],
    () => ({
      from: out.snapshots[0]!.date,
      to: out.snapshots[out.snapshots.length - 1]!.date,
      window: out.window,
      accuracy: out.accuracy.rows,
      notes: out.accuracy.notes,
    }),
    () => accuracyText(out),
  );
}

/** history accuracy's text: a line a forecast judged, then the notes. */
function accuracyText(out: HistoryAccuracy): string[] {
  const lines = out.accuracy.rows.map(
    (r) =>
      `${r.snapshot}  ${String(r.weeksBeforeEnd).padStart(3)} wk  ${[...out.accuracy.segments.map((h) => r.segment[h]), r.period].join(' / ').padEnd(20)}  forecast ${money(r.weighted).padStart(16)}  actual ${money(r.actual).padStart(16)}  error ${money(r.error).padStart(16)}  ${pct(r.absolutePercentageError)} ${r.bias}`,
  );
  lines.push(...out.accuracy.notes.map((n) => `Note: ${n}`));
  return lines;
}
