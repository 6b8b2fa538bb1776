/**
 * The maven-crm pipeline (../shared/datasets) through the built Code.js on a
 * fake spreadsheet in a far-east time zone, against core's runJob on the same
 * values: the summary and every output cell must be identical. Needs the
 * Sheets build (npm test builds it; alone: npm run build:sheets).
 */
import { expectBundleMatchesCore } from '../sheets/support/dataset-run';
import { datasetPath } from './support';

test('maven-crm: the bundle gives core’s numbers, cell for cell', async () => {
  await expectBundleMatchesCore(datasetPath('maven-crm/sales_pipeline.csv'), {
    asOf: '2017-09-30',
    period: 'month',
    fiscalYearStart: 4,
  });
});
