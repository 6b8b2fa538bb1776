/**
 * The engine and the generated SQL in DuckDB on the same snapshots, compared
 * cell for cell: the Forecast, the Pipeline change, the Stage rates and the
 * Forecast accuracy. Money to the cent (the SQL rounds exact decimals once;
 * the engine keeps 15 significant digits), counts exactly, rates to the
 * engine's double. Used by test/sql and test/datasets.
 */
import { queryRows, writeSnapshot, type Store } from '../../../cli/history-store';
import { runPipelineChange, type SnapshotSource } from '../../../core/change';
import type { CellValue } from '../../../core/cells';
import {
  runForecast,
  type ForecastResult,
  type ForecastRow,
  type ForecastSettings,
} from '../../../core/engine';
import { forecastAccuracy, type AccuracyResult } from '../../../core/rates/accuracy';
import { historyFromSnapshots } from '../../../core/rates/snapshots';
import { computeStageRates, type StageRatesResult } from '../../../core/rates/stage-rates';
import { parseStageTable } from '../../../core/stages';
import {
  accuracySql,
  asQuery,
  changeSql,
  dialectOf,
  forecastSql,
  ratesSql,
  snapshotRows,
} from '../../../core/sql';

export const sameCents = (sql: unknown, engine: number): boolean =>
  Math.abs(Number(sql) - engine) <= 0.005 + 1e-9 * Math.abs(engine);

/** A double the SQL computed the engine's way: equal to the last bits (1e-12 relative). */
export const sameDouble = (sql: unknown, engine: number | null): boolean =>
  engine === null
    ? sql === null
    : sql !== null && Math.abs(Number(sql) - engine) <= 1e-12 * Math.max(1, Math.abs(engine));

/**
 * The store refuses a snapshot whose key repeats or is blank (history add), and the Forecast
 * counts every row: such rows are dropped from the sheets of both sides (the first row of a
 * key kept, as the bridge keeps it). The header is the first row.
 */
export function uniqueKeys(values: CellValue[][], keyHeader: string): CellValue[][] {
  const col = values[0]!.indexOf(keyHeader);
  if (col < 0) throw new Error(`no key column ${keyHeader} in the header row`);
  const seen = new Set<string>();
  return values.filter((r, i) => {
    if (i === 0) return true;
    const k = r[col];
    if (k === null || k === undefined || String(k).trim() === '') return false;
    if (seen.has(String(k).trim())) return false;
    seen.add(String(k).trim());
    return true;
  });
}

/** Replaces the store's snapshots with these, as `history add` writes them; returns each run. */
export async function loadSnapshots(
  store: Store,
  sources: readonly SnapshotSource[],
  settings: ForecastSettings,
  key: string | null,
): Promise<ForecastResult[]> {
  await store.conn.run('DROP TABLE IF EXISTS ff_snapshot');
  await store.conn.run('DROP TABLE IF EXISTS ff_snapshot_meta');
  const results: ForecastResult[] = [];
  for (const s of sources) {
    const result = runForecast(s.sheet, { ...settings, asOf: s.asOf });
    const snap = snapshotRows(result, {
      date: s.asOf,
      segmentBy: settings.segmentBy,
      keyHeader: key,
      repeatedKeys: 'first',
    });
    await writeSnapshot(store, snap, {
      date: s.asOf,
      source: s.sheet.name,
      baseCurrency: result.baseCurrency ?? null,
      asOf: s.asOf,
    });
    results.push(result);
  }
  return results;
}

/** The Forecast's money columns: the SQL's column, the engine's ForecastRow field. */
export const FORECAST_MONEY = [
  ['amount', 'amount'],
  ['weighted', 'weighted'],
  ['closed_amount', 'closed'],
  ['commit_amount', 'commit'],
  ['best_case_amount', 'bestCase'],
  ['pipeline_amount', 'pipeline'],
  ['omitted_amount', 'omitted'],
  ['commit_cumulative', 'commitCumulative'],
  ['best_case_cumulative', 'bestCaseCumulative'],
  ['pipeline_cumulative', 'pipelineCumulative'],
  ['spread', 'spread'],
  ['open_amount', 'openAmount'],
] as const;

/** The money cells of one SQL Forecast row that are not the engine's to the cent, each said as "column: SQL x, engine y". */
export function forecastMoneyMismatches(got: Record<string, unknown>, want: ForecastRow): string[] {
  const bad: string[] = [];
  for (const [col, field] of FORECAST_MONEY) {
    const w = want[field] as number;
    if (!sameCents(got[col], w)) bad.push(`${col}: SQL ${String(got[col])}, engine ${w}`);
  }
  return bad;
}

