import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import Papa from 'papaparse';
import { ARTIFACTS } from './browser';

/** Screenshots of each step are kept as test artifacts (test-artifacts/ is gitignored). */
export async function snap(page: Page, name: string): Promise<void> {
  const dir = join(ARTIFACTS, 'e2e');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** The rows of a results table as header -> raw value (data-value), total row excluded. */
export async function readTable(page: Page, key: string): Promise<Record<string, string>[]> {
  return page.$$eval(`table[data-key="${key}"] tbody tr:not([data-testid])`, (rows) =>
    rows.map((tr) => {
      const headers = [...tr.closest('table')!.querySelectorAll('thead th')].map(
        (th) => th.getAttribute('data-header') ?? '',
      );
      const cells = [...tr.querySelectorAll('td')];
      return Object.fromEntries(cells.map((td, i) => [headers[i], td.getAttribute('data-value')]));
    }),
  );
}

/** The total row of a results table, header -> raw value. */
export async function readTotal(page: Page, key: string): Promise<Record<string, string>> {
  return page.$eval(`[data-testid="total-${key}"]`, (tr) =>
    Object.fromEntries(
      [...tr.querySelectorAll('td')].map((td) => [
        td.getAttribute('data-header') ?? '',
        td.getAttribute('data-value') ?? '',
      ]),
    ),
  );
}

export async function waitForPane(page: Page): Promise<void> {
  await page.getByTestId('rows-found').waitFor({ timeout: 60_000 });
}

export async function gotoStep(page: Page, n: number, name: string): Promise<void> {
  await page.getByRole('button', { name: `${n} ${name}`, exact: true }).click();
}

export async function runForecast(page: Page, asOf: string): Promise<void> {
  await gotoStep(page, 4, 'Periods');
  await page.getByTestId('as-of').fill(asOf);
  await gotoStep(page, 5, 'Run');
  await page.getByRole('button', { name: 'Run forecast' }).click();
  await page.getByTestId('run-summary').waitFor({ timeout: 120_000 });
  await page.getByTestId('results').waitFor({ timeout: 30_000 });
}

/** Opens a file through the Source step's file input (as a user picking it would). */
export async function openFile(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
  rows: number,
): Promise<void> {
  await gotoStep(page, 1, 'Source');
  await page.getByTestId('file-input').setInputFiles(file);
  await page
    .getByTestId('rows-found')
    .filter({ hasText: `${rows.toLocaleString('en-US')} data rows under the header row` })
    .waitFor({ timeout: 60_000 });
}

/** Presses Tab until the focused element's name matches; fails if it never does. */
export async function tabTo(page: Page, wanted: RegExp, max = 120): Promise<string> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled = (el.getAttribute('aria-labelledby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      return [
        el.getAttribute('aria-label'),
        labelled,
        el.getAttribute('data-testid'),
        el.textContent,
      ]
        .filter(Boolean)
        .join(' | ')
        .trim();
    });
    if (wanted.test(name)) return name;
  }
  throw new Error(`Tab never reached an element named ${wanted}`);
}

export const money = (v: number) =>
  v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Drops a file on the page, as dragging it from the desktop does. */
export async function dropFile(
  page: Page,
  file: { name: string; mimeType: string; text: string },
  rows: number,
): Promise<void> {
  const dataTransfer = await page.evaluateHandle((f) => {
    const dt = new DataTransfer();
    dt.items.add(new File([f.text], f.name, { type: f.mimeType }));
    return dt;
  }, file);
  await page.dispatchEvent('[data-testid="page"]', 'dragover', { dataTransfer });
  await page.dispatchEvent('[data-testid="page"]', 'drop', { dataTransfer });
  await page
    .getByTestId('rows-found')
    .filter({ hasText: `${rows.toLocaleString('en-US')} data rows under the header row` })
    .waitFor({ timeout: 60_000 });
}

/** A week's export of the deal sheet: its date and its grid (header first). */
export interface WeekExport {
  asOf: string;
  values: unknown[][];
}

/**
 * Opens the page on this week's export and picks last week's under "Compare with
 * an earlier export" (dated by its file name), as a user would.
 */
export async function openWithEarlierExport(
  page: Page,
  origin: string,
  now: WeekExport,
  earlier: WeekExport,
): Promise<void> {
  const csv = (w: WeekExport) => ({
    name: `deals-${w.asOf}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(Papa.unparse(w.values)),
  });
  await page.goto(`${origin}/index.html`);
  await waitForPane(page);
  await openFile(page, csv(now), now.values.length - 1);
  await page.getByTestId('compare-file').setInputFiles(csv(earlier));
  await page
    .getByTestId('compare-status')
    .filter({ hasText: `dated ${earlier.asOf}` })
    .waitFor();
}
