/**
 * The Forecast of one snapshot (ff_forecast_as_of, what `history forecast`
 * runs) reads one snapshot's rows: the snapshot date is picked below the stage
 * join and the sums. Before, it was a filter on ff_forecast, which DuckDB could
 * push down only at run time (a join filter from the date's subquery, there
 * only when that subquery finished before the scan started): with one thread
 * every snapshot went through ff_deal and the sums (docs/benchmarks.md,
 * history). Checked on DuckDB's profile (rows per operator), not on time.
 */
import { openStore, queryRows, type Store } from '../../cli/history-store';
import type { ForecastSettings } from '../../core/engine';
import { asQuery, dialectOf, forecastSql, snapshotTableDdl } from '../../core/sql';

const DEALS = 3000;
const WEEKS = 12;
const FIRST = '2026-01-02';

interface PlanNode {
  operator_name?: string;
  operator_cardinality?: number;
  children?: PlanNode[];
}

/** Every operator of the profiled plan, with the rows it gave. */
function operators(node: PlanNode, out: { name: string; rows: number }[] = []) {
  if (node.operator_name)
    out.push({ name: node.operator_name.trim(), rows: node.operator_cardinality ?? 0 });
  for (const child of node.children ?? []) operators(child, out);
  return out;
}

/** The ISO day `days` after the snapshot of `week` (week 0 is FIRST). */
const dayOf = (week: number, days = 0) =>
  new Date(Date.parse(`${FIRST}T00:00:00Z`) + (week * 7 + days) * 86400000)
    .toISOString()
    .slice(0, 10);

describe('ff_forecast_as_of reads one snapshot', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:');
    // One thread: the order in which DuckDB ran the pipelines decided the old plan's cost.
    await store.conn.run('SET threads = 1');
    const duck = dialectOf('duckdb');
    const sql = forecastSql({ segmentBy: ['Region'] }, duck);
    await store.conn.run(snapshotTableDdl(duck, sql.segments));
    // Snapshots inserted newest first, so the latest is not simply the last rows written.
    await store.conn.run(`INSERT INTO ff_snapshot
SELECT DATE '${FIRST}' + CAST(w * 7 AS INTEGER), CONCAT('D', CAST(d AS VARCHAR)), NULL, NULL, NULL,
  ['Prospect', 'Pipeline', 'Upside', 'Committed', 'Closed Won', 'Lost'][1 + CAST((d + w) % 6 AS INTEGER)],
  CAST(d * 10 + w AS DECIMAL(38, 2)), CASE WHEN d % 7 = 0 THEN 'EUR' ELSE 'USD' END, NULL,
  DATE '2026-01-01' + CAST((d * 13 + w) % 400 AS INTEGER), NULL, NULL, NULL, NULL,
  ['East', 'West'][1 + CAST(d % 2 AS INTEGER)]
FROM range(${WEEKS - 1}, -1, -1) AS t(w), range(${DEALS}) AS u(d)`);
  });
  afterAll(() => store.close());

  const cases: [string, ForecastSettings, string][] = [
    [
      'the latest snapshot, base currency and rates given',
      { baseCurrency: 'USD', rates: [['EUR', 1.08]] },
      dayOf(WEEKS - 1),
    ],
    ['as of a date between snapshots, base currency per snapshot', { asOf: dayOf(4, 3) }, dayOf(4)],
  ];

  it.each(cases)('%s', async (_name, settings, expected) => {
    const sql = forecastSql({ ...settings, segmentBy: ['Region'] }, dialectOf('duckdb'));
    const r = await store.conn.runAndReadAll(`EXPLAIN (ANALYZE, FORMAT json) ${asQuery(sql)}`);
    const plan = JSON.parse(String(r.getRows()[0]![1])) as PlanNode | PlanNode[];
    const ops = operators(Array.isArray(plan) ? plan[0]! : plan);
    expect(ops.some((o) => o.name === 'HASH_GROUP_BY')).toBe(true);
    // Only the date's MAX reads other snapshots' dates; every join (the stage table's first),
    // filter, window and sum works on one snapshot's DEALS rows at most.
    const wide = ops.filter((o) => /JOIN|FILTER|GROUP_BY|WINDOW/.test(o.name) && o.rows > DEALS);
    expect(wide).toEqual([]);

    // And it is ff_forecast of that date, row for row.
    const asOf = await queryRows(store, `${asQuery(sql)} ORDER BY seg_region, period_order`);
    const all = await queryRows(
      store,
      asQuery(
        sql,
        `SELECT * FROM ff_forecast WHERE snapshot_date = DATE '${expected}' ORDER BY seg_region, period_order`,
      ),
    );
    expect(all.length).toBe(10); // 2 regions x 5 quarters
    expect(asOf).toEqual(all);
  });
});
