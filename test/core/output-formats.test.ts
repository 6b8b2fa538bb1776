import { numberFormatOf } from '../../core/output-formats';

describe('numberFormatOf: one number format per output column, for every writer', () => {
  it('writes money in an accounting format with the currency and negatives in brackets', () => {
    expect(numberFormatOf({ header: 'Amount', format: 'currency', currency: 'USD' })).toBe(
      '"USD "#,##0.00_);("USD "#,##0.00)',
    );
    expect(numberFormatOf({ header: 'Amount', format: 'currency' })).toBe('#,##0.00_);(#,##0.00)');
    expect(
      numberFormatOf({ header: 'Amount', format: 'currency', currency: 'JPY', decimals: 0 }),
    ).toBe('"JPY "#,##0_);("JPY "#,##0)');
  });

  it('keeps a currency code from breaking out of its quotes', () => {
    expect(numberFormatOf({ header: 'A', format: 'currency', currency: 'U"S\\D' })).toBe(
      '"USD "#,##0.00_);("USD "#,##0.00)',
    );
  });

  it('keeps a code in other scripts as it is', () => {
    expect(numberFormatOf({ header: 'A', format: 'currency', currency: '人民币' })).toBe(
      '"人民币 "#,##0.00_);("人民币 "#,##0.00)',
    );
  });

  it('writes percentages with one decimal, whole days without, ratios with two', () => {
    expect(numberFormatOf({ header: 'Win Rate', format: 'percent', decimals: 1 })).toBe('0.0%');
    expect(numberFormatOf({ header: 'Win Rate', format: 'percent' })).toBe('0.0%');
    expect(numberFormatOf({ header: 'Avg Cycle Days', format: 'number', decimals: 0 })).toBe(
      '#,##0',
    );
    expect(numberFormatOf({ header: 'Coverage', format: 'number', decimals: 2 })).toBe('#,##0.00');
    expect(numberFormatOf({ header: 'Deals', format: 'integer' })).toBe('#,##0');
  });

  it('writes a year without a thousands separator', () => {
    expect(numberFormatOf({ header: 'Fiscal Year', format: 'integer', grouping: false })).toBe('0');
  });

  it('writes dates as dates and text as text', () => {
    expect(numberFormatOf({ header: 'Close', format: 'date' })).toBe('yyyy-mm-dd');
    expect(numberFormatOf({ header: 'Stage', format: 'text' })).toBe('@');
  });
});
