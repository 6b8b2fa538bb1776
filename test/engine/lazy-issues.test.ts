/**
 * result.issues is built on first read from the issue columns: it must look
 * like a plain array property (JSON, spreads, key order, assignment) and give
 * each issue its located row, column, cell value, text and kept flag.
 */
import { runForecast } from '../../core/engine';
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
