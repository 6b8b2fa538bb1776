/**
 * The hosts under the contract (host-contract.test.ts), each behind the same
 * small harness: the Excel adapter on the Office.js fake, the Sheets adapter
 * on the Apps Script fake, the standalone page's in-memory workbook, and the
 * command line's file-backed workbook. A new host adds one harness here and
 * gets every contract test.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  inspectSourceSync,
  runJob,
  runJobSync,
  inspectSource,
  type CellValue,
  type ForecastSettings,
  type Grid,
  type RunSummary,
  type SourceInspection,
} from '../../core';
import { ExcelPort } from '../../excel-addin/workbook/excel-port';
import { SETTINGS_KEY } from '../../excel-addin/workbook/settings';
import { SheetsWorkbook } from '../../sheets-addon/server/workbook';
import { PropertiesSettingsStore } from '../../sheets-addon/server/settings-store';
import { BrowserPort } from '../../web/browser-port';
import { FileWorkbookIO, fileSource, readFile } from '../../cli/file-workbook';
import { FakeExcel, FakeSettings } from '../excel/fake-excel';
import { createEnvironment } from '../sheets/support/fake-apps-script';
import { FakeSpreadsheet } from '../sheets/support/fake-spreadsheet';

/** One host with a deal sheet named "Deals" in it. */
export interface HostUnderTest {
  inspect(settings: ForecastSettings): Promise<SourceInspection>;
  run(settings: ForecastSettings): Promise<RunSummary>;
  /** The sheets of the workbook the output went to, in tab order. */
  sheetNames(): Promise<string[]>;
  /** A sheet as a user reads it back: header row, then rows. */
  cells(sheetName: string): Promise<Grid>;
  /** Cells written as formulas anywhere (0: every text stayed text). */
  formulaCells(): Promise<number>;
  /** Puts a user's own sheet in the workbook; absent where the output has no user sheets beside it. */
  addUserSheet?(name: string, values: Grid): void;
  /** The host's settings store; absent where settings are not kept (the command line). */
  settings?: {
    load(): Promise<ForecastSettings | null>;
    save(settings: ForecastSettings): Promise<void>;
    clear(): Promise<void>;
    /** Saves settings as someone editing the file by hand could leave them (no checks). */
    saveRaw(settings: Record<string, unknown>): Promise<void>;
  };
}

export interface HostHarness {
  name: string;
  /** The workbook holds user sheets beside the output (a name clash is possible). */
  userSheets: boolean;
  /** The host keeps settings (the command line takes options instead). */
  keepsSettings: boolean;
  create(deals: Grid): HostUnderTest;
}

const DEALS = { kind: 'sheet' as const, id: 'Deals', label: 'Deals' };

const excel: HostHarness = {
  name: 'Excel (Office.js fake)',
  userSheets: true,
  keepsSettings: true,
  create(deals) {
    const fake = new FakeExcel();
    fake.addSheet('Deals', deals);
    const office = new FakeSettings();
    const port = new ExcelPort({
      run: fake.run,
      supports: fake.supports,
      settings: office,
      displayLanguage: () => 'en-US',
    });
    return {
      inspect: (settings) => port.inspect(DEALS, settings),
      run: (settings) => port.run(DEALS, settings),
      sheetNames: async () => fake.sheets.map((s) => s.name),
      cells: async (name) => fake.grid(name),
      formulaCells: async () => fake.sheets.reduce((n, s) => n + s.formulas.size, 0),
      addUserSheet: (name, values) => void fake.addSheet(name, values),
      settings: {
        load: () => port.loadSettings(),
        save: (s) => port.saveSettings(s),
        clear: () => port.clearSettings(),
        saveRaw: async (raw) => {
          office.set(SETTINGS_KEY, { version: 1, settings: raw });
          await new Promise((ok) => office.saveAsync(ok));
        },
      },
    };
  },
};

