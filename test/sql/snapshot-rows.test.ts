/**
 * history add's snapshot rows read from the engine's deal columns equal the
 * rows read from result.deals (the DealRecord objects), cell for cell, on every
 * shared forecast vector, the seeded snapshots of test/change and the sample
 * sheet segmented by Region and Tier: the faster path changes nothing.
 */
import type { ForecastResult, ForecastSettings, SourceSheet } from '../../core/engine';
import { runForecast } from '../../core/engine';
import { dealStoreOf } from '../../core/engine/deals';
import { SAMPLE_RATES, generateSampleSheet } from '../../core/sample';
import { allSnapshotRows, snapshotRows } from '../../core/sql';
import { RATES, generateSnapshots } from '../change/snapshot-generator';
import { forecastVectorFiles, readForecastVector, vectorSheet } from '../vectors/forecast-vectors';

/** The same result without its column store: snapshotRows reads result.deals. */
const byRecords = (result: ForecastResult): ForecastResult => ({
  ...result,
  mapping: result.mapping,
  deals: result.deals,
});

function same(sheet: SourceSheet, settings: ForecastSettings, key: string | null) {
  const result = runForecast(sheet, settings);
  expect(dealStoreOf(result)).toBeDefined();
  const options = {
    date: '2026-06-30',
    segmentBy: settings.segmentBy,
    keyHeader: key,
    repeatedKeys: 'first' as const,
  };
  const plain = byRecords(result);
  expect(dealStoreOf(plain)).toBeUndefined();
  const fast = snapshotRows(result, options);
  const slow = snapshotRows(plain, options);
  expect(fast.size).toBeGreaterThan(0);
  const { fillRow: _f, ...fastRest } = fast;
  const { fillRow: _s, ...slowRest } = slow;
  expect(fastRest).toEqual(slowRest);
  expect(allSnapshotRows(fast)).toEqual(allSnapshotRows(slow));
}

describe('snapshot rows from the engine’s columns = from result.deals', () => {
  it.each(forecastVectorFiles)('%s', (file) => {
    const v = readForecastVector(file);
    const sheet = vectorSheet(v);
    const result = runForecast(sheet, v.settings);
    if (!result.mapping.fields.opportunity) return; // no key column to store by
    same(sheet, v.settings, null);
  });

  it('seeded snapshots with repeated and blank keys, segmented by Owner', () => {
    for (const s of generateSnapshots({ seed: 3, deals: 120, weeks: 3 }))
      same(
        { name: s.name, values: s.values },
        { segmentBy: ['Owner'], rates: RATES, asOf: s.asOf },
        'Opportunity ID',
      );
  });

  it('the sample sheet, segmented by Region and Tier', () => {
    const sheet = generateSampleSheet({ deals: 3000, clean: false, seed: 5 });
    same(sheet, { segmentBy: ['Region', 'Tier'], rates: SAMPLE_RATES, asOf: '2026-06-30' }, null);
  });
});
