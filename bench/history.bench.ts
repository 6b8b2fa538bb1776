/**
 * The history store at warehouse scale: snapshot rows generated inside DuckDB
 * (100,000 deals x 10, 30 and 100 weekly snapshots: 1M, 3M and 10M rows),
 * then the Forecast of every snapshot (ff_forecast) and of the latest one
 * (ff_forecast_as_of) computed by the generated SQL; beside it the TypeScript
 * engine on the largest input it holds (1,048,576 deals, Excel's row limit)
 * and `history add` of that sheet (engine parse + append in one transaction).
 * Each case runs in its own process, so its peak RSS (DuckDB's native memory
 * included) is its own.
 * Run: npm run bench -- history   (BENCH_WEEKS=10,30,100 BENCH_DEALS=100000 to change;
 * BENCH_DUCKDB_THREADS=1 to run DuckDB on one thread instead of one per core)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, queryRows, writeSnapshot } from '../cli/history-store';
import { runForecast, type ForecastSettings } from '../core/engine';
import { SAMPLE_RATES, generateSampleSheet } from '../core/sample';
import { asQuery, dialectOf, forecastSql, snapshotRows, snapshotTableDdl } from '../core/sql';

const DEALS = Number(process.env.BENCH_DEALS ?? 100_000);
const WEEKS = (process.env.BENCH_WEEKS ?? '10,30,100').split(',').map(Number);
const SHEET_DEALS = Number(process.env.BENCH_SHEET_DEALS ?? 1_048_576);
const THREADS = process.env.BENCH_DUCKDB_THREADS ? Number(process.env.BENCH_DUCKDB_THREADS) : null;

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const peak = (): string => mb(process.resourceUsage().maxRSS * 1024);

async function timed<T>(label: string, body: () => Promise<T> | T): Promise<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await body();
  const c = process.cpuUsage(c0);
  console.log(
    `  ${label}: wall ${(performance.now() - t0).toFixed(0)} ms, CPU ${((c.user + c.system) / 1000).toFixed(0)} ms (all threads)`,
  );
  return out;
}

const SETTINGS: ForecastSettings = {
  segmentBy: ['Region'],
  period: 'quarter',
  baseCurrency: 'USD',
  rates: [['EUR', 1.08]],
};

/** DuckDB: generate deals x weeks snapshot rows in a fresh file, then compute the Forecasts. */
async function duckdbCase(weeks: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ff-bench-history-'));
  const path = join(dir, 'history.duckdb');
  const rows = DEALS * weeks;
  console.log(
    `DuckDB: ${DEALS.toLocaleString('en-US')} deals x ${weeks} weeks = ${rows.toLocaleString('en-US')} snapshot rows`,
  );
  const store = await openStore(path);
  try {
    if (THREADS) await store.conn.run(`SET threads = ${THREADS}`);
    const duck = dialectOf('duckdb');
    const sql = forecastSql(SETTINGS, duck);
    await store.conn.run(snapshotTableDdl(duck, sql.segments));
    // Deterministic rows: per deal attributes from hash(d); stage and close date drift by week.
    await timed('generate and load the rows (one INSERT ... SELECT)', () =>
      store.conn.run(`INSERT INTO ff_snapshot
SELECT DATE '2024-01-05' + CAST(w * 7 AS INTEGER) AS snapshot_date,
  CONCAT('D', CAST(d AS VARCHAR)) AS deal_key,
  CONCAT('Opportunity ', CAST(d AS VARCHAR)) AS opportunity,
  CONCAT('Account ', CAST(d % 20000 AS VARCHAR)) AS account,
  CONCAT('Rep ', CAST(d % 200 AS VARCHAR)) AS owner,
  ['Leads', 'Prospect', 'Opportunity', 'Pipeline', 'Upside', 'Committed', 'Closed Won', 'Lost'][1 + CAST((hash(d) + w // 13) % 8 AS INTEGER)] AS stage,
  CAST(hash(d) % 10000000 AS DECIMAL(38, 2)) * CAST('0.01' AS DECIMAL(3, 2)) AS amount,
  CASE WHEN d % 10 = 0 THEN 'EUR' ELSE 'USD' END AS currency,
  NULL AS probability,
  CASE WHEN d % 50 = 0 THEN NULL ELSE DATE '2024-01-01' + CAST(hash(d) % 900 AS INTEGER) + CAST(w AS INTEGER) END AS close_date,
  DATE '2023-06-01' + CAST(hash(d) % 200 AS INTEGER) AS created_date,
  NULL AS category, NULL AS ladder_stage, NULL AS status,
  ['East', 'West', 'North', 'South'][1 + CAST(d % 4 AS INTEGER)] AS seg_region
FROM range(${weeks}) AS t(w), range(${DEALS}) AS u(d)`),
    );
    await store.conn.run('CHECKPOINT');
    console.log(`  store file ${mb(statSync(path).size)}`);
    const all = await timed(`Forecast of all ${weeks} snapshots (ff_forecast)`, () =>
      queryRows(store, asQuery(sql, 'SELECT * FROM ff_forecast')),
    );
    // Three times: its cost once depended on the order DuckDB ran its pipelines in.
    let latest: Record<string, unknown>[] = [];
    for (let i = 1; i <= 3; i++)
      latest = await timed(`Forecast of the latest snapshot (ff_forecast_as_of), run ${i}`, () =>
        queryRows(store, asQuery(sql)),
      );
    const weighted = latest.reduce((s, r) => s + Number(r.weighted), 0);
    console.log(
      `  rows out: ff_forecast ${all.length}, ff_forecast_as_of ${latest.length} (weighted total ${weighted.toFixed(2)})`,
    );
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  peak RSS of this process ${peak()}`);
}

/** The TypeScript engine on the sample sheet of SHEET_DEALS deals, then `history add` of it. */
async function engineCase(): Promise<void> {
  console.log(`Engine: ${SHEET_DEALS.toLocaleString('en-US')} deals (the sample generator)`);
  const sheet = generateSampleSheet({ deals: SHEET_DEALS, clean: true, seed: 7 });
  const settings: ForecastSettings = {
    asOf: '2026-06-30',
    segmentBy: ['Region'],
    rates: SAMPLE_RATES,
  };
  const result = await timed('runForecast (parse + forecast)', () => runForecast(sheet, settings));
  console.log(`  forecast rows ${result.forecast.length}, peak RSS so far ${peak()}`);
  const dir = mkdtempSync(join(tmpdir(), 'ff-bench-history-'));
  try {
    const snap = await timed(
      'snapshotRows (keys checked, rounding counted; the rows are built as the append writes them)',
      () => snapshotRows(result, { date: '2026-06-30', segmentBy: settings.segmentBy }),
    );
    const store = await openStore(join(dir, 'history.duckdb'));
    try {
      await timed(
        "append to the store in one transaction (rows built from the engine's columns, CSV, DuckDB)",
        () =>
          writeSnapshot(store, snap, {
            date: '2026-06-30',
            source: 'sample',
            baseCurrency: result.baseCurrency ?? null,
            asOf: '2026-06-30',
            rates: SAMPLE_RATES as (string | number)[][],
          }),
      );
      const sql = forecastSql(
        { ...settings, baseCurrency: result.baseCurrency ?? undefined },
        dialectOf('duckdb'),
      );
      const rows = await timed('Forecast of that snapshot in DuckDB', () =>
        queryRows(store, asQuery(sql)),
      );
      // Parity at scale: the largest difference of any money cell, engine vs SQL.
      const byKey = new Map(rows.map((r) => [`${String(r.seg_region)}|${String(r.period)}`, r]));
      let worst = 0;
      for (const f of result.forecast) {
        const r = byKey.get(`${f.segment.Region}|${f.period}`);
        if (!r) throw new Error(`no SQL row for ${f.segment.Region} ${f.period}`);
        for (const [col, v] of [
          ['amount', f.amount],
          ['weighted', f.weighted],
          ['commit_cumulative', f.commitCumulative],
          ['open_amount', f.openAmount ?? 0],
        ] as const)
          worst = Math.max(worst, Math.abs(Number(r[col]) - v));
      }
      console.log(
        `  forecast rows: engine ${result.forecast.length}, DuckDB ${rows.length}; largest money difference ${worst.toFixed(6)} (the SQL rounds to the cent, the engine does not)`,
      );
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  peak RSS of this process ${peak()}`);
}

async function main(): Promise<void> {
  const part = process.argv[2];
  if (part === 'duckdb') return duckdbCase(Number(process.argv[3]));
  if (part === 'engine') return engineCase();
  // The parent: each case in its own process.
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, ...args], {
      stdio: 'inherit',
    });
  for (const w of WEEKS) if (run('duckdb', String(w)).status !== 0) process.exitCode = 1;
  if (run('engine').status !== 0) process.exitCode = 1;
  console.log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

void main();
