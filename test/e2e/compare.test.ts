/**
 * The standalone page with two files in real headless Chromium: a deal sheet
 * and an earlier export of it ("Compare with an earlier export") give the
 * pipeline bridge and its waterfall chart, with the figures of
 * `cli forecast --compare --json`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { generateSnapshots } from '../change/snapshot-generator';
import { REPO, checkAndCloseSession, openSession, type Session } from './support/browser';
import { openWithEarlierExport, readTable, runForecast, snap } from './support/page';

jest.setTimeout(240_000);

let session: Session | null = null;

afterEach(async () => {
  const s = session;
  session = null;
  await checkAndCloseSession(s);
});

interface ChangeJson {
  change: {
    segment: Record<string, string>;
    bucket: string;
    deals: number;
    amount: number;
    weighted: number;
  }[];
  dealChanges: unknown[];
}

describe('standalone page: compare with an earlier export', () => {
  test('two files give the bridge and the waterfall, with the CLI figures', async () => {
    const [w0, w1] = generateSnapshots({ seed: 13, deals: 120, weeks: 2 }) as [
      ReturnType<typeof generateSnapshots>[number],
      ReturnType<typeof generateSnapshots>[number],
    ];
    const dir = mkdtempSync(join(tmpdir(), 'ff-e2e-compare-'));
    const older = join(dir, `deals-${w0.asOf}.csv`);
    const newer = join(dir, `deals-${w1.asOf}.csv`);
    writeFileSync(older, Papa.unparse(w0.values));
    writeFileSync(newer, Papa.unparse(w1.values));
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'cli/main.ts',
        'forecast',
        newer,
        '--as-of',
        w1.asOf,
        '--compare',
        older,
        '--json',
      ],
      { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(run.status).toBe(0);
    const cli = JSON.parse(run.stdout) as ChangeJson;

    session = await openSession();
    const { page } = session;
    await openWithEarlierExport(page, session.server.origin, w1, w0);
    await runForecast(page, w1.asOf);
    await page.getByTestId('chart-waterfall').waitFor({ timeout: 30_000 });
    await snap(page, 'compare-waterfall');

    const rows = await readTable(page, 'PipelineChange');
    expect(
      rows.map((r) => [r.Bucket, Number(r.Deals), Number(r.Amount), Number(r.Weighted)]),
    ).toEqual(cli.change.map((r) => [r.bucket, r.deals, r.amount, r.weighted]));
    const deals = await readTable(page, 'DealChanges');
    expect(deals).toHaveLength(cli.dealChanges.length);
    const chart = page.getByRole('img', { name: /What changed: the pipeline bridge/ });
    const start = cli.change.find((r) => r.bucket === 'start')!;
    await expect(chart.getAttribute('aria-labelledby')).resolves.toBeTruthy();
    const desc = await page.getByTestId('chart-waterfall').locator('desc').textContent();
    expect(desc).toContain(
      `start: ${start.amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
    );
  });
});
