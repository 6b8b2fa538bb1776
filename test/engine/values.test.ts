import { parseAmount } from '../../core/read/amount';
import { isBlankValue } from '../../core/read/blank';
import {
  dayFromSerial,
  dayNumber,
  detectDayOrder,
  isoOfDay,
  parseDateValue,
} from '../../core/read/date';

describe('amounts as sheets write them', () => {
  it.each([
    ['USD 485,000.00', 485000, 'USD'],
    ['$1,234', 1234, 'USD'],
    ['¥1,200,000', 1200000, 'CNY'],
    ['￥1,200,000', 1200000, 'CNY'],
    ['(1,000)', -1000, null],
    ['12.5万', 125000, null],
    ['3亿', 300000000, null],
    ['1.234,56', 1234.56, null],
    ['1 234 567', 1234567, null],
    ['1.2M', 1200000, null],
    ['-$1,200', -1200, 'USD'],
    ['1,000 元', 1000, 'CNY'],
    ['EUR 12,5', 12.5, 'EUR'],
    ['４２０', 420, null],
    ['0.1', 0.1, null],
  ])('%s', (text, value, currency) => {
    expect(parseAmount(text)).toEqual({ value, currency });
  });
  it('passes numbers through and reads blanks written "-" or "N/A" as blank', () => {
    expect(parseAmount(4245.74)).toEqual({ value: 4245.74, currency: null });
    for (const b of ['', ' ', '-', 'N/A', 'n/a', '—', null]) expect(parseAmount(b)).toBeNull();
    expect(isBlankValue('NULL')).toBe(true);
  });
  it('rejects what is not an amount, with a reason', () => {
    for (const bad of ['TBD', 'abc', '12..5', '1,2,3', 'USD $5', true, new Date(0)]) {
      expect(parseAmount(bad)).toHaveProperty('error');
    }
  });
});

describe('dates', () => {
  const d = (iso: string) =>
    dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
  it.each<[unknown, string]>([
    ['2026-03-15', '2026-03-15'],
    ['2026-03-15T10:59:00', '2026-03-15'],
    ['2018-12-19 19:51:13', '2018-12-19'],
    ['2026/3/15', '2026-03-15'],
    ['2026.3.15', '2026-03-15'],
    ['2026年3月15日', '2026-03-15'],
    ['3/15/2026', '2026-03-15'],
    ['Mar 15, 2026', '2026-03-15'],
    ['15 March 2026', '2026-03-15'],
    ['15-Mar-26', '2026-03-15'],
    [46096, '2026-03-15'],
    [46096.75, '2026-03-15'],
    ['46096', '2026-03-15'],
    [20260315, '2026-03-15'],
    [new Date(Date.UTC(2026, 2, 15)), '2026-03-15'],
  ])('%p is %s', (value, iso) => {
    expect(parseDateValue(value)).toBe(d(iso));
  });
  it('reads day-first columns day-first', () => {
    expect(detectDayOrder(['01/02/2026', '15/03/2026', '03/04/2026'])).toBe('day-first');
    expect(detectDayOrder(['01/02/2026', '03/15/2026'])).toBe('month-first');
    expect(detectDayOrder(['01/02/2026'])).toBeNull();
    expect(parseDateValue('15/03/2026', 'day-first')).toBe(d('2026-03-15'));
    expect(parseDateValue('03/04/2026', 'day-first')).toBe(d('2026-04-03'));
    expect(parseDateValue('15/03/2026', 'month-first')).toHaveProperty('error');
  });
  it("follows Excel's 1900 date system, leap-year bug included", () => {
    expect(isoOfDay(dayFromSerial(1))).toBe('1900-01-01');
    expect(isoOfDay(dayFromSerial(59))).toBe('1900-02-28');
    expect(dayFromSerial(60)).toBeNaN(); // Excel's 1900-02-29, a day that never was
    expect(isoOfDay(dayFromSerial(61))).toBe('1900-03-01');
    expect(isoOfDay(dayFromSerial(45000))).toBe('2023-03-15');
    expect(parseDateValue(60)).toHaveProperty('error');
  });
  it('rejects impossible dates', () => {
    expect(parseDateValue('2026-02-30')).toHaveProperty('error');
    expect(parseDateValue('2026年2月30日')).toHaveProperty('error');
    expect(parseDateValue('soon')).toHaveProperty('error');
    expect(parseDateValue(true)).toHaveProperty('error');
    expect(parseDateValue('N/A')).toBeNull();
  });
});
