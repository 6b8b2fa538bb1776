/**
 * The public datasets (../shared/datasets) loaded into DuckDB as snapshots,
 * the way `history add` stores them, and the DuckDB tables compared with the
 * engine's, cell for cell (test/sql/support/parity.ts: money to the cent,
 * counts exactly, rates to the engine's double):
 *
 * - maven-crm's sales pipeline (8,800 deals) as four quarter-end snapshots of
 *   2017, rebuilt from its dates: a deal is in the snapshot of day D once it
 *   was engaged (engage_date <= D, or no engage date), and a deal that closed
 *   after D is still open there (stage Pipeline, its close date the expected
 *   one). Forecast of every snapshot by sales agent, the Pipeline change of
 *   2017-Q4 between the last two, the Stage rates and the Forecast accuracy.
 * - opportunity-tracking (487 rows, one per opportunity and product, its own
 *   probabilities; each row keyed by its line): the Forecast by Region and
 *   month, fiscal year from April.
 * - IBM's sales win-loss (78,025 deals, no close dates): the Forecast by Region.
 */
import { openStore, type Store } from '../../cli/history-store';
import type { SnapshotSource } from '../../core/change';
import type { CellValue } from '../../core/cells';
import type { ForecastSettings, SourceSheet } from '../../core/engine';
import {
  checkAccuracy,
  checkChange,
  checkForecast,
  checkRates,
  loadSnapshots,
  uniqueKeys,
} from '../sql/support/parity';
import { datasetSheet } from './support';

let store: Store;
beforeAll(async () => {
  store = await openStore(':memory:');
});
afterAll(() => store.close());

const text = (v: CellValue | undefined): string =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);

/** maven-crm's pipeline as the CRM showed it on day `asOf` (see the header). */
function mavenAt(sheet: SourceSheet, asOf: string): SnapshotSource {
  const [head, ...body] = sheet.values;
  const at = (name: string) => head!.indexOf(name);
  const [stage, engage, close] = [at('deal_stage'), at('engage_date'), at('close_date')];
  const rows = body
    .filter((r) => text(r[engage]) === '' || text(r[engage]) <= asOf)
    .map((r) => {
      if (text(r[close]) === '' || text(r[close]) <= asOf) return r;
      const open = [...r];
      open[stage] = 'Pipeline';
      return open;
    });
  return { sheet: { name: `sales_pipeline ${asOf}`, values: [head!, ...rows] }, asOf };
}

describe('public datasets in DuckDB = the engine', () => {
  it('maven-crm, four snapshots: Forecast, Pipeline change, Stage rates, Forecast accuracy', async () => {
    const sheet = datasetSheet('maven-crm/sales_pipeline.csv');
    const key = 'opportunity_id';
    const sources = ['2017-03-31', '2017-06-30', '2017-09-30', '2017-12-31'].map((d) => {
      const s = mavenAt(sheet, d);
      return { ...s, sheet: { ...s.sheet, values: uniqueKeys(s.sheet.values, key) } };
    });
    const settings: ForecastSettings = { segmentBy: ['sales_agent'], period: 'quarter' };
    const results = await loadSnapshots(store, sources, settings, key);
    const label = 'maven-crm';
    expect(await checkForecast(store, label, sources, results, settings)).toBeGreaterThan(300);
    const change = await checkChange(store, label, sources, settings, key, '2017-Q4');
    const total = change.rows.filter((r) => Object.keys(r.segment).length === 0);
    for (const bucket of ['start', 'won', 'lost'])
      expect([bucket, total.find((r) => r.bucket === bucket)!.deals > 0]).toEqual([bucket, true]);
    const rates = await checkRates(store, label, sources, settings, key, 10);
    expect(rates.counts.won + rates.counts.lost).toBeGreaterThan(3000);
    const accuracy = await checkAccuracy(store, label, sources, settings, key);
    expect(accuracy.rows.length).toBeGreaterThan(50);
  }, 120_000);

  it('opportunity-tracking: the Forecast by Region and month, fiscal year from April', async () => {
    // One row per opportunity and product: Opportunity ID repeats, so each row gets its own key.
    const { values, ...rest } = datasetSheet('opportunity-tracking/opportunity_tracking_flat.csv');
    const sheet = {
      ...rest,
      values: values.map((r, i) => [...r, i === 0 ? 'Line' : `${text(r[0])}/${i}`]),
    };
    const sources = [{ sheet, asOf: '2015-06-30' }];
    const settings: ForecastSettings = {
      segmentBy: ['Region'],
      period: 'month',
      fiscalYearStart: 4,
    };
    const results = await loadSnapshots(store, sources, settings, 'Line');
    expect(
      await checkForecast(store, 'opportunity-tracking', sources, results, settings),
    ).toBeGreaterThan(20);
  }, 60_000);

  it('IBM sales win-loss (78,025 deals): the Forecast by Region', async () => {
    const sheet = datasetSheet('ibm-win-loss/WA_Fn-UseC_-Sales-Win-Loss.csv');
    const key = 'Opportunity Number';
    const sources = [
      { sheet: { ...sheet, values: uniqueKeys(sheet.values, key) }, asOf: '2024-12-31' },
    ];
    const settings: ForecastSettings = { segmentBy: ['Region'] };
    const results = await loadSnapshots(store, sources, settings, key);
    expect(results[0]!.counts.counted).toBeGreaterThan(70_000);
    expect(await checkForecast(store, 'ibm-win-loss', sources, results, settings)).toBeGreaterThan(
      5,
    );
  }, 120_000);
});
