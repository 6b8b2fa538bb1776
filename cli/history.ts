/**
 * `npm run cli -- history add|list|forecast`: snapshots of the deal sheet in a
 * DuckDB file, and the Forecast computed in SQL inside DuckDB (the same SQL
 * `cli sql` prints for a warehouse). The engine parses each file; DuckDB
 * stores its parsed values and aggregates them. docs/warehouse.md.
 */
import { existsSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Grid } from '../core/cells';
import { isFunnelError } from '../core/errors';
import {
  parseRates,
  runForecast,
  toOutputTables,
  type ForecastResult,
  type ForecastRow,
  type ForecastSettings,
  type PeriodKind,
  type SourceSheet,
} from '../core/engine';
import { compareText } from '../core/engine/order';
import { TIER_SEGMENT } from '../core/engine/run';
import {
  asQuery,
  changeSql,
  dialectOf,
  forecastSql,
  snapshotRows,
  SnapshotKeyError,
} from '../core/sql';
import { DEFAULT_TIER_LABELS } from '../core/tiers';
import { FileReadError, writeWorkbook } from '../files';
import {
  UsageError,
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
import { isIsoDate } from '../core/values';

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

interface ChangeOptions extends ForecastOptions {
  from?: string;
  to?: string;
  window?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

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
      'Snapshots of the deal sheet in a DuckDB file, and the Forecast computed in SQL over them.',
    );

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
    .option('--sheet <name>', 'sheet of an XLSX file')
    .option('--map <field=Header>', 'use this column for a field (repeatable)', collect, [])
    .option('--stages <file>', 'your stage table: CSV/XLSX of stage, probability[, category]')
    .option('--segment-by <headers>', 'comma-separated headers to keep as segment columns')
    .option('--rates <file>', 'exchange rates: CSV/XLSX of currency, rate to the base currency')
    .option('--base-currency <code>', 'base currency (default: the most common in the sheet)')
    .option('--day-first', 'read dates such as 01/08/2026 as 1 August')
    .option('--month-first', 'read dates such as 01/08/2026 as 8 January')
    .option('--decimal-comma', 'amounts use a decimal comma')
    .option('--decimal-point', 'amounts use a decimal point')
    .action(guarded((file: string, opts: AddOptions) => addCommand(file, opts)));

  history
    .command('list')
    .description('The snapshots in the store, oldest first.')
    .option('--db <path>', `the store (default: ${DEFAULT_DB} in the current folder)`)
    .option('--json', 'print them as JSON')
    .action(guarded((opts: { db?: string; json?: boolean }) => listCommand(opts)));

  history
    .command('forecast')
    .description(
      'The Forecast (segments x periods) of the latest snapshot on or before --as-of, computed in SQL inside DuckDB.',
    )
    .option('--db <path>', `the store (default: ${DEFAULT_DB} in the current folder)`)
    .option(
      '--as-of <date>',
      'use the latest snapshot on or before this date (default: the latest)',
    )
    .option('--segment-by <headers>', 'segments (default: those the snapshot was added with)')
    .option('--period <kind>', 'month, quarter or year', 'quarter')
    .option('--fiscal-year-start <month>', 'first month of the fiscal year, 1-12', '1')
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
    .option('--db <path>', `the store (default: ${DEFAULT_DB} in the current folder)`)
    .option('--from <date>', 'the earlier snapshot (default: the one before --to)')
    .option('--to <date>', 'the later snapshot (default: the latest)')
    .option(
      '--window <label>',
      'period of close dates, e.g. 2026-Q4 (default: the one holding --to)',
    )
    .option('--segment-by <headers>', 'segments (default: those the later snapshot was added with)')
    .option('--period <kind>', 'month, quarter or year (the default window)', 'quarter')
    .option('--fiscal-year-start <month>', 'first month of the fiscal year, 1-12', '1')
    .option('--rates <file>', "exchange rates (default: those the later snapshot's add used)")
    .option('--base-currency <code>', "base currency (default: the later snapshot's)")
    .option('--json', 'print the bridge and the deal changes as JSON')
    .action(guarded((opts: ChangeOptions) => changeCommand(opts)));
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
  const sheets = await readFile(file, 'File');
  let sheet: SourceSheet;
  if (opts.sheet !== undefined) {
    const found = sheets.find((s) => s.name.toLowerCase() === opts.sheet!.toLowerCase());
    if (!found && !(sheets.length === 1 && /\.csv$/i.test(file)))
      throw new UsageError(
        `--sheet ${opts.sheet}: the sheets are ${sheets.map((s) => s.name).join(', ')}.`,
      );
    sheet = found ?? sheets[0]!;
  } else sheet = sheets.length > 1 ? chooseSheet(sheets, settings) : sheets[0]!;
  if (!sheet?.values.length) throw new UsageError(`File ${file}: the sheet is empty.`);
  if (opts.stages) settings.stageTable = await readGrid(opts.stages, '--stages');
  if (opts.rates) settings.rates = await readGrid(opts.rates, '--rates');
  if (settings.rates) parseRates(settings.rates);

  // Everything is parsed and checked before the store is opened: a bad file never touches it.
  const result = runForecast(sheet, settings);
  checkMapped(result, file);
  const date = settings.asOf!;
  const db = opts.db ?? join(dirname(resolve(file)), DEFAULT_DB);
  // Without --key, the key of the store's latest snapshot when this sheet has that column.
  let keyHeader = opts.key;
  if (keyHeader === undefined && existsSync(db)) {
    const last = (await withStore(db, listSnapshots)).pop();
    const want = last?.keyHeader.trim().toLowerCase();
    if (want && result.mapping.headers.some((h) => h.trim().toLowerCase() === want))
      keyHeader = last!.keyHeader;
  }
  let snap;
  try {
    snap = snapshotRows(result, { date, segmentBy: settings.segmentBy, keyHeader });
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
  process.stdout.write(
    `Added snapshot ${date} to ${db}: ${snap.rows.length} deals from ${basename(file)} (key ${snap.keyHeader}${snap.segments.length ? `; segments ${snap.segmentHeaders.join(', ')}` : ''}).${notes}\n`,
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
  options: {
    asOf?: string;
    segmentBy?: string[];
    period?: PeriodKind;
    fiscalYearStart?: number;
    rates?: Grid;
    baseCurrency?: string;
  },
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
    const segment = Object.create(null) as Record<string, string>;
    for (const s of sql.segments)
      segment[s.header] = r[s.column] === null ? '' : String(r[s.column]);
    return {
      segment,
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
  checkDate('--as-of', opts.asOf);
  if (opts.out && !/\.xlsx$/i.test(opts.out))
    throw new UsageError(`--out ${opts.out}: the output is an .xlsx workbook.`);
  const period = (opts.period ?? 'quarter') as PeriodKind;
  if (!['month', 'quarter', 'year'].includes(period))
    throw new UsageError(`--period ${opts.period}: use month, quarter or year.`);
  const fys = Number(opts.fiscalYearStart ?? '1');
  if (!Number.isInteger(fys) || fys < 1 || fys > 12)
    throw new UsageError(`--fiscal-year-start ${opts.fiscalYearStart}: give a month number 1-12.`);
  const rates = opts.rates ? await readGrid(opts.rates, '--rates') : undefined;
  const db = opts.db ?? DEFAULT_DB;
  const out = await withStore(db, (store) =>
    historyForecast(store, {
      asOf: opts.asOf,
      segmentBy: opts.segmentBy
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      period,
      fiscalYearStart: fys,
      rates,
      baseCurrency: opts.baseCurrency,
    }),
  );
  const table = forecastTable(out);
  if (opts.out) {
    const bytes = await writeWorkbook([table]);
    const target = resolve(opts.out);
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, target);
    } catch (e) {
      if (existsSync(tmp)) unlinkSync(tmp);
      throw e;
    }
  }
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ snapshot: out.snapshot, forecast: out.forecast, unconverted: out.unconverted })}\n`,
    );
    return;
  }
  const lines = [
    `Forecast of the snapshot ${out.snapshot.date} (${out.snapshot.source}, ${out.snapshot.deals} deals${out.snapshot.baseCurrency ? `, ${out.snapshot.baseCurrency}` : ''}), computed in DuckDB:`,
  ];
  const cols = table.columns.map((c) => c.header);
  const dealsAt = cols.indexOf('Deals');
  const cell = (v: unknown, i: number) =>
    typeof v === 'number'
      ? i === dealsAt
        ? String(v)
        : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
      : String(v ?? '');
  const shown = cols.slice(0, cols.indexOf('Period') + 6);
  const rows = table.rows.map((r) => shown.map((_, i) => cell(r[i], i)));
  const widths = shown.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const periodAt = shown.indexOf('Period');
  const line = (r: string[]) =>
    r.map((v, i) => (i > periodAt ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ');
  lines.push(line(shown), ...rows.map(line));
  for (const u of out.unconverted)
    lines.push(`Not converted (no rate): ${u.currency} ${u.amount} in ${u.deals} deals`);
  if (opts.out) lines.push(`Wrote ${opts.out}: Forecast (${table.rows.length} rows)`);
  process.stdout.write(`${lines.join('\n')}\n`);
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
  options: {
    from?: string;
    to?: string;
    window?: string;
    segmentBy?: string[];
    period?: PeriodKind;
    fiscalYearStart?: number;
    rates?: Grid;
    baseCurrency?: string;
  },
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
    if (!from.segments.some((x) => x.column === s.column))
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
  const segmentOf = (r: Record<string, unknown>) => {
    const out = Object.create(null) as Record<string, string>;
    if (r.scope === 'segment') for (const s of segments) out[s.header] = String(r[s.column] ?? '');
    return out;
  };
  const sorted = rows
    .map((r) => ({ r, segment: segmentOf(r) }))
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
      'SELECT deal_key, bucket, from_stage, to_stage, from_amount, to_amount, CAST(from_close_date AS VARCHAR) AS from_close_date, CAST(to_close_date AS VARCHAR) AS to_close_date FROM ff_change_deal ORDER BY deal_key',
    ),
  );
  const num = (v: unknown) => (v === null ? null : Math.round(Number(v) * 100) / 100);
  const str = (v: unknown) => (v === null ? null : String(v));
  return {
    from,
    to,
    window: sql.window,
    change: sorted.map(({ r, segment }) => ({
      segment,
      bucket: String(r.step),
      deals: Number(r.deals),
      amount: Number(r.amount),
      weighted: Number(r.weighted),
    })),
    dealChanges: deals.map((d) => ({
      key: String(d.deal_key),
      bucket: String(d.bucket),
      fromStage: str(d.from_stage),
      toStage: str(d.to_stage),
      fromAmount: num(d.from_amount),
      toAmount: num(d.to_amount),
      fromCloseDate: str(d.from_close_date),
      toCloseDate: str(d.to_close_date),
    })),
  };
}

async function changeCommand(opts: ChangeOptions): Promise<void> {
  checkDate('--from', opts.from);
  checkDate('--to', opts.to);
  const period = (opts.period ?? 'quarter') as PeriodKind;
  if (!['month', 'quarter', 'year'].includes(period))
    throw new UsageError(`--period ${opts.period}: use month, quarter or year.`);
  const fys = Number(opts.fiscalYearStart ?? '1');
  if (!Number.isInteger(fys) || fys < 1 || fys > 12)
    throw new UsageError(`--fiscal-year-start ${opts.fiscalYearStart}: give a month number 1-12.`);
  const rates = opts.rates ? await readGrid(opts.rates, '--rates') : undefined;
  const out = await withStore(opts.db ?? DEFAULT_DB, (store) =>
    historyChange(store, {
      from: opts.from,
      to: opts.to,
      window: opts.window,
      segmentBy: opts.segmentBy
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      period,
      fiscalYearStart: fys,
      rates,
      baseCurrency: opts.baseCurrency,
    }),
  );
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ from: out.from.date, to: out.to.date, window: out.window, change: out.change, dealChanges: out.dealChanges })}\n`,
    );
    return;
  }
  const money = (x: number) =>
    x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const lines = [
    `Pipeline change from ${out.from.date} to ${out.to.date}, window ${out.window.label} (close dates ${out.window.first} to ${out.window.last}), computed in DuckDB:`,
  ];
  const total = out.change.filter((r) => Object.keys(r.segment).length === 0);
  for (const r of total)
    lines.push(
      `${r.bucket.padEnd(10)} ${String(r.deals).padStart(7)}  ${money(r.amount).padStart(18)}  ${money(r.weighted).padStart(18)}`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
}
