/**
 * FunnelData writes what the engine parsed beside the original text (docs/engine.md,
 * "Output tables"): "Amount (parsed)" as a number in the deal's own currency, the dates
 * as dates, so a PivotTable sums and groups them; typed columns get no copy.
 */
import { runForecast, toOutputTables } from '../../core/engine';
import type { OutputTable } from '../../core/output';
import { sheet } from './helpers';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const column = (t: OutputTable, header: string) => {
  const c = t.columns.findIndex((x) => x.header === header);
  expect(c).toBeGreaterThanOrEqual(0);
  return t.rows.map((r) => r[c]);
};

describe('FunnelData parsed columns', () => {
  const textSheet = sheet([
    ['Opportunity', 'Amount', 'Currency', 'Stage', 'Close Date', 'Created Date'],
    ['A', '$1,200.50', 'USD', 'Committed', '2026-03-15', '2026-01-02'],
    ['B', 500, 'EUR', 'Won', '2026-02-01', 'someday'],
    ['C', 'n/a', 'USD', 'Lost', 'soon', null],
  ]);
  const settings = {
    asOf: '2026-03-01',
    baseCurrency: 'USD',
    rates: [['EUR', 1.1]] as [string, number][],
  };

  it('writes the amount and dates as read, right beside the text, blank where unreadable', () => {
    const result = runForecast(textSheet, settings);
    const data = toOutputTables(result)[0]!;
    const headers = data.columns.map((c) => c.header);
    expect(headers.slice(0, 9)).toEqual([
      'Opportunity',
      'Amount',
      'Amount (parsed)',
      'Currency',
      'Stage',
      'Close Date',
      'Close Date (parsed)',
      'Created Date',
      'Created Date (parsed)',
    ]);
    expect(data.columns[2]).toMatchObject({ format: 'number' });
    expect(data.columns[6]).toMatchObject({ format: 'date' });
    // The deal's own amount (500 EUR stays 500), not the base-currency Deal Amount.
    expect(column(data, 'Amount (parsed)')).toEqual([1200.5, 500, null]);
    expect(column(data, 'Deal Amount')).toEqual([1200.5, 550, null]);
    expect(column(data, 'Amount')).toEqual(['$1,200.50', 500, 'n/a']);
    expect(column(data, 'Close Date (parsed)')).toEqual([
      day('2026-03-15'),
      day('2026-02-01'),
      null,
    ]);
    expect(column(data, 'Created Date (parsed)')).toEqual([day('2026-01-02'), null, null]);
  });

  it('gives the same rows from the deal records as from the deal columns', () => {
    const result = runForecast(textSheet, settings);
    const fromStore = toOutputTables(result)[0]!;
    const fromRecords = toOutputTables({ ...result, deals: result.deals })[0]!;
    expect(fromRecords.columns).toEqual(fromStore.columns);
    expect(fromRecords.rows).toEqual(fromStore.rows);
  });

  it('adds no copy of columns the sheet already holds as numbers and dates', () => {
    const typed = sheet([
      ['Opportunity', 'Amount', 'Stage', 'Close Date'],
      ['A', 1200.5, 'Committed', day('2026-03-15')],
      ['B', 500, 'Won', day('2026-02-01')],
    ]);
    const data = toOutputTables(runForecast(typed, { asOf: '2026-03-01' }))[0]!;
    expect(data.columns.filter((c) => c.header.includes('(parsed)'))).toEqual([]);
    expect(data.rows[0]!.slice(0, 4)).toEqual(['A', 1200.5, 'Committed', day('2026-03-15')]);
  });
});
