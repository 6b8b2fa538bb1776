/**
 * The sidebar end to end: the SheetsPort the page hands to mountApp, over the
 * typed google.script.run client, over a fake google.script.run, into the
 * BUILT Code.js running on fake Apps Script services. Numbers are compared
 * with core's own pipeline (core/job.ts runJob) on the same sheet.
 */
import type { CellValue } from '../../core/cells';
import type { ForecastSettings } from '../../core/engine/types';
import { runJob } from '../../core/app/pipeline';
import type { WorkbookIO } from '../../core/ports';
import type { OutputTable } from '../../core/output';
import type { RunSummary, SourceRef } from '../../core/ports';
import { createServerClient } from '../../sheets-addon/client/server-client';
import { decode, encode } from '../../sheets-addon/shared/wire';
import { SheetsPort } from '../../sheets-addon/client/sheets-port';
import { OUTPUT_METADATA_KEY } from '../../sheets-addon/server/workbook';
import { loadProject, readBuilt, type LoadedProject } from './support/bundle';
import { DEALS, asSheetsStores, utc } from './support/deals';
import { FakeSpreadsheet, type Cell } from './support/fake-spreadsheet';
import { fakeScriptRunner } from './support/script-runner';
import { formatDate, parseDate } from './support/time-zone';

const TZ = 'Asia/Shanghai';
const localMidnight = (d: Date) => parseDate(d.toISOString().slice(0, 10), TZ, 'yyyy-MM-dd');
const SETTINGS: ForecastSettings = { asOf: '2024-03-01', period: 'quarter' };
const DEALS_SOURCE: SourceRef = { kind: 'sheet', id: 'Deals', label: 'Deals (A1:H7)' };

interface Setup {
  project: LoadedProject;
  spreadsheet: FakeSpreadsheet;
  port: SheetsPort;
  calls: string[];
}

function setup(locale = 'en_US'): Setup {
  const spreadsheet = new FakeSpreadsheet(TZ);
  spreadsheet.addSheet('Deals', asSheetsStores(DEALS, localMidnight)).activate();
  const project = loadProject({ spreadsheet, locale });
  const calls: string[] = [];
  const port = new SheetsPort(createServerClient(fakeScriptRunner(project, calls)), 'en');
  return { project, spreadsheet, port, calls };
}

/** core's pipeline on the same deals, with an in-memory workbook. */
async function coreRun(
  settings: ForecastSettings,
): Promise<{ summary: RunSummary; tables: OutputTable[] }> {
  let tables: OutputTable[] = [];
  const io: WorkbookIO = {
    readSource: async () => ({ name: 'Deals', values: DEALS as CellValue[][], firstRow: 1 }),
    readRange: async () => [],
    writeTables: async (t) => {
      tables = t;
      return {
        written: t.map((x) => ({ sheetName: x.sheetName, rows: x.rows.length })),
        notes: [],
      };
    },
  };
  const summary = await runJob(io, DEALS_SOURCE, settings);
  return { summary, tables };
}

/** What Sheets must hold for a core table: header, then each value as written (dates at local midnight). */
function expectedGrid(table: OutputTable): Cell[][] {
  return [
    table.columns.map((c) => c.header),
    ...table.rows.map((row) =>
      table.columns.map((_, i) => {
        const v = row[i];
        if (v === null || v === undefined) return '';
        return v instanceof Date ? localMidnight(v) : v;
      }),
    ),
  ];
}

describe('menu and sidebar', () => {
  test('onOpen and onInstall add Extensions > Funnel Forecast > Open; showSidebar serves the built page', () => {
    const { project } = setup();
    project.call('onOpen', { authMode: 'NONE' });
    project.call('onInstall', { authMode: 'FULL' });
    expect(project.ui.menus).toEqual([
      { kind: 'addon', items: [{ caption: 'Open', functionName: 'showSidebar' }] },
      { kind: 'addon', items: [{ caption: 'Open', functionName: 'showSidebar' }] },
    ]);
    expect(project.has('showSidebar')).toBe(true);
    project.call('showSidebar');
    expect(project.ui.sidebars).toHaveLength(1);
    expect(project.ui.sidebars[0]!.getTitle()).toBe('Funnel Forecast');
    expect(project.ui.sidebars[0]!.getContent() === readBuilt('Sidebar.html')).toBe(true);
    // onOpen may run before authorisation: it touched no cell and no property
    expect(project.spreadsheet.calls.getValues).toBe(0);
    expect(project.documentProperties.writes).toBe(0);
  });

  test('the menu item speaks Chinese to a Chinese-language account', () => {
    const { project } = setup('zh_CN');
    project.call('onOpen', { authMode: 'LIMITED' });
    expect(project.ui.menus[0]!.items).toEqual([{ caption: '打开', functionName: 'showSidebar' }]);
  });

  test("the display language is the Google account's, as a BCP 47 tag", async () => {
    const { project } = setup('zh_CN');
    const client = createServerClient(fakeScriptRunner(project));
    await expect(client.displayLanguage()).resolves.toBe('zh-CN');
  });
});

