/**
 * Parity: the pipeline-change bridge computed by the generated SQL in DuckDB
 * equals core/change's, row for row (segment x bucket and total, Start and End
 * included), money to the cent, and each deal lands in the same bucket, on
 * every shared pipeline-change vector. The engine parses each snapshot; the
 * snapshot table holds its parsed values; the SQL does the bridge.
 */
import { openStore, type Store } from '../../cli/history-store';
import {
  runPipelineChange,
  type ChangeRow,
  type PipelineChangeOptions,
  type SnapshotSource,
} from '../../core/change';
import type { ForecastSettings } from '../../core/engine';
import { RATES, generateSnapshots } from '../change/snapshot-generator';
import { cellFromJson, changeVectorFiles, readChangeVector } from '../vectors/change-vectors';
import { compareChange, loadSnapshots } from './support/parity';

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
    await loadSnapshots(
      store,
      sources,
      { ...settings, ...(base ? { baseCurrency: base } : {}) },
      change.to.keyHeader,
    );
    const sql = await compareChange(store, file, change, settings);
    expect(sql.window).toEqual(change.window);
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
