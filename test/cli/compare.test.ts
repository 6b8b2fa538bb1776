/** `npm run cli -- forecast NEW.csv --compare OLD.csv ...`: the pipeline-change bridge on the command line. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { dateInFileName as dateInName, runPipelineChange } from '../../core/change';
import { readTableFile } from '../../files';
import { RATES, generateSnapshots } from '../change/snapshot-generator';
import { cli } from './support/forecast-cli';

const tmp = mkdtempSync(path.join(tmpdir(), 'ff-compare-'));
const weeks = generateSnapshots({ seed: 5, deals: 150, weeks: 3 });
const files = weeks.map((w) => {
  const f = path.join(tmp, `deals-${w.asOf}.csv`);
  writeFileSync(f, Papa.unparse(w.values));
  return f;
});
const undated = path.join(tmp, 'old-export.csv');
writeFileSync(undated, Papa.unparse(weeks[0]!.values));
const rates = path.join(tmp, 'rates.csv');
writeFileSync(rates, Papa.unparse(RATES));
const [w0, w1, w2] = weeks as [(typeof weeks)[0], (typeof weeks)[0], (typeof weeks)[0]];
const [, f1, f2] = files as [string, string, string];

describe('forecast --compare', () => {
  it('adds "change" and "dealChanges" to --json, the same bridge as the core computes', async () => {
    const r = await cli(
      f2,
      '--as-of',
      w2.asOf,
      '--rates',
      rates,
      '--compare',
      f1,
      '--segment-by',
      'Owner',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(`dated ${w1.asOf} (from its name`);
    const json = JSON.parse(r.out);
    const core = runPipelineChange(
      [
        { sheet: { name: 'a', values: w1.values }, asOf: w1.asOf },
        { sheet: { name: 'b', values: w2.values }, asOf: w2.asOf },
      ],
      { rates: RATES, segmentBy: ['Owner'] },
    );
    expect(json.change).toEqual(JSON.parse(JSON.stringify(core.rows)));
    expect(Object.keys(json.change[0]).sort()).toEqual([
      'amount',
      'bucket',
      'deals',
      'segment',
      'weighted',
    ]);
    expect(json.dealChanges).toHaveLength(core.dealCount);
    expect(json.dealChanges[0]).toEqual(
      expect.objectContaining({
        key: expect.any(String),
        bucket: expect.any(String),
        fromStage: expect.anything(),
        toStage: expect.anything(),
        fromAmount: expect.any(Number),
        toAmount: expect.anything(),
        fromCloseDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      }),
    );
    expect(json.dealChanges.map((d: { toCloseDate: unknown }) => d.toCloseDate)).toContain(null);
    expect(json.trend).toBeNull();
    expect(json.changeInfo.window).toEqual({
      label: '2026-Q4',
      first: '2026-10-01',
      last: '2026-12-31',
    });
    expect(json.changeIssues.length).toBeGreaterThan(0);
  });

  it('takes several earlier files: the latest is "from", all feed the Trend; --out gets the new sheets', async () => {
    const out = path.join(tmp, 'change.xlsx');
    const r = await cli(
      f2,
      '--as-of',
      w2.asOf,
      '--rates',
      rates,
      '--compare',
      f1,
      '--compare',
      undated,
      '--compare-as-of',
      w1.asOf,
      '--compare-as-of',
      w0.asOf,
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /Pipeline change 2026-Q4 .* from deals-2026-10-12 \(2026-10-12\) to deals-2026-10-19/,
    );
    expect(r.out).toMatch(/\n {2}start\s+\d+/);
    expect(r.out).toMatch(
      /Pipeline change \(\d+ rows\), Deal changes \(\d+ rows\), Stage flow \(\d+ rows\), Trend \(3 rows\), Change issues/,
    );
    const sheets = await readTableFile('change.xlsx', readFileSync(out));
    expect(sheets.map((s) => s.name)).toEqual([
      'FunnelData',
      'Forecast',
      'Funnel',
      'Pyramid',
      'Reps',
      'Data issues',
      'Assumptions',
      'Pipeline change',
      'Deal changes',
      'Stage flow',
      'Trend',
      'Change issues',
    ]);
    const trend = sheets.find((s) => s.name === 'Trend')!;
    expect(trend.values.slice(1).map((row) => row[1])).toEqual([
      'old-export',
      'deals-2026-10-12',
      'deals-2026-10-19',
    ]);
  });

  it('refuses what it cannot do, in one line, exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [[f2, '--as-of', w2.asOf, '--window', '2026-Q4'], /--window needs --compare FILE/],
      [[f1, '--as-of', w1.asOf, '--compare', f2], /is dated 2026-10-19, after deals-2026-10-12/],
      [[f2, '--as-of', w2.asOf, '--compare', undated], /give its date with --compare-as-of/],
      [
        [f2, '--as-of', w2.asOf, '--compare', f1, '--compare-as-of', '12/10/2026'],
        /--compare-as-of 12\/10\/2026: write the date as YYYY-MM-DD/,
      ],
      [
        [f2, '--as-of', w2.asOf, '--compare', f1, '--window', '2026-Q7'],
        /not a period label of this run/,
      ],
      [
        [f2, '--as-of', w2.asOf, '--compare', f1, '--key', 'Nope'],
        /The key column "Nope" is not a header/,
      ],
      [
        [f2, '--as-of', w2.asOf, '--compare', path.join(tmp, 'missing-2026-01-01.csv')],
        /no such file/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.err).toMatch(message);
      expect(
        r.err
          .trim()
          .split('\n')
          .filter((l) => !/^forecast: as of|from its name/.test(l)),
      ).toHaveLength(1);
    }
  });

  it('reads a date in a file name only when it is a real date', () => {
    expect(dateInName('/x/deals-2026-11-08.csv')).toBe('2026-11-08');
    expect(dateInName('export_20261108.xlsx')).toBe('2026-11-08');
    expect(dateInName('export-2026-02-30.csv')).toBeNull();
    expect(dateInName('deals.csv')).toBeNull();
  });
});
