/**
 * The Stages step's "Use calibrated rates" on the standalone page in real
 * headless Chromium: a deal sheet and an earlier export give the stage rates of
 * `cli forecast --compare --calibrate --json` (n and won exactly), and after
 * "Apply" the run weights with them, as `--calibrate --apply` does.
 */
import { checkAndCloseSession, openSession, type Session } from './support/browser';
import { compareJson, twoWeeks } from './support/cli';
import { gotoStep, openWithEarlierExport, readTable, runForecast, snap } from './support/page';

jest.setTimeout(240_000);

let session: Session | null = null;

afterEach(async () => {
  const s = session;
  session = null;
  await checkAndCloseSession(s);
});

interface CalibrateJson {
  stageRates: { stage: string; probability: number; n: number; won: number }[];
  forecast: { period: string; weighted: number }[];
}

const num = (v: string | undefined) => Number(String(v ?? '').replace(/[^0-9.-]/g, ''));

describe('standalone page: use calibrated rates', () => {
  test('an earlier export gives the CLI stage rates with n; applied, the run weights with them', async () => {
    const [w0, w1] = twoWeeks(21, 150);
    const cli = compareJson<CalibrateJson>(w0, w1, '--calibrate');
    const applied = compareJson<CalibrateJson>(w0, w1, '--calibrate', '--apply');
    // The case means something: some stages have closed deals, and applying changes the forecast.
    expect(cli.stageRates.some((r) => r.n > 0)).toBe(true);
    expect(applied.forecast.map((r) => r.weighted)).not.toEqual(
      cli.forecast.map((r) => r.weighted),
    );

    session = await openSession();
    const { page } = session;
    await openWithEarlierExport(page, session.server.origin, w1, w0);
    // The as-of date is set in Periods (and a first run, with the current probabilities).
    await runForecast(page, w1.asOf);

    await gotoStep(page, 3, 'Stages');
    await page.getByRole('button', { name: 'Use calibrated rates' }).click();
    const table = page.getByRole('table', { name: 'Probabilities from your history' });
    await table.waitFor({ timeout: 60_000 });
    await snap(page, 'calibrated-rates');
    const shown = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        stage: tr.getAttribute('data-stage'),
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      })),
    );
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.map((r) => [r.stage, num(r.cells[1]), num(r.cells[2])])).toEqual(
      cli.stageRates.map((r) => [r.stage, r.n, r.won]),
    );
    for (const [i, r] of cli.stageRates.entries()) {
      expect(num(shown[i]!.cells[0])).toBeCloseTo(r.probability * 100, 1);
    }

    await page.getByRole('button', { name: 'Apply to the stage table' }).click();
    await page.getByTestId('rates-status').waitFor();
    await gotoStep(page, 5, 'Run');
    await page.getByRole('button', { name: 'Run forecast' }).click();
    await page.getByTestId('run-summary').waitFor({ timeout: 120_000 });
    const rows = await readTable(page, 'Forecast');
    expect(rows).toHaveLength(applied.forecast.length);
    for (const [i, expected] of applied.forecast.entries()) {
      expect(rows[i]!.Period).toBe(expected.period);
      expect(num(rows[i]!.Weighted)).toBeCloseTo(expected.weighted, 1);
    }
  });
});