/** The key rows are matched by: a first part (date or scope), the segment values, a last (period or step). */
const rowKey = (first: string, values: string[], last: string): string =>
  JSON.stringify([first, ...values, last]);

/** SQL rows (with a day column) by rowKey(day, segment values, period). */
const bySnapshotSegmentPeriod = (
  rows: Record<string, unknown>[],
  segments: readonly { column: string }[],
): Map<string, Record<string, unknown>> =>
  new Map(
    rows.map((r) => [
      rowKey(
        String(r.day),
        segments.map((s) => String(r[s.column])),
        String(r.period),
      ),
      r,
    ]),
  );

/** ff_forecast of each snapshot date = the engine's Forecast of that snapshot. Returns the rows compared. */
export async function checkForecast(
  store: Store,
  label: string,
  sources: readonly SnapshotSource[],
  results: readonly ForecastResult[],
  settings: ForecastSettings,
): Promise<number> {
  const sql = forecastSql(settings, dialectOf('duckdb'));
  const rows = await queryRows(
    store,
    asQuery(sql, 'SELECT *, CAST(snapshot_date AS VARCHAR) AS day FROM ff_forecast'),
  );
  const got = bySnapshotSegmentPeriod(rows, sql.segments);
  let compared = 0;
  sources.forEach((s, i) => {
    for (const want of results[i]!.forecast) {
      const key = rowKey(s.asOf, Object.values(want.segment), want.period);
      const r = got.get(key);
      if (!r) throw new Error(`${label}: no SQL Forecast row for ${key}`);
      if (Number(r.deals) !== want.deals)
        throw new Error(`${label} ${key} deals: SQL ${String(r.deals)}, engine ${want.deals}`);
      const bad = forecastMoneyMismatches(r, want);
      if (bad.length) throw new Error(`${label} ${key} ${bad[0]}`);
      compared++;
    }
  });
  if (rows.length !== compared)
    throw new Error(`${label}: SQL has ${rows.length} Forecast rows, the engine ${compared}`);
  return compared;
}

/** ff_change and ff_change_deal = runPipelineChange of the two latest snapshots, for a window. */
export async function checkChange(
  store: Store,
  label: string,
  sources: readonly SnapshotSource[],
  settings: ForecastSettings,
  key: string | null,
  window: string,
): Promise<ReturnType<typeof runPipelineChange>> {
  const change = runPipelineChange(sources.slice(-2), settings, { window, key });
  await compareChange(store, label, change, settings);
  return change;
}

/**
 * ff_change and ff_change_deal of the store's snapshots = this bridge of core/change, row for
 * row and deal for deal (an Error naming the first difference). Returns the SQL it ran.
 */
export async function compareChange(
  store: Store,
  label: string,
  change: ReturnType<typeof runPipelineChange>,
  settings: ForecastSettings,
): Promise<ReturnType<typeof changeSql>> {
  const base = change.baseCurrency ?? undefined;
  const sql = changeSql(
    { ...settings, ...(base ? { baseCurrency: base } : {}) },
    dialectOf('duckdb'),
    {
      fromDate: change.from.date,
      toDate: change.to.date,
      window: change.window.label,
    },
  );
  const rows = await queryRows(store, asQuery(sql, 'SELECT * FROM ff_change'));
  const got = new Map(
    rows.map((r) => [
      rowKey(
        String(r.scope),
        r.scope === 'total' ? [] : sql.segments.map((s) => String(r[s.column])),
        String(r.step),
      ),
      r,
    ]),
  );
  if (rows.length !== change.rows.length)
    throw new Error(
      `${label}: SQL has ${rows.length} change rows, the engine ${change.rows.length}`,
    );
  for (const want of change.rows) {
    const values = Object.values(want.segment);
    const k = rowKey(values.length ? 'segment' : 'total', values, want.bucket);
    const r = got.get(k);
    if (!r) throw new Error(`${label}: no SQL change row for ${k}`);
    if (
      Number(r.deals) !== want.deals ||
      !sameCents(r.amount, want.amount) ||
      !sameCents(r.weighted, want.weighted)
    )
      throw new Error(
        `${label} ${k}: SQL ${String(r.deals)} / ${String(r.amount)} / ${String(r.weighted)}, engine ${want.deals} / ${want.amount} / ${want.weighted}`,
      );
  }
  const deals = await queryRows(
    store,
    asQuery(sql, 'SELECT deal_key, bucket FROM ff_change_deal ORDER BY deal_key'),
  );
  const sqlBuckets = Object.fromEntries(deals.map((d) => [String(d.deal_key), d.bucket]));
  for (let k = 0; k < change.dealCount; k++) {
    const d = change.deal(k);
    if (sqlBuckets[d.key] !== d.bucket)
      throw new Error(
        `${label} deal ${d.key}: SQL ${String(sqlBuckets[d.key])}, engine ${d.bucket}`,
      );
  }
  if (deals.length !== change.dealCount)
    throw new Error(`${label}: SQL has ${deals.length} deals, the engine ${change.dealCount}`);
  return sql;
}

