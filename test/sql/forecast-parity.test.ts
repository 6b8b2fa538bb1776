/**
 * Parity: the Forecast computed by the generated SQL in DuckDB equals the
 * engine's, cell for cell, money to the cent, on every shared forecast vector.
 * The engine parses the sheet; the snapshot table holds its parsed values
 * (snapshotRows, as `history add` writes them); the SQL does the rest.
 */
import { openStore, queryRows, writeSnapshot, type Store } from '../../cli/history-store';
import { runForecast } from '../../core/engine';
import { asQuery, dialectOf, forecastSql, snapshotRows } from '../../core/sql';
import { forecastVectorFiles, readForecastVector, vectorSheet } from '../vectors/forecast-vectors';
import { forecastMoneyMismatches } from './support/parity';

describe('Forecast in DuckDB = the engine, on the shared forecast vectors', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:');
  });
  afterAll(() => store.close());

  it('runs every vector', () => expect(forecastVectorFiles.length).toBeGreaterThanOrEqual(4));

  it.each(forecastVectorFiles)('%s', async (file) => {
    const v = readForecastVector(file);
    const sheet = vectorSheet(v);
    const result = runForecast(sheet, v.settings);
    const date = v.settings.asOf!;
    const snap = snapshotRows(result, { date, segmentBy: v.settings.segmentBy });
    await store.conn.run('DROP TABLE IF EXISTS ff_snapshot');
    await writeSnapshot(store, snap, {
      date,
      source: file,
      baseCurrency: result.baseCurrency ?? null,
      asOf: date,
    });
    const sql = forecastSql(
      { ...v.settings, baseCurrency: result.baseCurrency ?? undefined },
      dialectOf('duckdb'),
    );
    const rows = await queryRows(store, asQuery(sql));

    const keyOf = (segment: Record<string, string>, period: string) =>
      JSON.stringify([...Object.values(segment), period]);
    const byKey = new Map(
      rows.map((r) => [
        keyOf(
          Object.fromEntries(sql.segments.map((s) => [s.header, String(r[s.column])])),
          String(r.period),
        ),
        r,
      ]),
    );
    expect(result.forecast.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(result.forecast.length);
    for (const want of result.forecast) {
      const key = keyOf(want.segment, want.period);
      const got = byKey.get(key);
      if (!got) throw new Error(`${file}: no SQL row for ${key}`);
      expect(Number(got.deals)).toBe(want.deals);
      const bad = forecastMoneyMismatches(got, want);
      if (bad.length) throw new Error(`${file} ${key} ${bad[0]}`);
    }
  });
});
