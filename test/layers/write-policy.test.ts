/**
 * The host-neutral write policy (core/app/write-policy.ts): where each output
 * sheet goes, what a sheet is called when a user's sheet has its name (with
 * Excel's 31-character cap, on every host), and the writing order. Excel and
 * Sheets both ask it, so they agree on the names.
 */
import { fallbackNames, MAX_SHEET_NAME, planSheets, writingOrder } from '../../core';
import type { OutputTable } from '../../core/output';
import { planSheets as planExcelSheets } from '../../excel-addin/workbook/ownership';
import { SheetsWorkbook } from '../../sheets-addon/server/workbook';
import { createEnvironment } from '../sheets/support/fake-apps-script';
import { FakeSpreadsheet } from '../sheets/support/fake-spreadsheet';

const LONG = 'Forecast by region and product l'; // 32 characters

function table(key: OutputTable['key'], sheetName: string): OutputTable {
  return {
    key,
    sheetName,
    tableName: `ff${key}`,
    columns: [{ header: 'Region', format: 'text' }],
    rows: [['North']],
  };
}

afterEach(() => {
  for (const name of ['SpreadsheetApp', 'HtmlService', 'PropertiesService', 'Session']) {
    delete (globalThis as Record<string, unknown>)[name];
  }
});

describe('planSheets', () => {
  it('an owned sheet is reused, a free name taken, a clash goes to "FF <name>" with a note', () => {
    const owned = new Map([['Funnel', 'My funnel']]);
    const plan = planSheets(
      ['Deals', 'forecast'],
      [
        { key: 'Forecast', preferred: 'Forecast' },
        { key: 'Funnel', preferred: 'Funnel' },
        { key: 'Reps', preferred: 'Reps' },
      ],
      (key) => owned.get(key),
      'add-on',
    );
    expect(plan.targets).toEqual([
      { key: 'Forecast', sheetName: 'FF Forecast', exists: false },
      { key: 'Funnel', sheetName: 'My funnel', exists: true },
      { key: 'Reps', sheetName: 'Reps', exists: false },
    ]);
    expect(plan.notes).toEqual([
      `A sheet named "Forecast" already exists and is not the add-on's, so it was left untouched; the output went to "FF Forecast".`,
    ]);
  });

  it('fallback names never pass 31 characters', () => {
    const names = fallbackNames(LONG);
    expect(names[0]).toBe(`FF ${LONG}`.slice(0, MAX_SHEET_NAME));
    expect(names).toHaveLength(99);
    expect(Math.max(...names.map((n) => n.length))).toBe(MAX_SHEET_NAME);
    expect(names[98]!.endsWith(' 99')).toBe(true);
  });

  it('every name taken: one error that says what to do', () => {
    expect(() =>
      planSheets(
        ['Forecast', ...fallbackNames('Forecast')],
        [{ key: 'Forecast', preferred: 'Forecast' }],
        () => undefined,
      ),
    ).toThrow(/Every sheet name the add-in could use for "Forecast" is taken/);
  });
});

describe('the hosts follow it', () => {
  it('Excel and Sheets put a clashing long-named table on the same capped sheet name', () => {
    const excel = planExcelSheets({ sheets: [LONG], tables: new Map(), pivots: new Map() }, [
      { key: 'Forecast', preferred: LONG, marker: 'ffForecast' },
    ]);
    const spreadsheet = new FakeSpreadsheet('Etc/UTC');
    Object.assign(globalThis, createEnvironment({ spreadsheet }).globals);
    spreadsheet.addSheet(LONG, [['mine']]);
    const report = new SheetsWorkbook(spreadsheet as never).writeTables([table('Forecast', LONG)]);
    expect(report.written[0]!.sheetName).toBe(excel.targets[0]!.sheetName);
    expect(report.written[0]!.sheetName).toHaveLength(MAX_SHEET_NAME);
    expect(report.notes[0]).toBe(excel.notes[0]!.replace("add-in's", "add-on's"));
  });

  it('the writing order is the output order, whatever order the tables come in', () => {
    const keys = writingOrder([
      table('Assumptions', 'Assumptions'),
      table('PipelineChange', 'Pipeline change'),
      table('FunnelData', 'FunnelData'),
      table('StageRates', 'Stage rates'),
      table('Forecast', 'Forecast'),
    ]).map((t) => t.key);
    expect(keys).toEqual(['FunnelData', 'Forecast', 'Assumptions', 'PipelineChange', 'StageRates']);
  });
});