/** ff_stage_rates = computeStageRates on historyFromSnapshots' rows. */
export async function checkRates(
  store: Store,
  label: string,
  sources: readonly SnapshotSource[],
  settings: ForecastSettings,
  key: string | null,
  priorStrength: number,
): Promise<StageRatesResult> {
  const history = historyFromSnapshots(sources, settings, key);
  const stageTable = settings.stageTable ? parseStageTable(settings.stageTable) : undefined;
  const want = computeStageRates(history.rows, { stageTable, priorStrength });
  const sql = ratesSql(settings, dialectOf('duckdb'), { priorStrength });
  const got = await queryRows(
    store,
    asQuery(sql, 'SELECT * FROM ff_stage_rates ORDER BY stage_order'),
  );
  const stages = got.map((r) => r.stage);
  const wantStages = want.rates.map((r) => r.stage.label);
  if (JSON.stringify(stages) !== JSON.stringify(wantStages))
    throw new Error(
      `${label}: SQL stages ${JSON.stringify(stages)}, engine ${JSON.stringify(wantStages)}`,
    );
  want.rates.forEach((w, i) => {
    const g = got[i]!;
    const id = `${label} ${w.stage.label}`;
    if (Number(g.n) !== w.n || Number(g.won) !== w.won)
      throw new Error(`${id}: SQL n ${String(g.n)} won ${String(g.won)}, engine ${w.n} / ${w.won}`);
    if (g.category !== w.stage.category || g.ladder_stage !== w.stage.ladder)
      throw new Error(`${id}: category or ladder stage differ`);
    for (const [col, value] of [
      ['probability', w.probability],
      ['raw_rate', w.rawRate],
      ['previous_probability', w.previousProbability],
    ] as const)
      if (!sameDouble(g[col], value))
        throw new Error(`${id} ${col}: SQL ${String(g[col])}, engine ${value}`);
  });
  return want;
}

/** ff_accuracy = forecastAccuracy of the snapshots' runs. */
export async function checkAccuracy(
  store: Store,
  label: string,
  sources: readonly SnapshotSource[],
  settings: ForecastSettings,
  key: string | null,
): Promise<AccuracyResult> {
  const history = historyFromSnapshots(sources, settings, key);
  const want = forecastAccuracy(history.runs, settings.fiscalYearStart ?? 1);
  const sql = accuracySql(settings, dialectOf('duckdb'));
  const rows = await queryRows(
    store,
    asQuery(sql, 'SELECT *, CAST(snapshot_date AS VARCHAR) AS day FROM ff_accuracy'),
  );
  const byKey = bySnapshotSegmentPeriod(rows, sql.segments);
  if (rows.length !== want.rows.length)
    throw new Error(
      `${label}: SQL has ${rows.length} accuracy rows, the engine ${want.rows.length}`,
    );
  for (const w of want.rows) {
    const id = rowKey(w.snapshot, Object.values(w.segment), w.period);
    const g = byKey.get(id);
    if (!g) throw new Error(`${label}: no SQL accuracy row for ${id}`);
    if (Number(g.weeks_before_end) !== w.weeksBeforeEnd || g.bias !== w.bias)
      throw new Error(`${label} ${id}: weeks or bias differ`);
    for (const [col, value] of [
      ['weighted', w.weighted],
      ['commit_amount', w.commit],
      ['best_case_amount', w.bestCase],
      ['actual', w.actual],
      ['error', w.error],
    ] as const)
      if (!sameCents(g[col], value))
        throw new Error(`${label} ${id} ${col}: SQL ${String(g[col])}, engine ${value}`);
    // Ratios of exact decimal sums against the engine's doubles: 1e-9 relative.
    for (const [col, value] of [
      ['ratio', w.ratio],
      ['absolute_percentage_error', w.absolutePercentageError],
    ] as const)
      if (
        value === null
          ? g[col] !== null
          : Math.abs(Number(g[col]) - value) > 1e-9 * Math.max(1, Math.abs(value))
      )
        throw new Error(`${label} ${id} ${col}: SQL ${String(g[col])}, engine ${value}`);
  }
  return want;
}