describe('inspect and run through the port', () => {
  test('lists the deal sheet and inspects it with one read', async () => {
    const { port, spreadsheet } = setup();
    expect(port.host).toBe('sheets');
    const sources = await port.listSources();
    expect(sources[0]).toEqual(DEALS_SOURCE);
    spreadsheet.resetCounts();
    const inspection = await port.inspect(sources[0]!, SETTINGS);
    expect(spreadsheet.calls.getValues).toBe(1);
    expect(inspection.rows).toBe(6);
    expect(inspection.mapping.fields.amount?.header).toBe('Amount');
    expect(inspection.mapping.fields.closeDate?.header).toBe('Close Date');
    // the preview keeps real dates (calendar dates, whatever the spreadsheet's zone) across the wire
    expect(inspection.preview[0]?.[6]).toEqual(utc(2024, 3, 20));
    expect(inspection.stages.map((s) => s.label)).toEqual(
      expect.arrayContaining(['Committed', '赢单', 'Maybe']),
    );
  });

  test('a run writes the owned sheets with the same numbers as core, reports progress, and returns the summary', async () => {
    const { port, spreadsheet, calls } = setup();
    const progress: [number, string][] = [];
    spreadsheet.resetCounts();
    const summary = await port.run(DEALS_SOURCE, SETTINGS, (f, s) => progress.push([f, s]));
    expect(calls).toEqual(['ffApi_run']);
    expect(progress).toEqual([
      [0, 'read'],
      [1, 'done'],
    ]);

    const core = await coreRun(SETTINGS);
    expect(summary).toEqual(core.summary);
    expect(summary.thisPeriod).toEqual({
      label: '2024-Q1',
      weighted: 13599.5 + 1200,
      closed: 5000,
    });

    // one read, one setValues per table (and the caption cell of the pivot sheet)
    expect(spreadsheet.calls.getValues).toBe(1);
    expect(spreadsheet.calls.setValues).toBe(core.tables.length + 1);
    expect(spreadsheet.getSheetByName('Forecast pivot')!.pivotTables).toHaveLength(1);
    expect(spreadsheet.getSheetByName('Funnel')!.charts).toHaveLength(1);
    for (const table of core.tables) {
      const sheet = spreadsheet.getSheetByName(table.sheetName)!;
      expect(sheet).not.toBeNull();
      expect(sheet.getDeveloperMetadata().map((m) => [m.getKey(), m.getValue()])).toEqual([
        [OUTPUT_METADATA_KEY, table.key],
      ]);
      expect(sheet.grid()).toEqual(expectedGrid(table));
      expect(sheet.formulas.size).toBe(0);
    }
    expect(summary.written).toEqual(
      core.tables.map((t) => ({ sheetName: t.sheetName, rows: t.rows.length })),
    );
  });

  test('formula-looking text from the deal sheet is written as text, never as a formula', async () => {
    const { port, spreadsheet } = setup();
    await port.run(DEALS_SOURCE, SETTINGS);
    const data = spreadsheet.getSheetByName('FunnelData')!.grid();
    const accounts = data.slice(1).map((r) => r[1]);
    expect(accounts).toEqual(
      expect.arrayContaining(['=HYPERLINK("http://example.invalid")', '+1 555 0100', '@risk']),
    );
    for (const sheet of spreadsheet.getSheets()) expect(sheet.formulas.size).toBe(0);
    // period labels stay text, never dates; a calendar year is the number it is (issue 12)
    const periodCol = data[0]!.indexOf('Period');
    expect(data[1]![periodCol]).toBe('2024-Q1');
    expect(data[1]![data[0]!.indexOf('Fiscal Year')]).toBe(2024);
  });

  test('dates land on their calendar day in the spreadsheet time zone', async () => {
    const { port, spreadsheet } = setup();
    await port.run(DEALS_SOURCE, SETTINGS);
    const data = spreadsheet.getSheetByName('FunnelData')!.grid();
    const close = data[1]![data[0]!.indexOf('Close Date Used')] as Date;
    expect(formatDate(close, TZ, 'yyyy-MM-dd HH:mm')).toBe('2024-03-20 00:00');
    const fmt = spreadsheet
      .getSheetByName('FunnelData')!
      .getRange(2, data[0]!.indexOf('Close Date Used') + 1)
      .getNumberFormats();
    expect(fmt).toEqual([['yyyy-mm-dd']]);
  });

  test('a re-run replaces the owned sheets in place: same sheets, same cells, nothing added', async () => {
    const { port, spreadsheet } = setup();
    await port.run(DEALS_SOURCE, SETTINGS);
    const before = spreadsheet.getSheets().map((s) => [s.getName(), s.getSheetId(), s.grid()]);
    await port.run(DEALS_SOURCE, SETTINGS);
    const after = spreadsheet.getSheets().map((s) => [s.getName(), s.getSheetId(), s.grid()]);
    expect(after).toEqual(before);
    // the deal sheet itself was never written to
    expect(spreadsheet.getSheetByName('Deals')!.grid()).toEqual(
      asSheetsStores(DEALS, localMidnight),
    );
  });

  test("a user's sheet called Forecast is left untouched and the run says where the output went", async () => {
    const { port, spreadsheet } = setup();
    const mine = spreadsheet.addSheet('Forecast', [
      ['Plan', 'Q1'],
      ['Ann', 100],
    ]);
    const summary = await port.run(DEALS_SOURCE, SETTINGS);
    expect(mine.grid()).toEqual([
      ['Plan', 'Q1'],
      ['Ann', 100],
    ]);
    expect(mine.getDeveloperMetadata()).toEqual([]);
    expect(summary.written.map((w) => w.sheetName)).toContain('FF Forecast');
    expect(summary.notes.join('\n')).toMatch(/"Forecast" already exists/);
    expect(spreadsheet.getSheetByName('FF Forecast')!.grid()[0]![0]).toBe('Period');
  });

  test('targets read from a range of the spreadsheet', async () => {
    const { port, spreadsheet } = setup();
    spreadsheet.addSheet('Targets', [
      ['Owner', 'Period', 'Target'],
      ['Total', '2024-Q1', 30000],
    ]);
    const settings = { ...SETTINGS, targetsRange: 'Targets!A1:C2' };
    const summary = await port.run(DEALS_SOURCE, settings);
    const core = await coreRun({
      ...SETTINGS,
      targets: [
        ['Owner', 'Period', 'Target'],
        ['Total', '2024-Q1', 30000],
      ],
    });
    expect(summary.coverage).toEqual(core.summary.coverage);
    expect(summary.coverage).not.toBeNull();
  });

  test('showSheet brings an output sheet to the front; server errors reach the sidebar as messages', async () => {
    const { port, spreadsheet } = setup();
    await port.run(DEALS_SOURCE, SETTINGS);
    await port.showSheet('Data issues');
    expect(spreadsheet.getActiveSheet()!.getName()).toBe('Data issues');
    await expect(port.showSheet('Nope')).rejects.toThrow(/no sheet named "Nope"/);
    await expect(port.inspect({ kind: 'sheet', id: 'Gone', label: '' }, SETTINGS)).rejects.toThrow(
      /no sheet named "Gone"/,
    );
    await expect(port.run(DEALS_SOURCE, { period: 'quarter' })).rejects.toThrow(
      /as-of|asOf|as of/i,
    );
  });
});

