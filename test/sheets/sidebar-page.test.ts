/**
 * The BUILT Sidebar.html in a DOM (jsdom): the page's own inline script
 * starts, asks the server for the display language through google.script.run,
 * mounts the shared UI over the Sheets port, and a click on "Run forecast"
 * writes the output sheets of the fake spreadsheet through the built Code.js.
 */
import { JSDOM } from 'jsdom';
import { loadProject, readBuilt } from './support/bundle';
import { DEALS, asSheetsStores } from './support/deals';
import { FakeSpreadsheet } from './support/fake-spreadsheet';
import { fakeScriptRunner } from './support/script-runner';
import { parseDate } from './support/time-zone';

jest.setTimeout(30_000);

async function until<T>(
  what: string,
  probe: () => T | null | undefined | false,
  ms = 15_000,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function openSidebar(locale: string) {
  const spreadsheet = new FakeSpreadsheet('Europe/Berlin');
  spreadsheet
    .addSheet(
      'Deals',
      asSheetsStores(DEALS, (d) =>
        parseDate(d.toISOString().slice(0, 10), 'Europe/Berlin', 'yyyy-MM-dd'),
      ),
    )
    .activate();
  const project = loadProject({ spreadsheet, locale });
  const calls: string[] = [];
  const runner = fakeScriptRunner(project, calls);
  const errors: unknown[] = [];
  const dom = new JSDOM(readBuilt('Sidebar.html'), {
    runScripts: 'dangerously',
    pretendToBeVisual: true,
    beforeParse(window) {
      Object.assign(window, { google: { script: { run: runner } } });
      window.matchMedia ??= (() => ({
        matches: false,
        addListener() {},
        removeListener() {},
        addEventListener() {},
        removeEventListener() {},
      })) as never;
      window.addEventListener('error', (e) => errors.push(e.error ?? e.message));
    },
  });
  return { dom, spreadsheet, calls, errors };
}

const buttonWithText = (doc: Document, text: string) =>
  [...doc.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as
    HTMLButtonElement | undefined;

test('the page mounts the UI over google.script.run and a run writes the output sheets', async () => {
  const { dom, spreadsheet, calls, errors } = openSidebar('en_GB');
  const doc = dom.window.document;
  await until('the task pane', () => doc.querySelector('[data-testid="task-pane"]'));
  expect(errors).toEqual([]);
  expect(calls).toEqual(
    expect.arrayContaining(['ffApi_displayLanguage', 'ffApi_loadSettings', 'ffApi_listSources']),
  );
  expect(doc.documentElement.lang).toBe('en');
  // the deal sheet is offered as the source
  expect(doc.body.textContent).toContain('Deals (A1:H7)');

  // walk to the last step and run
  for (const heading of [
    'Which column',
    'What does each stage',
    'Which periods',
    'Run the forecast',
  ]) {
    buttonWithText(doc, 'Next')!.click();
    await until(`the step "${heading}"`, () =>
      doc.querySelector('h2')?.textContent?.startsWith(heading),
    );
  }
  const run = await until('an enabled Run button', () => {
    const b = buttonWithText(doc, 'Run forecast');
    return b && !b.disabled ? b : null;
  });
  run.click();
  await until('the run summary', () => doc.querySelector('[data-testid="run-summary"]'));
  expect(calls).toContain('ffApi_run');
  expect(spreadsheet.getSheetByName('FunnelData')!.grid()).toHaveLength(DEALS.length);
  expect(spreadsheet.getSheetByName('Forecast')).not.toBeNull();
  expect(errors).toEqual([]);
  dom.window.close();
});

test('a Chinese-language Google account gets the Chinese sidebar', async () => {
  const { dom } = openSidebar('zh_CN');
  const doc = dom.window.document;
  await until('the task pane', () => doc.querySelector('[data-testid="task-pane"]'));
  expect(doc.documentElement.lang).toBe('zh-CN');
  expect(buttonWithText(doc, '下一步')).toBeDefined();
  dom.window.close();
});
