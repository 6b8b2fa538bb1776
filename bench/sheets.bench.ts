/**
 * Google Sheets add-on, measured on the BUILT bundle (dist/sheets/Code.js) in
 * Node with the fake Apps Script services the tests use:
 * - custom functions over 100,000 cells, called as Sheets calls them (2D
 *   ranges, "" for empty cells): Sheets gives a custom function 30 s;
 * - a sidebar run over a 100,000-row deal sheet (read, engine, six output
 *   sheets written through the fake SpreadsheetApp): Apps Script gives 6 min.
 * The bundle is loaded as one function in Node's own realm (loadProjectInRealm):
 * a vm context, which the tests use, slows every global lookup several times.
 * Run: npm run build:sheets && npm run bench -- sheets
 */
import { existsSync } from 'node:fs';
import { runForecast, summarizeRun, toOutputTables } from '../core';
import type { ForecastSettings } from '../core';
import type { RunSummary, SourceRef } from '../core/ports';
import { decode, encode } from '../sheets-addon/shared/wire';
import { DIST, loadProjectInRealm as loadProject } from '../test/sheets/support/bundle';
import { DEALS_HEADER } from '../test/sheets/support/deals';
import { FakeSpreadsheet, type Cell } from '../test/sheets/support/fake-spreadsheet';
import { formatDate, parseDate } from '../test/sheets/support/time-zone';
import { seededRandom, time, MIXED_STAGE_NAMES } from './support';

const CELLS = 100_000;
const ROWS = 100_000;
const TZ = 'Asia/Shanghai';

if (!existsSync(`${DIST}/Code.js`)) {
  console.error('dist/sheets/Code.js is missing: run "npm run build:sheets" first.');
  process.exit(1);
}

const next = seededRandom(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;

const STAGES = MIXED_STAGE_NAMES;

// ---- custom functions over 100,000 cells ----
{
  const project = loadProject();
  const amounts: Cell[][] = [];
  const stages: Cell[][] = [];
  const probabilities: Cell[][] = [];
  const values: Cell[][] = [];
  for (let i = 0; i < CELLS; i++) {
    amounts.push([Math.round(next() * 10_000_000) / 100]);
    stages.push([pick(STAGES)]);
    probabilities.push([next() < 0.2 ? Math.round(next() * 100) / 100 : '']);
    values.push([Math.round(next() * 1_000_000)]);
  }
  time(
    `Sheets =FUNNEL_WEIGHT(A2:A100001, B2:B100001, , C2:C100001), ${CELLS.toLocaleString('en')} cells`,
    5,
    () => {
      const r = project.call(
        'FUNNEL_WEIGHT',
        amounts,
        stages,
        undefined,
        probabilities,
      ) as unknown[][];
      if (r.length !== CELLS) throw new Error('wrong shape');
    },
  );
  time(`Sheets =TIER(A2:A100001), ${CELLS.toLocaleString('en')} cells`, 5, () => {
    const r = project.call('TIER', values) as unknown[][];
    if (r.length !== CELLS) throw new Error('wrong shape');
  });
}

// ---- a sidebar run over 100,000 rows ----
{
  const accounts = Array.from({ length: 8000 }, (_, i) => `Account ${i}`);
  const owners = Array.from({ length: 60 }, (_, i) => `Rep ${i}`);
  const regions = ['North', 'South', 'East', 'West', 'APAC'];
  const day = (offset: number) => {
    const d = new Date(Date.UTC(2023, 0, 1) + offset * 86_400_000);
    // as Sheets stores a date cell: local midnight in the spreadsheet's zone
    return parseDate(d.toISOString().slice(0, 10), TZ, 'yyyy-MM-dd');
  };
  const dayCache = new Map<number, Date>();
  const cachedDay = (offset: number) => {
    let d = dayCache.get(offset);
    if (!d) dayCache.set(offset, (d = day(offset)));
    return new Date(d.getTime());
  };
  const grid: Cell[][] = [[...DEALS_HEADER, 'Currency']];
  for (let i = 0; i < ROWS; i++) {
    const created = Math.floor(next() * 600);
    const bad = next() < 0.01;
    grid.push([
      `Opp ${i}`,
      pick(accounts),
      pick(owners),
      pick(regions),
      bad ? 'Someday' : pick(STAGES),
      bad && next() < 0.5 ? 'n/a' : Math.round(next() * 20_000_000) / 100,
      next() < 0.02 ? '' : cachedDay(created + Math.floor(next() * 200)),
      cachedDay(created),
      'USD',
    ]);
  }
  const source: SourceRef = { kind: 'sheet', id: 'Deals', label: 'Deals' };
  const settings: ForecastSettings = {
    asOf: '2024-03-15',
    period: 'quarter',
    segmentBy: ['Region'],
  };
  let summary: RunSummary | null = null;
  let calls = '';
  time(
    `Sheets sidebar run, ${ROWS.toLocaleString('en')} rows x 9 columns (read, engine, 6 output sheets)`,
    3,
    () => {
      const spreadsheet = new FakeSpreadsheet(TZ);
      spreadsheet.addSheet('Deals', grid);
      const project = loadProject({ spreadsheet });
      summary = decode<RunSummary>(project.call('ffApi_run', encode([source, settings])) as string);
      calls = `getValues ${spreadsheet.calls.getValues}, setValues ${spreadsheet.calls.setValues}, setNumberFormat ${spreadsheet.calls.setNumberFormat}`;
    },
  );
  // The engine alone on the same rows (dates as the adapter hands them over), to show what the adapter adds.
  const coreValues = grid.map((row) =>
    row.map((v) =>
      v instanceof Date ? new Date(`${formatDate(v, TZ, 'yyyy-MM-dd')}T00:00:00Z`) : v,
    ),
  );
  time(`  of which the core engine alone (runForecast + toOutputTables + summary)`, 3, () => {
    const result = runForecast({ name: 'Deals', values: coreValues }, settings);
    const tables = toOutputTables(result);
    summarizeRun(result, settings, tables, [], []);
  });
  const s = summary as RunSummary | null;
  console.log(
    `  rows ${s?.counts.rows}, counted ${s?.counts.counted}, issues ${s?.counts.issues}; written ${s?.written.map((w) => `${w.sheetName} ${w.rows}`).join(', ')}; API calls: ${calls}`,
  );
}