const sheets: HostHarness = {
  name: 'Sheets (Apps Script fake)',
  userSheets: true,
  keepsSettings: true,
  create(deals) {
    const spreadsheet = new FakeSpreadsheet('Etc/UTC');
    const env = createEnvironment({ spreadsheet });
    Object.assign(globalThis, env.globals);
    spreadsheet.addSheet('Deals', deals as never);
    const workbook = new SheetsWorkbook(spreadsheet as never);
    const store = new PropertiesSettingsStore(env.documentProperties as never);
    return {
      inspect: async (settings) => inspectSourceSync(workbook, DEALS, settings),
      run: async (settings) => runJobSync(workbook, DEALS, settings),
      sheetNames: async () => spreadsheet.getSheets().map((s) => s.getName()),
      cells: async (name) => spreadsheet.getSheetByName(name)!.grid() as Grid,
      formulaCells: async () => spreadsheet.getSheets().reduce((n, s) => n + s.formulas.size, 0),
      addUserSheet: (name, values) => void spreadsheet.addSheet(name, values as never),
      settings: {
        load: async () => store.load(),
        save: async (s) => store.save(s),
        clear: async () => store.clear(),
        // The same chunked layout the store writes, with settings it never checked.
        saveRaw: async (raw) => store.save(raw as ForecastSettings),
      },
    };
  },
};

const page: HostHarness = {
  name: 'standalone page (in-memory workbook)',
  userSheets: false,
  keepsSettings: true,
  create(deals) {
    const memory = new Map<string, string>();
    // The page's own copy of the sheet: what it holds after a run is compared with the deals given.
    const sheet = deals.map((row) => [...row]);
    const port = new BrowserPort({
      sheets: [{ name: 'Deals', values: sheet, firstRow: 1 }],
      storage: {
        getItem: (k) => memory.get(k) ?? null,
        setItem: (k, v) => void memory.set(k, v),
        removeItem: (k) => void memory.delete(k),
      },
      language: 'en',
    });
    const table = (name: string) => port.lastOutputs.find((t) => t.sheetName === name);
    return {
      inspect: (settings) => port.inspect(DEALS, settings),
      run: (settings) => port.run(DEALS, settings),
      sheetNames: async () => ['Deals', ...port.lastOutputs.map((t) => t.sheetName)],
      cells: async (name) => {
        if (name === 'Deals') return sheet;
        const t = table(name)!;
        return [t.columns.map((c) => c.header), ...t.rows];
      },
      // The page keeps values; it has no formulas to make.
      formulaCells: async () => 0,
      settings: {
        load: () => port.loadSettings(),
        save: (s) => port.saveSettings(s),
        clear: () => port.clearSettings(),
        saveRaw: async (raw) => void memory.set('funnel-forecast:settings', JSON.stringify(raw)),
      },
    };
  },
};

/** A grid as CSV text (every cell quoted, so text stays exactly as it is). */
function csv(grid: Grid): string {
  const cell = (v: CellValue) =>
    v === null
      ? ''
      : `"${(v instanceof Date ? v.toISOString().slice(0, 10) : String(v)).replace(/"/g, '""')}"`;
  return grid.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

const files: HostHarness = {
  name: 'command line (file-backed workbook)',
  userSheets: false,
  keepsSettings: false,
  create(deals) {
    const dir = mkdtempSync(path.join(tmpdir(), 'ff-contract-'));
    const input = path.join(dir, 'Deals.csv');
    const text = csv(deals);
    writeFileSync(input, text);
    const out = path.join(dir, 'out.xlsx');
    const io = new FileWorkbookIO({ out });
    const written = async () => (await readFile(out, 'Output')).filter((s) => s.values.length);
    return {
      inspect: (settings) => inspectSource(io, fileSource(input), settings),
      run: (settings) => runJob(io, fileSource(input), settings),
      sheetNames: async () => ['Deals', ...(await written()).map((s) => s.name)],
      cells: async (name) => {
        // The input file as it is now: the deals given while its text is unchanged, else what it holds.
        if (name === 'Deals')
          return readFileSync(input, 'utf8') === text
            ? deals
            : (await readFile(input, 'Deals'))[0]!.values;
        return (await readFile(out, 'Output')).find((s) => s.name === name)!.values;
      },
      // A formula cell in the XLSX would read back without its text (no cached value): the
      // formula-text case's read-back is the check.
      formulaCells: async () => 0,
    };
  },
};

export const HOSTS: readonly HostHarness[] = [excel, sheets, page, files];

export const quietGlobals = ['SpreadsheetApp', 'HtmlService', 'PropertiesService', 'Session'];
