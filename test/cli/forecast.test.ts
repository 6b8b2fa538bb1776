/** `npm run cli -- forecast`, as a user runs it (in process for speed, plus one real process). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerForecastCommand } from '../../cli/forecast-command';
import { readTableFile } from '../../files';

const ROOT = path.resolve(__dirname, '../..');
const DATASETS = path.resolve(__dirname, '../../../shared/datasets');
const MAVEN = path.join(DATASETS, 'maven-crm/sales_pipeline.csv');

async function cli(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
  const program = new Command('funnel-forecast').exitOverride();
  registerForecastCommand(program);
  process.exitCode = undefined;
  let code = 0;
  try {
    await program.parseAsync(['node', 'funnel-forecast', 'forecast', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (x) {
    code = (x as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
  return { out, err, code };
}

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
    const r = await cli(MAVEN);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/as of \d{4}-\d{2}-\d{2} \(today/);
  });

  it('prints one JSON object with the documented keys, numbers unrounded', async () => {
    const r = await cli(MAVEN, '--json', '--as-of', '2017-12-31', '--segment-by', 'sales_agent');
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
    [['--map', 'amont=Value'], /--map amont=Value: write field=Header/],
    [['no-such-file.csv'], /no such file/],
    [['--out', 'nowhere/at/all/out.xlsx'], /does not exist/],
    [['--out', 'out.txt'], /\.xlsx workbook/],
    [['--stages', 'missing.csv'], /--stages missing\.csv: no such file/],
    [[MAVEN, '--map', 'amount=Nope', '--as-of', '2017-01-01'], /no column has that header/],
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