test('a run posts its progress under the id the sidebar gave, step by step, and removes it at the end', () => {
  const { project } = setup();
  const id = 'run-0123456789abcdef';
  const summary = project.call('ffApi_run', encode([DEALS_SOURCE, SETTINGS, id])) as string;
  expect(decode<RunSummary>(summary).counts.rows).toBe(6);
  const posts = project.documentProperties.log
    .filter(([k]) => k === `funnelForecast.progress.${id}`)
    .map(([, v]) => JSON.parse(v) as { fraction: number; step: string });
  expect(posts.map((p) => p.step)).toEqual([
    'read',
    'compute',
    'write',
    'write',
    'write',
    'write',
    'write',
    'write',
    'write', // one per output table, Assumptions last
  ]);
  const fractions = posts.map((p) => p.fraction);
  expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  expect(project.documentProperties.getKeys()).toEqual([]);
  expect(decode(project.call('ffApi_progress', encode([id])) as string)).toBeNull();
  // an id that is not ours to write is ignored, never used as a property name
  project.call('ffApi_run', encode([DEALS_SOURCE, SETTINGS, '../settings']));
  expect(project.documentProperties.log.some(([k]) => k.includes('..'))).toBe(false);
});

test('one run at a time: a run while another holds the document lock says so, and the lock is released after a run', async () => {
  const { port, project, spreadsheet } = setup();
  project.lock.heldElsewhere = true;
  await expect(port.run(DEALS_SOURCE, SETTINGS)).rejects.toThrow(
    /Another Funnel Forecast run is still running/,
  );
  expect(spreadsheet.getSheetByName('FunnelData')).toBeNull();
  project.lock.heldElsewhere = false;
  await port.run(DEALS_SOURCE, SETTINGS);
  expect(project.lock.acquisitions).toBe(1);
  expect(project.lock.hasLock()).toBe(false);
  // a failing run releases it too
  await expect(port.run(DEALS_SOURCE, { period: 'quarter' })).rejects.toThrow();
  expect(project.lock.hasLock()).toBe(false);
});

