/**
 * result.issues is built on first read from the issue columns: it must look
 * like a plain array property (JSON, spreads, key order, assignment) and give
 * each issue its located row, column, cell value, text and kept flag.
 */
import type { CellValue } from '../../core/cells';
import { materialize, runForecast, toOutputSources } from '../../core/engine';
import { SAMPLE_RATES, generateSampleSheet } from '../../core/sample';
import { sheet } from './helpers';

const rows = [
  ['Amount', 'Stage', 'Close Date', 'Currency', 'Last Activity'],
  ['TBD', 'Won', '2026-03-01', 'USD', '2026-06-01'],
  [100, 'Pipeline', '2026-01-15', 'USD', '2026-01-01'],
  [200, 'Pipeline', '2026-09-01', 'JPY', '2026-06-20'],
  [300, 'On hold', '2026-02-30', 'EUR', '2026-06-20'],
];
const settings = { asOf: '2026-06-30', rates: [['EUR', 1.1]] };

describe('result.issues', () => {
  it('lists every issue in row order with its cell value', () => {
    const result = runForecast(sheet(rows), settings);
    expect(result.issues.map((x) => [x.row, x.kind, x.column, x.value, x.rowKept])).toEqual([
      [2, 'bad-amount', 'Amount', 'TBD', false],
      [3, 'slipped', 'Close Date', '2026-01-15', true],
      [3, 'stale', 'Last Activity', '2026-01-01', true],
      [4, 'no-rate', 'Currency', 'JPY', false],
      [5, 'unknown-stage', 'Stage', 'On hold', false],
      [5, 'bad-date', 'Close Date', '2026-02-30', true],
    ]);
    expect(result.issues[1]!.problem).toMatch(/^Close Date: the deal is open/);
    expect(result.issues[3]!.problem).toMatch(/^no exchange rate from JPY to USD/);
    expect(result.counts.byKind).toEqual({
      'bad-amount': 1,
      slipped: 1,
      stale: 1,
      'no-rate': 1,
      'unknown-stage': 1,
      'bad-date': 1,
    });
    expect(Object.keys(result.counts.byKind)).toEqual(result.issues.map((x) => x.kind));
  });

  it('behaves as a plain property', () => {
    const result = runForecast(sheet(rows), settings);
    const keys = Object.keys(result);
    expect(keys.indexOf('issues')).toBe(keys.indexOf('reps') + 1);
    const first = result.issues;
    expect(result.issues).toBe(first);
    expect(JSON.parse(JSON.stringify(result)).issues).toHaveLength(first.length);
    expect({ ...result }.issues).toBe(first);
    result.issues = [];
    expect(result.issues).toEqual([]);
  });

  it('counts every issue kind as the list does on the sample sheet', () => {
    const result = runForecast(generateSampleSheet({ deals: 3000, seed: 3 }), {
      asOf: '2026-06-30',
      rates: SAMPLE_RATES,
    });
    const counted: Record<string, number> = {};
    for (const x of result.issues) counted[x.kind] = (counted[x.kind] ?? 0) + 1;
    expect(result.counts.byKind).toEqual(counted);
    expect(Object.keys(result.counts.byKind)).toEqual(Object.keys(counted));
  });
});

describe('the DataIssues table', () => {
  // Names that are numbers, dates and blank; values that are dates; no-rate issues
  // between parse issues; a problem text met again after others.
  const messy: CellValue[][] = [
    ['Opportunity', 'Amount', 'Stage', 'Close Date', 'Currency', 'Last Activity'],
    [12345, 'TBD', 'Won', '2026-03-01', 'USD', '2026-06-01'],
    ['', 100, 'Pipeline', new Date(Date.UTC(2026, 0, 15)), 'USD', '2026-01-01'],
    [new Date(Date.UTC(2025, 1, 2)), 200, 'Pipeline', '2026-09-01', 'JPY', '2026-06-20'],
    ['Delta', 300, 'On hold', '2026-02-30', 'EUR', '2026-06-20'],
    ['Eps', 400, 'Pipeline', '2026-01-15', 'JPY', '2026-01-01'],
    ['Zeta', 'TBD', 'Won', '2026-03-01', 'USD'],
  ];

  it('is read from the issue columns, without building result.issues, cell for cell as from result.issues', () => {
    const result = runForecast(sheet(messy), settings);
    const source = toOutputSources(result).find((s) => s.key === 'DataIssues')!;
    expect(source.readers?.map((r) => r.kind)).toEqual([
      'number',
      'cell',
      'label',
      'cell',
      'label',
      'label',
      'label',
      'label',
    ]);
    const rows = materialize(source).rows;
    // Read by position too, out of order (the readers keep no state a jump can break).
    const backwards = [...rows.keys()].reverse().map((i) => {
      const row: CellValue[] = [];
      source.fillRow(i, row);
      return row;
    });
    expect(Object.getOwnPropertyDescriptor(result, 'issues')?.get).toBeDefined();

    const again = runForecast(sheet(messy), settings);
    expect(again.issues.length).toBeGreaterThan(0); // read: the table is made from the objects
    const fromObjects = toOutputSources(again).find((s) => s.key === 'DataIssues')!;
    expect(fromObjects.readers).toBeUndefined();
    const expected = materialize(fromObjects).rows;
    expect(expected.map((r) => r[4])).toContain('No currency rate');
    expect(expected.map((r) => r[1])).toEqual(expect.arrayContaining(['12345', null]));
    expect(rows).toEqual(expected);
    expect(backwards.reverse()).toEqual(expected);
  });
});
