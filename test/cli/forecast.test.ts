/** `npm run cli -- forecast`, as a user runs it (in process for speed, plus one real process). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OPPORTUNITY_TRACKING_CSV } from '../fixtures';
import { cli } from './support/forecast-cli';

const ROOT = path.resolve(__dirname, '../..');
// A deal file kept in the repository; the maven-crm cases are in test/datasets/cli.test.ts.
const DEALS_CSV = OPPORTUNITY_TRACKING_CSV;

const tmp = mkdtempSync(path.join(tmpdir(), 'ff-cli-'));

describe('forecast command', () => {
  it('runs on the built-in sample without a file and says which as-of date it used', async () => {
    const r = await cli('--segment-by', 'Region');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/as of 2026-06-30 \(the sample's date/);
    expect(r.out).toMatch(/Sample deals: header row 3, 360 deals/);
    expect(r.out).toMatch(
      /Region\s+Period\s+Deals\s+Amount \(USD\)\s+Weighted \(USD\)\s+Closed \(USD\)\s+Commit \(USD\)\s+Best Case \(USD\)/,
    );
    // Thousands separators on every money column, whole amounts included.
    expect(r.out).toMatch(/2025-Q3\s+\d+\s+\d{1,3},\d{3},\d{3}\.\d{2}/);
    expect(r.out).toMatch(/Data issues: .*Slipped close date \d+/);
    expect(r.out).toMatch(/Not converted \(no rate\): JPY/);
    const zh = await cli('--sample', 'zh', '--segment-by', '区域');
    expect(zh.out).toMatch(/中文 CRM/);
  });

  it('a file with no deal column: one line on stderr, exit code 2', async () => {
    const file = path.join(tmp, 'guests.csv');
    writeFileSync(file, 'Name,Colour\nAnn,red\n');
    const r = await cli(file, '--as-of', '2026-06-30');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/no deal column found/);
  });

  it('defaults the as-of date to today for a file, and says so', async () => {
    const r = await cli(DEALS_CSV);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/as of \d{4}-\d{2}-\d{2} \(today/);
  });

  it('prints the tables as JSON by default; --deals adds the deals and nothing else', async () => {
    const args = [DEALS_CSV, '--json', '--as-of', '2026-06-30'];
    const r = await cli(...args);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['mapping', 'forecast', 'funnel', 'tiers', 'reps', 'issues']);
    const withDeals = JSON.parse((await cli(...args, '--deals')).out);
    expect(Object.keys(withDeals)).toEqual([
      'mapping',
      'deals',
      'forecast',
      'funnel',
      'tiers',
      'reps',
      'issues',
    ]);
    expect(withDeals.deals).toHaveLength(j.mapping.counts.rows);
    const { deals: _deals, ...tables } = withDeals;
    expect(tables).toEqual(j);
  });

  it('--deals without --json is one clear line', async () => {
    const r = await cli('--deals');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--deals: use it with --json/);
  });

  it('reads stage, targets and rates files and honours --map', async () => {
    const deals = path.join(tmp, 'deals.csv');
    writeFileSync(
      deals,
      'Who,Step,Value,Money,Due\nAnn,Demo,1000,USD,2026-05-01\nAnn,Won,200,EUR,2026-04-10\nBob,Demo,500,USD,2026-05-02\n',
    );
    writeFileSync(path.join(tmp, 'stages.csv'), 'Demo,30%,Pipeline\nWon,100%,Closed\n');
    writeFileSync(path.join(tmp, 'targets.csv'), 'Owner,Period,Target\nAnn,2026-Q2,2000\n');
    writeFileSync(path.join(tmp, 'rates.csv'), 'EUR,1.5\n');
    const r = await cli(
      deals,
      '--json',
      '--as-of',
      '2026-04-15',
      '--map',
      'owner=Who',
      '--map',
      'stage=Step',
      '--map',
      'amount=Value',
      '--map',
      'currency=Money',
      '--map',
      'closeDate=Due',
      '--stages',
      path.join(tmp, 'stages.csv'),
      '--targets',
      path.join(tmp, 'targets.csv'),
      '--rates',
      path.join(tmp, 'rates.csv'),
      '--base-currency',
      'USD',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const ann = j.reps.find((x: { owner: string }) => x.owner === 'Ann');
    expect(ann).toMatchObject({
      won: 1,
      avgWonAmount: 300,
      weighted: 300,
      target: 2000,
      gap: 1400,
    });
    expect(j.mapping.fields.owner).toMatchObject({ header: 'Who', how: 'user' });
  });

  it.each([
    [['--period', 'week'], /--period week: use month, quarter or year/],
    [['--fiscal-year-start', '13'], /--fiscal-year-start 13/],
    [['--as-of', '31/12/2026'], /--as-of 31\/12\/2026: write the date as YYYY-MM-DD/],
    // Date.parse rolls 2026-02-30 over to March 2: a day that does not exist is refused.
    [['--as-of', '2026-02-30'], /--as-of 2026-02-30: write the date as YYYY-MM-DD/],
    [['--map', 'amont=Value'], /--map amont=Value: write field=Header/],
    [['no-such-file.csv'], /no such file/],
    [['--out', 'nowhere/at/all/out.xlsx'], /does not exist/],
    [['--out', 'out.txt'], /\.xlsx workbook/],
    [['--stages', 'missing.csv'], /--stages missing\.csv: no such file/],
    [[DEALS_CSV, '--map', 'amount=Nope', '--as-of', '2017-01-01'], /no column has that header/],
  ])('%p is one clear line and exit code 2', async (args, message) => {
    const r = await cli(...(args as string[]));
    expect(r.code).toBe(2);
    const lines = r.err
      .trim()
      .split('\n')
      .filter((l) => !l.includes('as of'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message as RegExp);
    expect(r.out).toBe('');
  });

  it('exits 2 from the real command line too', () => {
    // tsx loads the TypeScript entry as npm run cli does.
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'forecast', '--period', 'fortnight'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('forecast: --period fortnight: use month, quarter or year.');
  }, 30_000);
});

describe('forecast command: value and settings-file decisions (issue 9)', () => {
  const file = (name: string, text: string): string => {
    const p = path.join(tmp, name);
    writeFileSync(p, text);
    return p;
  };
  const deals = () =>
    file(
      'eu-deals.csv',
      'Opportunity,Owner,Stage,Amount,Close Date\nA,Ann,Won,"2.000",01/08/2026\nB,Ann,Won,"15.000",02/08/2026\n',
    );

  it('--decimal-comma and --day-first choose the readings, and the notes say so', async () => {
    const plain = JSON.parse(
      (await cli(deals(), '--as-of', '2026-06-01', '--json', '--deals')).out,
    );
    expect(plain.deals.map((d: { amount: number }) => d.amount)).toEqual([2, 15]);
    expect(plain.deals[0].closeDate).toBe('2026-01-08');
    expect(plain.mapping.notes.join('\n')).toMatch(/--decimal-comma or --decimal-point/);
    expect(plain.mapping.notes.join('\n')).toMatch(/--day-first or --month-first/);
    const r = await cli(
      deals(),
      '--as-of',
      '2026-06-01',
      '--json',
      '--deals',
      '--decimal-comma',
      '--day-first',
    );
    expect(r.code).toBe(0);
    const eu = JSON.parse(r.out);
    expect(eu.deals.map((d: { amount: number }) => d.amount)).toEqual([2000, 15000]);
    expect(eu.deals[0].closeDate).toBe('2026-08-01');
    const both = await cli(deals(), '--as-of', '2026-06-01', '--day-first', '--month-first');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--day-first and --month-first: give one of them/);
  });

  it.each([
    ['rates-ragged.csv', '--rates', 'Currency,Rate\nEUR,1,08\n', /Rates row 2: 3 cells/],
    ['rates-twice.csv', '--rates', 'EUR,1.08\nEUR,1.2\n', /Rates row 2: EUR is given twice/],
    [
      'targets-neg.csv',
      '--targets',
      'Owner,Period,Target\nAnn,2026-Q2,-5\n',
      /row 2: the target -5 is negative/,
    ],
    [
      'targets-twice.csv',
      '--targets',
      'Ann,2026-Q2,5\nAnn,2026-Q2,6\n',
      /row 2: Ann, 2026-Q2 is given twice/,
    ],
  ])(
    '%s is refused with the file and the row, exit code 2',
    async (name, option, text, message) => {
      const p = file(name, text);
      const r = await cli(option, p);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`forecast: ${option} ${p}: `);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    },
  );

  it('a header named __proto__ keeps its values in the JSON', async () => {
    const p = file('proto.csv', 'Stage,Amount,Close Date,__proto__\nWon,10,2026-01-05,East\n');
    const r = await cli(
      p,
      '--as-of',
      '2026-03-01',
      '--json',
      '--deals',
      '--segment-by',
      '__proto__',
    );
    const json = JSON.parse(r.out);
    expect(Object.keys(json.deals[0].original)).toEqual([
      'Stage',
      'Amount',
      'Close Date',
      '__proto__',
    ]);
    expect(Object.getOwnPropertyDescriptor(json.forecast[0].segment, '__proto__')?.value).toBe(
      'East',
    );
  });
});
