/**
 * A warehouse snapshot table filled from the CRM leaves the engine's decisions
 * NULL (ladder stage, status, category; docs/warehouse.md): the SQL must then
 * decide as the engine does. Cases: a stage no table knows, weighted by its own
 * probability (placed on the ladder by it, 100% = won); a Lead at its own 10%
 * (forecast in its probability's category, not Omitted); a category column
 * that says Omitted for a weighted open deal (weighted 0%); a category that
 * contradicts the status (won called Commit, lost called Pipeline, open called
 * Closed: overruled). The engine runs on
 * the sheet; the SQL on the same values typed into the snapshot table.
 */
import { openStore, queryRows, type Store } from '../../cli/history-store';
import { runForecast } from '../../core/engine';
import { asQuery, dialectOf, forecastSql, snapshotTableDdl } from '../../core/sql';
import { forecastMoneyMismatches } from './support/parity';

const AS_OF = '2026-03-31';
// Opportunity, Stage, Amount, Probability (blank = none), Close Date, Forecast Category (blank = none)
const DEALS: [string, string, number, number | null, string, string | null][] = [
  ['P1', 'Leads', 1000, 0.1, '2026-05-15', null],
  ['P2', 'Mystery Stage', 2000, 0.4, '2026-05-20', null],
  ['P3', 'Pipeline', 3000, null, '2026-05-20', null],
  ['P4', 'Pipeline', 3000, 0.5, '2026-05-20', 'Omitted'],
  ['P5', 'Mystery Stage', 1000, 1, '2026-05-20', null],
  ['P6', 'Mystery Stage', 1000, 0, '2026-05-20', null],
  ['P7', 'Upside', 1500, 0.65, '2026-08-02', null],
  ['P8', 'Leads', 800, null, '2026-08-02', null],
  ['P9', 'Mystery Stage', 700, 0.75, '2026-08-03', null],
  ['P10', 'Committed', 900, 0.95, '2026-08-04', 'Best Case'],
  ['P11', 'Closed Won', 1200, 0.3, '2026-02-01', null],
  ['P12', 'Lost', 600, 0.3, '2026-02-01', null],
  ['P13', 'Mystery Stage', 450, 0.6, '2026-02-11', null],
  // A category that contradicts the status: Closed is won money only (docs/engine.md).
  ['P14', 'Closed Won', 500, null, '2026-02-12', 'Commit'],
  ['P15', 'Lost', 400, null, '2026-02-12', 'Pipeline'],
  ['P16', 'Pipeline', 300, null, '2026-02-12', 'Closed'],
  ['P17', 'Leads', 250, 0.1, '2026-02-12', 'Closed'],
];

describe('the SQL decides as the engine for rows the warehouse leaves undecided', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:');
    const duck = dialectOf('duckdb');
    await store.conn.run(snapshotTableDdl(duck, []));
    const sqlText = (v: string | number | null) =>
      v === null ? 'NULL' : typeof v === 'number' ? String(v) : duck.literal(v);
    await store.conn.run(
      `INSERT INTO ff_snapshot (snapshot_date, deal_key, stage, amount, probability, close_date, category) VALUES ${DEALS.map(
        ([key, stage, amount, p, close, category]) =>
          `(DATE '${AS_OF}', ${sqlText(key)}, ${sqlText(stage)}, ${amount}, ${sqlText(p)}, DATE '${close}', ${sqlText(category)})`,
      ).join(', ')}`,
    );
  });
  afterAll(() => store.close());

  it('gives the engine’s Forecast, cell for cell', async () => {
    const sheet = {
      name: 'Deals',
      firstRow: 1,
      values: [
        ['Opportunity', 'Stage', 'Amount', 'Probability', 'Close Date', 'Forecast Category'],
        ...DEALS.map(([key, stage, amount, p, close, category]) => [
          key,
          stage,
          amount,
          p,
          new Date(`${close}T00:00:00Z`),
          category,
        ]),
      ],
    };
    const result = runForecast(sheet, { asOf: AS_OF });
    expect(result.mapping.fields.category?.header).toBe('Forecast Category');
    const sql = forecastSql({ asOf: AS_OF }, dialectOf('duckdb'));
    const rows = await queryRows(store, `${asQuery(sql)} ORDER BY period_order`);
    expect(rows.map((r) => r.period)).toEqual(result.forecast.map((f) => f.period));
    result.forecast.forEach((want, i) => {
      const got = rows[i]!;
      expect(Number(got.deals)).toBe(want.deals);
      expect(forecastMoneyMismatches(got, want).map((m) => `${want.period} ${m}`)).toEqual([]);
    });
  });

  it('places each deal as the engine does: ladder stage, status, category, probability', async () => {
    const sql = forecastSql({ asOf: AS_OF }, dialectOf('duckdb'));
    const rows = await queryRows(
      store,
      asQuery(
        sql,
        'SELECT deal_key, ladder_stage, status, category, CAST(probability AS DOUBLE) AS p FROM ff_deal_as_of ORDER BY deal_key',
      ),
    );
    const byKey = Object.fromEntries(
      rows.map((r) => [r.deal_key, [r.ladder_stage, r.status, r.category, r.p]]),
    );
    expect(byKey).toMatchObject({
      P1: ['Leads', 'open', 'Pipeline', 0.1],
      P2: ['Opportunity', 'open', 'Pipeline', 0.4],
      P4: ['Pipeline', 'open', 'Omitted', 0],
      P5: ['Won', 'won', 'Closed', 1],
      P6: ['Leads', 'open', 'Omitted', 0],
      P9: ['Committed', 'open', 'Commit', 0.75],
      P13: ['Upside', 'open', 'Best Case', 0.6],
    });
  });
});
