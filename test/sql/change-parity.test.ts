/**
 * Parity: the pipeline-change bridge computed by the generated SQL in DuckDB
 * equals core/change's, row for row (segment x bucket and total, Start and End
 * included), money to the cent, and each deal lands in the same bucket, on
 * every shared pipeline-change vector. The engine parses each snapshot; the
 * snapshot table holds its parsed values; the SQL does the bridge.
 */
import { openStore, queryRows, writeSnapshot, type Store } from '../../cli/history-store';
import {
  runPipelineChange,
  type ChangeRow,
  type PipelineChangeOptions,
  type SnapshotSource,
} from '../../core/change';
import type { ForecastSettings } from '../../core/engine';
import { RATES, generateSnapshots } from '../change/snapshot-generator';
import { runForecast } from '../../core/engine';
import { asQuery, changeSql, dialectOf, snapshotRows } from '../../core/sql';
import { cellFromJson, changeVectorFiles, readChangeVector } from '../vectors/change-vectors';
import { sameCents } from './support/parity';

describe('Pipeline change in DuckDB = core/change, on the shared change vectors', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:');
  });
  afterAll(() => store.close());

  it('runs every vector', () => expect(changeVectorFiles.length).toBeGreaterThanOrEqual(3));

  /** Runs core/change and the SQL on the same snapshots; compares; returns the engine's rows. */
  async function checkBridge(
    file: string,
    sources: SnapshotSource[],
    settings: ForecastSettings,
    options: PipelineChangeOptions,
  ): Promise<ChangeRow[]> {
    const change = runPipelineChange(sources, settings, options);
    const base = change.baseCurrency ?? undefined;

    await store.conn.run('DROP TABLE IF EXISTS ff_snapshot');
    await store.conn.run('DROP TABLE IF EXISTS ff_snapshot_meta');
    for (const s of sources) {
      const own = { ...settings, asOf: s.asOf, ...(base ? { baseCurrency: base } : {}) };
      const result = runForecast(s.sheet, own);
      const snap = snapshotRows(result, {
        date: s.asOf,
        segmentBy: settings.segmentBy,
        keyHeader: change.to.keyHeader,
        repeatedKeys: 'first',
      });
      await writeSnapshot(store, snap, {
        date: s.asOf,
        source: s.sheet.name,
        baseCurrency: base ?? null,
        asOf: s.asOf,
      });
    }
    const sql = changeSql(
      { ...settings, ...(base ? { baseCurrency: base } : {}) },
      dialectOf('duckdb'),
      { fromDate: change.from.date, toDate: change.to.date, window: change.window.label },
    );
    expect(sql.window).toEqual(change.window);

    // The Pipeline change table.
    const rows = await queryRows(store, asQuery(sql, 'SELECT * FROM ff_change'));
    const keyOf = (scope: string, values: string[], step: string) =>
      JSON.stringify([scope, ...values, step]);
    const got = new Map(
      rows.map((r) => [
        keyOf(
          String(r.scope),
          r.scope === 'total' ? [] : sql.segments.map((s) => String(r[s.column])),
          String(r.step),
        ),
        r,
      ]),
    );
    expect(rows).toHaveLength(change.rows.length);
    for (const want of change.rows) {
      const values = Object.values(want.segment);
      const key = keyOf(values.length ? 'segment' : 'total', values, want.bucket);
      const r = got.get(key);
      if (!r) throw new Error(`${file}: no SQL row for ${key}`);
      expect([key, Number(r.deals)]).toEqual([key, want.deals]);
      if (!sameCents(r.amount, want.amount) || !sameCents(r.weighted, want.weighted))
        throw new Error(
          `${file} ${key}: SQL ${String(r.amount)} / ${String(r.weighted)}, engine ${want.amount} / ${want.weighted}`,
        );
    }

    // Every deal of Start or End, in the same bucket.
    const deals = await queryRows(
      store,
      asQuery(sql, 'SELECT deal_key, bucket FROM ff_change_deal ORDER BY deal_key'),
    );
    const engineDeals = Array.from({ length: change.dealCount }, (_, k) => change.deal(k));
    expect(Object.fromEntries(deals.map((d) => [String(d.deal_key), d.bucket]))).toEqual(
      Object.fromEntries(engineDeals.map((d) => [d.key, d.bucket])),
    );
    return change.rows;
  }

  it.each(changeVectorFiles)('%s', async (file) => {
    const v = readChangeVector(file);
    const sources = v.snapshots.map((s) => ({
      sheet: { name: s.name, values: s.values.map((r) => r.map(cellFromJson)) },
      asOf: s.asOf,
    }));
    await checkBridge(file, sources, v.settings, v.options ?? {});
  });

  it.each([
    [1, ['Owner']],
    [2, ['Owner']],
    [3, []],
  ])(
    'seeded snapshots (test/change/snapshot-generator), seed %i, segments %j',
    async (seed, segmentBy) => {
      const snaps = generateSnapshots({ seed, deals: 200, weeks: 3 });
      const sources = snaps.map((s) => ({
        sheet: { name: s.name, values: s.values },
        asOf: s.asOf,
      }));
      const rows = await checkBridge(
        `seed ${seed}`,
        sources,
        { segmentBy, rates: RATES },
        {
          window: '2026-Q4',
          key: 'Opportunity ID',
        },
      );
      // The planted buckets are there (so the comparison covered them), moves included when segmented.
      const total = rows.filter((r) => Object.keys(r.segment).length === 0);
      for (const bucket of [
        'removed',
        'won',
        'lost',
        'pushedOut',
        'pulledOut',
        'reopened',
        'pulledIn',
        'pushedIn',
        'new',
        'increased',
        'decreased',
        'advanced',
        'regressed',
        'unchanged',
      ])
        expect([bucket, total.find((r) => r.bucket === bucket)!.deals > 0]).toEqual([bucket, true]);
      if (segmentBy.length)
        expect(rows.some((r) => r.bucket === 'movedOut' && r.deals > 0 && r.amount !== 0)).toBe(
          true,
        );
    },
  );
});
