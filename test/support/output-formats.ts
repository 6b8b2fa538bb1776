import type { OutputTable } from '../../core/output';
import { lettersFromColumn1 as columnLetters } from '../../core/a1';

/**
 * The number formats the engine's tables keep on either host: money in the
 * base currency with negatives in brackets, percentages with one decimal,
 * whole days, dates, years. `formatAt` reads the format of one cell (A1) of a
 * written sheet.
 */
export function expectEngineFormats(
  tables: OutputTable[],
  formatAt: (sheetName: string, a1: string) => unknown,
): void {
  const format = (key: string, header: string): unknown => {
    const t = tables.find((x) => x.key === key)!;
    const c = t.columns.findIndex((x) => x.header === header);
    expect(c).toBeGreaterThanOrEqual(0);
    return formatAt(t.sheetName, `${columnLetters(c + 1)}2`);
  };
  const usd = '"USD "#,##0.00_);("USD "#,##0.00)';
  expect(format('Reps', 'Weighted')).toBe(usd);
  expect(format('Reps', 'Win Rate')).toBe('0.0%');
  expect(format('Reps', 'Avg Cycle Days')).toBe('#,##0');
  expect(format('Forecast', 'Weighted')).toBe(usd);
  expect(format('Funnel', 'Conversion from Top')).toBe('0.0%');
  expect(format('FunnelData', 'Weighted Amount')).toBe(usd);
  expect(format('FunnelData', 'Probability Used')).toBe('0.0%');
  expect(format('FunnelData', 'Close Date Used')).toBe('yyyy-mm-dd');
  expect(format('FunnelData', 'Fiscal Year')).toBe('0');
}
