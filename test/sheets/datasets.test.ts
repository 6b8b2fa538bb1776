/**
 * A real public deal sheet kept in the repository (test/fixtures, MIT) through
 * the built Code.js on a fake spreadsheet in a far-east time zone, against
 * core's runJob on the same values: the summary and every output cell must be
 * identical. The larger public datasets: test/datasets/sheets.test.ts.
 */
import { OPPORTUNITY_TRACKING_CSV } from '../fixtures';
import { expectBundleMatchesCore } from './support/dataset-run';

test('opportunity-tracking: the bundle gives core’s numbers, cell for cell', async () => {
  await expectBundleMatchesCore(OPPORTUNITY_TRACKING_CSV, {
    asOf: '2015-06-30',
    period: 'quarter',
    segmentBy: ['Region'],
  });
});