describe('settings in DocumentProperties', () => {
  test('save, load and clear round-trip through the server, dates and Chinese text included', async () => {
    const { port, project } = setup();
    await expect(port.loadSettings()).resolves.toBeNull();
    const settings: ForecastSettings = {
      ...SETTINGS,
      mapping: { amount: 'Amount', probability: null },
      segmentBy: ['Region'],
      targets: [['Ann', '2024-Q1', 10000, utc(2024, 3, 31)]],
      stageTable: [
        ['初步接触', 0.1, 'Pipeline'],
        ['商务谈判', '70%', 'Commit'],
      ],
    };
    await port.saveSettings(settings);
    await expect(port.loadSettings()).resolves.toEqual(settings);
    await port.clearSettings();
    await expect(port.loadSettings()).resolves.toBeNull();
    expect(project.documentProperties.getKeys()).toEqual([]);
  });

  test('settings larger than one 9 KB property are split into chunks and restored whole', async () => {
    const { port, project } = setup();
    const stageTable = Array.from({ length: 400 }, (_, i) => [
      `阶段 ${i} 商务谈判与方案报价`,
      (i % 100) / 100,
      'Pipeline',
    ]);
    const settings: ForecastSettings = { ...SETTINGS, stageTable };
    await port.saveSettings(settings);
    const props = project.documentProperties.getProperties();
    const sizes = Object.values(props).map((v) => Buffer.byteLength(v, 'utf8'));
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(9 * 1024);
    await expect(port.loadSettings()).resolves.toEqual(settings);
    // a smaller save leaves no stale chunk behind
    await port.saveSettings(SETTINGS);
    expect(project.documentProperties.getKeys().length).toBe(2);
    await expect(port.loadSettings()).resolves.toEqual(SETTINGS);
  });

  test('settings beyond the 500 KB document quota fail with a message that says what to do', async () => {
    const { port } = setup();
    const huge = Array.from({ length: 6000 }, (_, i) => [
      `Owner ${i} with a long name`,
      '2024-Q1',
      i * 1000,
      'x'.repeat(60),
    ]);
    await expect(port.saveSettings({ ...SETTINGS, targets: huge })).rejects.toThrow(
      /500 KB.*range/,
    );
  });

  test('a damaged store (a missing chunk) loads as no settings rather than half of them', async () => {
    const { port, project } = setup();
    await port.saveSettings({
      ...SETTINGS,
      stageTable: Array.from({ length: 400 }, (_, i) => [`Stage ${i} long label here`, 0.5]),
    });
    project.documentProperties.deleteProperty('funnelForecast.settings.1');
    await expect(port.loadSettings()).resolves.toBeNull();
  });
});
