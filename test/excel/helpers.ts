import type { CellValue } from '../../core/cells';
import {
  sheetNameFor,
  tableNameFor,
  type ColumnFormat,
  type OutputKey,
  type OutputTable,
} from '../../core/output';
import type { FakeExcel, SyncRecord } from './fake-excel';

export const MB4 = 4 * 1024 * 1024;

export function outputTable(
  key: OutputKey,
  columns: [string, ColumnFormat][],
  rows: CellValue[][],
): OutputTable {
  return {
    key,
    sheetName: sheetNameFor(key),
    tableName: tableNameFor(key),
    columns: columns.map(([header, format]) => ({ header, format })),
    rows,
  };
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A small, complete set of output tables shaped like the engine's. */
export function sampleTables(forecastRows = 3): OutputTable[] {
  const regions = ['North', 'South', 'East'];
  return [
    outputTable(
      'FunnelData',
      [
        ['Row', 'integer'],
        ['Account', 'text'],
        ['Amount', 'currency'],
        ['Close date', 'date'],
        ['Weighted', 'currency'],
      ],
      [
        [2, 'Acme', 4245.74, day('2026-01-15'), 2122.87],
        [3, '=HYPERLINK("http://x","y")', 12285, day('2026-02-28'), 8599.5],
        [4, '00123', 100, null, 50],
      ],
    ),
    outputTable(
      'Forecast',
      [
        ['Region', 'text'],
        ['Period', 'text'],
        ['Deals', 'integer'],
        ['Amount', 'currency'],
        ['Weighted', 'currency'],
      ],
      Array.from({ length: forecastRows }, (_, i) => [
        regions[i % 3]!,
        `2026-Q${(i % 4) + 1}`,
        i + 1,
        1000 * (i + 1),
        500 * (i + 1),
      ]),
    ),
    outputTable(
      'Funnel',
      [
        ['Stage', 'text'],
        ['Deals', 'integer'],
        ['Amount', 'currency'],
        ['Weighted', 'currency'],
        ['Reached', 'percent'],
      ],
      [
        ['Prospect', 4, 4000, 400, 1],
        ['Pipeline', 2, 3000, 1500, 0.5],
        ['Won', 1, 1000, 1000, 0.25],
        ['Lost', 1, 500, 0, 0.25],
      ],
    ),
    outputTable(
      'DataIssues',
      [
        ['Row', 'integer'],
        ['Column', 'text'],
        ['Value', 'text'],
        ['Problem', 'text'],
      ],
      [[7, 'Stage', '-Negotiation', 'Unknown stage "-Negotiation"; add it to the stage table.']],
    ),
  ];
}

/** A deal sheet of n rows: header + values, dates as serial numbers with a date format. */
export function dealSheet(n: number): { values: CellValue[][]; formats: string[][] } {
  const header = [
    'Opportunity',
    'Account',
    'Amount',
    'Stage',
    'Close Date',
    'Owner',
    'Region',
    'Notes',
  ];
  const values: CellValue[][] = [header];
  const formats: string[][] = [header.map(() => 'General')];
  const stages = ['Prospect', 'Pipeline', 'Upside', 'Committed', 'Won', 'Lost'];
  for (let i = 0; i < n; i++) {
    values.push([
      `OPP-${i}`,
      `Account ${i % 997}`,
      Math.round(((i * 7919) % 100000) * 100) / 100,
      stages[i % stages.length]!,
      46000 + (i % 400),
      `Rep ${i % 37}`,
      ['North', 'South', 'East', 'West'][i % 4]!,
      i % 10 === 0 ? '=cmd|calc' : 'renewal',
    ]);
    formats.push([
      'General',
      'General',
      '#,##0.00',
      'General',
      'm/d/yyyy',
      'General',
      'General',
      'General',
    ]);
  }
  return { values, formats };
}

export function totals(syncs: SyncRecord[]): { request: number; response: number } {
  return syncs.reduce(
    (t, s) => ({ request: t.request + s.requestBytes, response: t.response + s.responseBytes }),
    { request: 0, response: 0 },
  );
}

/** Everything a user could see of a workbook: sheet names and each sheet's cells. */
export function snapshot(excel: FakeExcel): Record<string, CellValue[][]> {
  return Object.fromEntries(excel.sheets.map((s) => [s.name, excel.grid(s.name)]));
}
