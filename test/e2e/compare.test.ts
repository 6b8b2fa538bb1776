/**
 * The standalone page with two files in real headless Chromium: a deal sheet
 * and an earlier export of it ("Compare with an earlier export") give the
 * pipeline bridge and its waterfall chart, with the figures of
 * `cli forecast --compare --json`.
 */
import { checkAndCloseSession, openSession, type Session } from './support/browser';
import { compareJson, twoWeeks } from './support/cli';
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
    const [w0, w1] = twoWeeks(13, 120);
    const cli = compareJson<ChangeJson>(w0, w1);

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
