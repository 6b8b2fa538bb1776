/**
 * The standalone page in real headless Chromium (issue 6): the five steps on the
 * sample, figures equal to the CLI's, a real public dataset, the downloaded
 * workbook, hostile text, Chinese, the keyboard alone, a 320px task pane, and
 * not one request leaving this machine.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { sum } from '../../core/money';
import { checkAndCloseSession, isLocal, openSession, type Session } from './support/browser';
import { cliForecast, type CliForecast } from './support/cli';
import {
  dropFile,
  gotoStep,
  money,
  openFile,
  readTable,
  readTotal,
  runForecast,
  snap,
  tabTo,
  waitForPane,
} from './support/page';

jest.setTimeout(240_000);

const AS_OF = '2026-06-30';
const DATASET = resolve(
  __dirname,
  '../fixtures/opportunity-tracking/opportunity_tracking_flat.csv',
);

let session: Session | null = null;

async function open(options?: Parameters<typeof openSession>[0], query = '') {
  session = await openSession(options);
  await session.page.goto(`${session.server.origin}/index.html${query}`);
  await waitForPane(session.page);
  return session;
}

afterEach(async () => {
  const s = session;
  session = null;
  await checkAndCloseSession(s);
});

const num = (v: string | undefined) => {
  if (v === undefined || v === '') throw new Error('no value in that cell');
  return Number(v);
};

async function download(s: Session, name: string): Promise<ExcelJS.Workbook> {
  const [file, worker] = await Promise.all([
    s.page.waitForEvent('download', { timeout: 60_000 }),
    // The workbook is built off the main thread, by the streaming writer in a Web Worker.
    s.page.waitForEvent('worker', { timeout: 60_000 }),
    s.page.getByRole('button', { name: 'Download the workbook' }).click(),
  ]);
  expect(worker.url()).toMatch(/\/web\/xlsx-writer(\.[0-9a-f]+)?\.js$/);
  const path = resolve(__dirname, '../../test-artifacts/e2e', name);
  await file.saveAs(path);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('standalone page in Chromium', () => {
  let cli: CliForecast;
  beforeAll(() => {
    cli = cliForecast(['--as-of', AS_OF]);
  });

  test('the five steps on the sample give the same figures as the CLI, and the workbook reads back', async () => {
    const s = await open();
    const { page } = s;
    await expect(page.getByTestId('rows-found').textContent()).resolves.toBe(
      `${cli.mapping.counts.rows} data rows under the header row`,
    );
    await expect(page.getByTestId('header-row').getAttribute('data-value')).resolves.toBe(
      String(cli.mapping.headerRow),
    );
    await expect(page.getByTestId('preview').locator('tbody tr').count()).resolves.toBeGreaterThan(
      5,
    );
    await snap(page, 'step-1-source');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Which column is which?' }).waitFor();
    await snap(page, 'step-2-columns');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'What does each stage mean?' }).waitFor();
    await snap(page, 'step-3-stages');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('as-of').fill(AS_OF);
    await snap(page, 'step-4-periods');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Run forecast' }).click();
    await page.getByTestId('run-summary').waitFor({ timeout: 120_000 });
    await snap(page, 'step-5-run');

    // Forecast by segment and period: every row, every figure, to the last bit.
    const rows = await readTable(page, 'Forecast');
    expect(rows).toHaveLength(cli.forecast.length);
    for (const [i, expected] of cli.forecast.entries()) {
      const row = rows[i]!;
      expect(row.Period).toBe(expected.period);
      expect({
        deals: num(row.Deals),
        amount: num(row.Amount),
        weighted: num(row.Weighted),
        closed: num(row.Closed),
        commit: num(row.Commit),
        bestCase: num(row['Best Case']),
        pipeline: num(row.Pipeline),
        spread: num(row.Spread),
      }).toEqual({
        deals: expected.deals,
        amount: expected.amount,
        weighted: expected.weighted,
        closed: expected.closed,
        commit: expected.commit,
        bestCase: expected.bestCase,
        pipeline: expected.pipeline,
        spread: expected.spread,
      });
    }

    // The summary: this period and next, as the CLI's forecast rows add up.
    const thisPeriod = '2026-Q2';
    const nextPeriod = '2026-Q3';
    const weightedIn = (p: string) =>
      sum(cli.forecast.filter((r) => r.period === p).map((r) => r.weighted));
    const closedIn = (p: string) =>
      sum(cli.forecast.filter((r) => r.period === p).map((r) => r.closed));
    await expect(page.getByText(`Weighted forecast, ${thisPeriod}`).count()).resolves.toBe(1);
    await expect(page.getByText(`Weighted forecast, ${nextPeriod}`).count()).resolves.toBe(1);
    const shown = async (id: string) =>
      Number(await page.getByTestId(id).getAttribute('data-value'));
    expect(await shown('this-period-weighted')).toBe(weightedIn(thisPeriod));
    expect(await shown('this-period-closed')).toBe(closedIn(thisPeriod));
    expect(await shown('next-period-weighted')).toBe(weightedIn(nextPeriod));
    // The tile is short ("USD 1.48M"); the exact figure is its title.
    await expect(page.getByTestId('this-period-weighted').getAttribute('title')).resolves.toBe(
      `USD ${money(weightedIn(thisPeriod))}`,
    );
    await expect(page.getByTestId('counts').textContent()).resolves.toBe(
      `${cli.mapping.counts.counted} of ${cli.mapping.counts.rows} rows counted, ${cli.mapping.counts.excluded} left out, ${cli.issues.length} issues`,
    );

    // The funnel and the reps.
    const funnel = await readTable(page, 'Funnel');
    expect(funnel.map((r) => [r.Stage, num(r.Deals), num(r.Amount), num(r.Weighted)])).toEqual(
      cli.funnel.map((f) => [f.stage, f.deals, f.amount, f.weighted]),
    );
    const reps = await readTable(page, 'Reps');
    expect(reps.map((r) => [r.Owner, num(r.Won), num(r.Lost), num(r.Weighted)])).toEqual(
      cli.reps.map((r) => [r.owner, r.won, r.lost, r.weighted]),
    );
    const issues = await readTable(page, 'DataIssues');
    expect(issues).toHaveLength(Math.min(500, cli.issues.length));

    // Charts: an accessible image each, described by their figures.
    await expect(page.getByRole('img', { name: /Funnel by stage/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('img', { name: /Forecast by period/ }).count()).resolves.toBe(1);
    await snap(page, 'results');

    // The download: the same tables as real Excel tables, FunnelData first.
    const wb = await download(s, 'sample-results.xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'FunnelData',
      'Forecast',
      'Funnel',
      'Pyramid',
      'Reps',
      'Data issues',
      'Assumptions',
    ]);
    const fc = wb.getWorksheet('Forecast')!;
    expect(Object.keys((fc as unknown as { tables: object }).tables)).toEqual(['ffForecast']);
    const headers = (fc.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    const col = (h: string) => headers.indexOf(h) + 1;
    for (const [i, expected] of cli.forecast.entries()) {
      const row = fc.getRow(i + 2);
      expect(row.getCell(col('Period')).value).toBe(expected.period);
      expect(row.getCell(col('Weighted')).value).toBe(expected.weighted);
      expect(row.getCell(col('Amount')).value).toBe(expected.amount);
    }
    expect(wb.getWorksheet('FunnelData')!.actualRowCount).toBe(cli.mapping.counts.rows + 1);
  });

  test('a new user opens the page and runs the sample: its own date, figures, currency, the stacked chart', async () => {
    for (const width of [1280, 320]) {
      const s = await open({ width, height: 900 });
      const { page } = s;
      // No as-of date typed: the sample runs on its own date.
      await gotoStep(page, 5, 'Run');
      await page.getByRole('button', { name: 'Run forecast' }).click();
      await page.getByTestId('run-summary').waitFor({ timeout: 120_000 });
      await page.getByTestId('results').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('as-of-used').getAttribute('data-value')).resolves.toBe(AS_OF);
      await expect(page.getByTestId('as-of-used').textContent()).resolves.toContain('Jun 30, 2026');
      const value = async (id: string) =>
        Number(await page.getByTestId(id).getAttribute('data-value'));
      expect(await value('this-period-weighted')).toBeGreaterThan(0);
      expect(await value('this-period-closed')).toBeGreaterThan(0);
      await expect(page.getByTestId('this-period-weighted').textContent()).resolves.toMatch(
        /^USD \d+(\.\d+)?[KM]$/,
      );
      await expect(page.getByTestId('this-period-target').textContent()).resolves.toBe('USD 2M');
      // Currency in the money headers.
      const forecast = page.locator('table[data-key="Forecast"]');
      await expect(forecast.locator('thead th[data-header="Amount"]').textContent()).resolves.toBe(
        'Amount (USD)',
      );
      // The stacked chart: four categories per period, a target line, the as-of marker.
      const chart = page.getByTestId('chart-forecast');
      await expect(
        chart.locator('[data-period="2026-Q2"] rect[data-category]').count(),
      ).resolves.toBe(4);
      await expect(chart.locator('[data-testid="target-line"]').count()).resolves.toBeGreaterThan(
        0,
      );
      await expect(chart.locator('[data-testid="as-of-marker"]').count()).resolves.toBe(1);
      // Text in the chart is drawn at its own size, never scaled below 11px.
      const smallest = await chart
        .locator('svg text')
        .evaluateAll((els) =>
          Math.min(...els.map((e) => (e as SVGTextElement).getBoundingClientRect().height)),
        );
      expect(smallest).toBeGreaterThanOrEqual(11);
      // At 320px the Weighted column stays in view beside Period.
      const weightedHeader = forecast.locator('thead th[data-header="Weighted"]');
      const box = await weightedHeader.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      // A figure lists the deals behind it, adding up to it.
      const cell = forecast.locator('tbody tr').first().locator('td').nth(1);
      await cell.getByRole('button').click();
      const drillTotal = page.getByTestId('drill-total');
      await drillTotal.waitFor();
      const figure = Number(await cell.getAttribute('data-value'));
      expect(Math.abs(Number(await drillTotal.getAttribute('data-value')) - figure)).toBeLessThan(
        0.011,
      );
      // Nothing on the page is wider than the window: wide tables and charts scroll in their own box.
      await expect(
        page.evaluate(() => document.documentElement.scrollWidth),
      ).resolves.toBeLessThanOrEqual(width);
      await snap(page, `first-run-${width}`);
      await gotoStep(page, 1, 'Source');
      await snap(page, `first-run-${width}-step-1`);
      // Private by construction, as every test here checks after it ends.
      expect(s.requests.filter((url) => !isLocal(url, s.server.origin))).toEqual([]);
      expect(s.errors).toEqual([]);
      session = null;
      await s.close();
    }
  });

  test('opportunity-tracking dataset: the weighted total equals the sum of FactoredProductRevenue', async () => {
    const text = readFileSync(DATASET, 'utf8');
    const parsed = Papa.parse<Record<string, string>>(text, {
      header: true,
      skipEmptyLines: true,
    });
    const factored = sum(parsed.data.map((r) => Number(r.FactoredProductRevenue)));
    expect(parsed.data).toHaveLength(487);

    const s = await open();
    const { page } = s;
    await openFile(
      page,
      { name: 'opportunity_tracking_flat.csv', mimeType: 'text/csv', buffer: Buffer.from(text) },
      487,
    );
    await snap(page, 'dataset-source');
    await runForecast(page, '2015-01-01');
    const total = await readTotal(page, 'Forecast');
    expect(Math.round(num(total.Weighted) * 100)).toBe(Math.round(factored * 100));
    await expect(page.getByTestId('total-Forecast').textContent()).resolves.toContain(
      money(factored),
    );
    await snap(page, 'dataset-results');
  });

  test('markup and formulas in the sheet stay inert text, on the page and in the workbook', async () => {
    const img = '<img src=x onerror=alert(1)>';
    const formula = '=HYPERLINK("http://x","y")';
    const csv = [
      'Account,Opportunity,Amount,Stage,Close Date,Owner',
      `"${formula.replace(/"/g, '""')}",Renewal,1200,Won,2026-05-10,Ann`,
      `Acme,${img},5000,Pipeline,2026-08-01,Bob`,
      `Globex,Expansion,800,Committed,2026-07-15,Ann`,
    ].join('\r\n');
    const s = await open();
    const { page } = s;
    // Dropped on the page this time (the dataset test picks its file in step 1).
    await dropFile(page, { name: 'hostile.csv', mimeType: 'text/csv', text: csv }, 3);
    const preview = page.getByTestId('preview');
    await expect(preview.getByText(img, { exact: true }).count()).resolves.toBe(1);
    await expect(preview.getByText(formula, { exact: true }).count()).resolves.toBe(1);
    await runForecast(page, AS_OF);
    const pyramid = page.getByTestId('table-Pyramid');
    await expect(pyramid.getByText(formula, { exact: true }).count()).resolves.toBe(1);
    // No element was made from the text: no image, no link, nothing requested from "x".
    await expect(page.locator('img').count()).resolves.toBe(0);
    await expect(page.locator('a[href]').count()).resolves.toBe(0);
    expect(s.requests.filter((u) => u.endsWith('/x'))).toEqual([]);
    await snap(page, 'hostile-text');

    const wb = await download(s, 'hostile.xlsx');
    const data = wb.getWorksheet('FunnelData')!;
    const headers = (data.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    const cells = [2, 3, 4].flatMap((r) =>
      ['Account', 'Opportunity'].map((h) => data.getRow(r).getCell(headers.indexOf(h) + 1)),
    );
    const accountCell = cells.find((c) => c.value === formula);
    const dealCell = cells.find((c) => c.value === img);
    for (const cell of [accountCell, dealCell]) {
      expect(cell).toBeDefined();
      expect(cell!.type).toBe(ExcelJS.ValueType.String);
      expect(cell!.formula).toBeUndefined();
    }
    const pyramidSheet = wb.getWorksheet('Pyramid')!;
    const values: ExcelJS.Cell[] = [];
    pyramidSheet.eachRow((row) => row.eachCell((c) => values.push(c)));
    const inPyramid = values.find((c) => c.value === formula);
    expect(inPyramid?.type).toBe(ExcelJS.ValueType.String);
  });

  test('in Chinese: steps, stage ladder, categories, results and tiers', async () => {
    const s = await open();
    const { page } = s;
    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('button', { name: '1 数据源', exact: true }).waitFor();
    await expect(page.getByRole('heading', { name: '商机在哪里？' }).count()).resolves.toBe(1);
    await expect(page.getByTestId('rows-found').textContent()).resolves.toBe(
      '表头行下有 360 行数据',
    );
    await page.getByRole('button', { name: '3 阶段', exact: true }).click();
    await expect(page.getByText('阶梯阶段', { exact: true }).count()).resolves.toBe(1);
    const ladder = page.getByRole('combobox', { name: /的阶梯阶段$/ }).first();
    await expect(ladder.locator('option:checked').textContent()).resolves.toMatch(
      /导引|潜在机会|机会|评估中|高可能|承诺|赢单|输单/,
    );
    await snap(page, 'zh-stages');
    await page.getByRole('button', { name: '4 期间', exact: true }).click();
    await expect(page.getByRole('radio', { name: '季度' }).isChecked()).resolves.toBe(true);
    await page.getByTestId('as-of').fill(AS_OF);
    await page.getByRole('button', { name: '5 运行', exact: true }).click();
    await page.getByRole('button', { name: '运行预测' }).click();
    await page.getByTestId('run-summary').waitFor({ timeout: 120_000 });
    await expect(page.getByText('2026-Q2 加权预测').count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: '销售漏斗' }).count()).resolves.toBe(1);
    const funnel = page.getByTestId('table-Funnel');
    await expect(
      funnel.getByRole('columnheader', { name: '阶段', exact: true }).count(),
    ).resolves.toBe(1);
    for (const stage of ['导引', '潜在机会', '评估中', '承诺', '赢单', '输单']) {
      await expect(funnel.getByRole('cell', { name: stage, exact: true }).count()).resolves.toBe(1);
    }
    const pyramid = page.getByTestId('table-Pyramid');
    await expect(
      pyramid.getByRole('cell', { name: '大客户', exact: true }).count(),
    ).resolves.toBeGreaterThan(0);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await snap(page, 'zh-results');

    // ?lang=zh-CN opens in Chinese with the Chinese sample (Chinese headers, stages, 万 amounts).
    await page.goto(`${s.server.origin}/index.html?lang=zh-CN`);
    await page.getByTestId('rows-found').filter({ hasText: '表头行下有 360 行数据' }).waitFor();
    await page.getByRole('button', { name: '3 阶段', exact: true }).click();
    for (const stage of ['初步接触', '商务谈判', '赢单']) {
      await expect(page.locator(`li[data-stage="${stage}"]`).count()).resolves.toBe(1);
    }
    await expect(
      page.getByRole('spinbutton', { name: '商务谈判 的赢率（百分比）' }).inputValue(),
    ).resolves.toBe('70');
    await page.getByRole('button', { name: '4 期间', exact: true }).click();
    await page.getByTestId('as-of').fill(AS_OF);
    await page.getByRole('button', { name: '5 运行', exact: true }).click();
    await page.getByRole('button', { name: '运行预测' }).click();
    await page.getByTestId('run-summary').waitFor({ timeout: 120_000 });
    const zhCli = cliForecast(['--as-of', AS_OF, '--sample', 'zh']);
    const zhRows = await readTable(page, 'Forecast');
    expect(zhRows.map((r) => [r.Period, num(r.Weighted)])).toEqual(
      zhCli.forecast.map((r) => [r.period, r.weighted]),
    );
    await snap(page, 'zh-sample-results');
  });

  test('the whole flow with the keyboard alone', async () => {
    const s = await open();
    const { page } = s;
    await tabTo(page, /^Next$/);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      'Which column is which?',
    );
    await tabTo(page, /^Next$/);
    await page.keyboard.press('Enter');
    // Step 3: a preset in one key press, and a probability typed in.
    await tabTo(page, /^HubSpot$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('preset-applied').waitFor();
    await tabTo(page, /^Probability in percent for /);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('55');
    await page.keyboard.press('Enter');
    await tabTo(page, /^Next$/);
    await page.keyboard.press('Enter');
    // Step 4: the as-of date typed segment by segment (month, day, year in en-US).
    await tabTo(page, /as-of/);
    await page.keyboard.type('06302026');
    await expect(page.getByTestId('as-of').inputValue()).resolves.toBe(AS_OF);
    await tabTo(page, /^Next$/);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Run forecast$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('run-summary').waitFor({ timeout: 120_000 });
    await expect(page.getByText('As of Jun 30, 2026').count()).resolves.toBe(1);
    // The data-issues link works from the keyboard and moves focus to that table.
    await tabTo(page, /^Show the Data issues sheet$/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'ff-table-DataIssues', null, {
      timeout: 10_000,
    });
    await snap(page, 'keyboard-done');
  });

  test('the task pane fits a 320px-wide pane', async () => {
    const s = await open({ width: 320, height: 800 });
    const { page } = s;
    for (const [n, name] of [
      [1, 'Source'],
      [2, 'Columns'],
      [3, 'Stages'],
      [4, 'Periods'],
      [5, 'Run'],
    ] as const) {
      await gotoStep(page, n, name);
      const overflow = await page.evaluate(() => {
        const pane = document.querySelector('[data-testid="task-pane"]') as HTMLElement;
        return {
          scroll: pane.scrollWidth,
          client: pane.clientWidth,
          page: document.documentElement.scrollWidth,
        };
      });
      expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
      expect(overflow.page).toBeLessThanOrEqual(320);
      await snap(page, `narrow-step-${n}`);
    }
  });
});
