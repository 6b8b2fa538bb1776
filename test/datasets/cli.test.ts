/**
 * `npm run cli -- forecast` on the maven-crm pipeline (../shared/datasets), as a
 * user runs it (in process). Moved from test/cli/forecast.test.ts unchanged.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTableFile } from '../../files';
import { datasetPath } from './support';
import { cli } from '../cli/support/forecast-cli';

const MAVEN = datasetPath('maven-crm/sales_pipeline.csv');

const tmp = mkdtempSync(path.join(tmpdir(), 'ff-cli-'));

describe('forecast command on maven-crm', () => {
  it('prints one JSON object with the documented keys (--deals), numbers unrounded', async () => {
    const r = await cli(
      MAVEN,
      '--json',
      '--deals',
      '--as-of',
      '2017-12-31',
      '--segment-by',
      'sales_agent',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual([
      'mapping',
      'deals',
      'forecast',
      'funnel',
      'tiers',
      'reps',
      'issues',
    ]);
    expect(j.deals).toHaveLength(8800);
    expect(j.deals[0]).toMatchObject({
      row: 2,
      stage: 'Won',
      closeDate: '2017-03-01',
      original: { opportunity_id: '1C1I7A6R' },
    });
    expect(j.forecast[0]).toEqual(
      expect.objectContaining({
        segment: { sales_agent: expect.any(String) },
        period: expect.any(String),
        deals: expect.any(Number),
        amount: expect.any(Number),
        weighted: expect.any(Number),
        closed: expect.any(Number),
        commit: expect.any(Number),
        bestCase: expect.any(Number),
        pipeline: expect.any(Number),
      }),
    );
    expect(Object.keys(j.tiers[0])).toEqual(
      expect.arrayContaining(['account', 'value', 'share', 'cumulativeShare', 'tier']),
    );
    expect(Object.keys(j.reps[0])).toEqual(
      expect.arrayContaining([
        'owner',
        'won',
        'lost',
        'winRate',
        'avgWonAmount',
        'avgCycleDays',
        'openAmount',
        'weighted',
        'velocityPerDay',
      ]),
    );
    expect(Object.keys(j.issues[0])).toEqual(
      expect.arrayContaining(['row', 'column', 'value', 'problem']),
    );
    const anna = j.reps.find((x: { owner: string }) => x.owner === 'Anna Snelling');
    expect(anna.winRate).toBe(208 / 336); // unrounded
    expect(j.mapping.counts).toMatchObject({ rows: 8800, counted: 6711, excluded: 2089 });
  });

  it('writes the workbook whole (temp file, then rename) with FunnelData first', async () => {
    const out = path.join(tmp, 'forecast.xlsx');
    const r = await cli(MAVEN, '--as-of', '2017-12-31', '--out', out, '--period', 'month');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Wrote .*forecast\.xlsx: FunnelData \(8800 rows\)/);
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp'))).toEqual([]);
    const sheets = await readTableFile('forecast.xlsx', readFileSync(out));
    expect(sheets.map((s) => s.name)).toEqual([
      'FunnelData',
      'Forecast',
      'Funnel',
      'Pyramid',
      'Reps',
      'Data issues',
      'Assumptions',
    ]);
    expect(sheets[1]!.values[1]![0]).toBe('2017-03');
  }, 60_000);
});
