/**
 * Issue 9, the value and settings items: every reading the engine decides per
 * column (decimal separator, probability scale, day order) is stated and can
 * be overridden; no amount overflows a total; negative amounts are flagged;
 * rates and targets tables never guess; headers named like Object's members
 * are keys like any other.
 */
import type { CellValue } from '../../core/cells';
import { FunnelError } from '../../core/errors';
import { runForecast, toOutputTables, type ForecastSettings } from '../../core/engine';
import { readCsv } from '../../files';
import { parseAmount, decideDecimalSeparator } from '../../core/read/amount';

const HEAD = ['Opportunity', 'Owner', 'Stage', 'Amount', 'Close Date'];
const base: ForecastSettings = { asOf: '2026-03-31' };
const run = (rows: CellValue[][], settings: ForecastSettings = {}, delimiter?: string) =>
  runForecast(
    { name: 'Deals', values: rows, ...(delimiter ? { delimiter } : {}) },
    { ...base, ...settings },
  );

/** Every number in a value, however deep: none may be NaN or infinite. */
function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v && typeof v === 'object' && !(v instanceof Date))
    return Object.values(v as object).every(allFinite);
  return true;
}

describe('European numbers: the decimal separator is decided per column (item 3)', () => {
  const csv = (text: string) => readCsv('deals.csv', new TextEncoder().encode(text));

  it('reads 2.000 and 15.000 as thousands beside 1.234,56 in the same column', () => {
    const sheet = csv(
      'Opportunity;Owner;Stage;Amount;Close Date\nA;Ann;Won;2.000;2026-01-10\nB;Ann;Won;15.000;2026-01-11\nC;Ann;Won;1.234,56;2026-01-12\n',
    );
    const r = runForecast(sheet, base);
    expect(r.deals.map((d) => d.amount)).toEqual([2000, 15000, 1234.56]);
    expect(r.mapping.notes.join('\n')).toMatch(/Amount: amounts read with a decimal comma/);
  });

  it('keeps 2.000 as text in the CSV reader, for the column to decide', () => {
    const sheet = csv('Amount\n2.000\n12.5\n1234\n');
    expect(sheet.values.slice(1).map((r) => r[0])).toEqual(['2.000', 12.5, 1234]);
  });

  it("a column of only 2.000-like values: the ';' delimiter hints a decimal comma, and the note says so", () => {
    const rows = [
      HEAD,
      ['A', 'Ann', 'Won', '2.000', '2026-01-10'],
      ['B', 'Ann', 'Won', '15.000', '2026-01-11'],
    ];
    const eu = run(rows, {}, ';');
    expect(eu.deals.map((d) => d.amount)).toEqual([2000, 15000]);
    expect(eu.mapping.notes.join('\n')).toMatch(
      /no value decides the decimal separator \("2.000" reads either way\); read with a decimal comma .* because the file is ';'-separated; set decimalSeparator/,
    );
    const us = run(rows, {}, ',');
    expect(us.deals.map((d) => d.amount)).toEqual([2, 15]);
    expect(us.mapping.notes.join('\n')).toMatch(/read with a decimal point/);
  });

  it('settings.decimalSeparator overrides the column', () => {
    const rows = [
      HEAD,
      ['A', 'Ann', 'Won', '1,500', '2026-01-10'],
      ['B', 'Ann', 'Won', '2.000', '2026-01-11'],
    ];
    expect(run(rows, { decimalSeparator: ',' }).deals.map((d) => d.amount)).toEqual([1.5, 2000]);
    expect(run(rows, { decimalSeparator: '.' }).deals.map((d) => d.amount)).toEqual([1500, 2]);
    expect(() => run(rows, { decimalSeparator: ';' as never })).toThrow(FunnelError);
  });

  it('reads probabilities written with a decimal comma in a decimal-comma file', () => {
    const r = run(
      [
        ['Opportunity', 'Stage', 'Amount', 'Probability', 'Close Date'],
        ['A', 'Pipeline', '1.000,00', '0,7', '2026-06-30'],
        ['B', 'Pipeline', '1.000,00', '12,5', '2026-06-30'],
      ],
      {},
      ';',
    );
    expect(r.deals.map((d) => d.probability)).toEqual([0.7, 0.125]);
    expect(r.issues).toEqual([]);
  });

  it('decides by the majority of the cells that say which', () => {
    expect(decideDecimalSeparator(['1.234,5', '12,5', '1,234.50']).separator).toBe(',');
    expect(decideDecimalSeparator(['1,234.5', '12.5', '2.000']).separator).toBe('.');
    expect(decideDecimalSeparator(['0.500', '1234.567']).how).toBe('values');
    expect(parseAmount('1.234.567', ',')).toEqual({ value: 1234567, currency: null });
    expect(parseAmount('0.500', ',')).toEqual({ value: 0.5, currency: null });
    // A lone 0 or four-plus digits before one separator: never a thousands group.
    expect(parseAmount('0,500')).toEqual({ value: 0.5, currency: null });
    expect(parseAmount('1234,567')).toEqual({ value: 1234.567, currency: null });
    // The fast path reads a decimal-comma column too.
    expect(parseAmount('USD 1.234,00', ',')).toEqual({ value: 1234, currency: 'USD' });
    expect(parseAmount('1,234', ',')).toEqual({ value: 1.234, currency: null });
  });
});

describe('one probability scale per column, by its values as a whole (item 4)', () => {
  const rows: CellValue[][] = [['Opportunity', 'Stage', 'Amount', 'Probability', 'Close Date']];
  for (let i = 0; i < 100; i++)
    rows.push([`O-${i}`, 'Pipeline', 10000, 0.2 + (i % 8) / 10, '2026-06-30']);
  rows.push(['O-x', 'Pipeline', 10000, 75, '2026-06-30']);

  it('one stray 75 does not turn a hundred 0.x cells into 0.x%', () => {
    const r = run(rows);
    const weighted = r.forecast.reduce((s, f) => s + f.weighted, 0);
    let want = 0.75 * 10000;
    for (let i = 0; i < 100; i++) want += (0.2 + (i % 8) / 10) * 10000;
    expect(weighted).toBeCloseTo(want, 6);
    const stray = r.issues.filter((i) => i.kind === 'bad-probability');
    expect(stray).toEqual([
      expect.objectContaining({ row: 102, value: 75, rowKept: true, column: 'Probability' }),
    ]);
    expect(stray[0]!.problem).toMatch(/above 1 in a column of fractions.*read as 75%/);
    expect(r.mapping.notes.join('\n')).toMatch(
      /Probability: probabilities read as fractions \(0.7 = 70%\), as most of its values show; 1 cell written on the other scale is listed/,
    );
  });

  it('a percent column states its scale and flags a 0.5 among the 50s', () => {
    const pct: CellValue[][] = [rows[0]!];
    for (let i = 0; i < 20; i++) pct.push([`P-${i}`, 'Pipeline', 1000, 50, '2026-06-30']);
    pct.push(['P-x', 'Pipeline', 1000, 0.5, '2026-06-30']);
    const r = run(pct);
    expect(r.deals[20]!.probability).toBeCloseTo(0.005, 12);
    expect(r.issues.find((i) => i.kind === 'bad-probability')?.problem).toMatch(
      /read as 0.5%: this column is on the percent scale.*write 50 if you meant 50%/,
    );
    expect(r.mapping.notes.join('\n')).toMatch(/probabilities read as percentages/);
  });
});

describe('day or month (item 5)', () => {
  const rows = [
    HEAD,
    ['A', 'Ann', 'Pipeline', 100, '01/08/2026'],
    ['B', 'Ann', 'Pipeline', 100, '03/04/2026'],
  ];

  it('says when nothing in the column decides, and reads month-first', () => {
    const r = run(rows);
    expect(r.deals[0]!.closeDate!.toISOString().slice(0, 10)).toBe('2026-01-08');
    expect(r.mapping.notes.join('\n')).toMatch(
      /Close Date: no value decides between day-first and month-first \(such as 01\/08\/2026\); read month-first .*set dayOrder/,
    );
  });

  it('settings.dayOrder chooses', () => {
    const r = run(rows, { dayOrder: 'day-first' });
    expect(r.deals[0]!.closeDate!.toISOString().slice(0, 10)).toBe('2026-08-01');
    expect(r.mapping.notes.join('\n')).toMatch(/dates read day-first \(DD\/MM\/YYYY\), as set/);
  });

  it("a ';'-separated file or decimal-comma amounts hint day-first", () => {
    const r = run(rows, {}, ';');
    expect(r.deals[0]!.closeDate!.toISOString().slice(0, 10)).toBe('2026-08-01');
    expect(r.mapping.notes.join('\n')).toMatch(
      /read day-first .* because the file is ';'-separated/,
    );
    const comma = run([HEAD, ['A', 'Ann', 'Pipeline', '1.234,50', '01/08/2026']]);
    expect(comma.deals[0]!.closeDate!.toISOString().slice(0, 10)).toBe('2026-08-01');
    expect(comma.mapping.notes.join('\n')).toMatch(/because its amounts use a decimal comma/);
  });

  it('values that decide still decide, whatever the hints', () => {
    const r = run([...rows, ['C', 'Ann', 'Pipeline', 100, '04/25/2026']], {}, ';');
    expect(r.deals[0]!.closeDate!.toISOString().slice(0, 10)).toBe('2026-01-08');
  });
});

describe('overflow (item 6)', () => {
  const huge = `1${'0'.repeat(308)}`;
  const rows = [
    HEAD,
    ['A', 'Ann', 'Won', huge, '2026-01-10'],
    ['B', 'Ann', 'Won', huge, '2026-01-10'],
    ['C', 'Ann', 'Won', `${'9'.repeat(305)}万`, '2026-01-10'],
    ['D', 'Ann', 'Won', 1e308, '2026-01-10'],
    ['E', 'Ann', 'Won', 2e15, '2026-01-10'],
    ['F', 'Ann', 'Won', 1e15, '2026-01-10'],
    ['G', 'Ann', 'Won', 100, '2026-01-10'],
  ];

  it('amounts above 1e15 are located issues; no NaN or Infinity reaches a total or a table', () => {
    const r = run(rows);
    const over = r.issues.filter((i) => i.kind === 'bad-amount');
    expect(over.map((i) => i.row)).toEqual([2, 3, 4, 5, 6]);
    expect(over[0]!.problem).toMatch(/above the limit of 1,000,000,000,000,000 \(1e15\)/);
    expect(r.counts.counted).toBe(2);
    expect(r.forecast[0]!.amount).toBe(1e15 + 100);
    expect(allFinite(r.forecast) && allFinite(r.reps) && allFinite(r.funnel)).toBe(true);
    expect(JSON.stringify(r.forecast)).not.toMatch(/null/);
    const tables = toOutputTables(r);
    for (const t of tables)
      for (const row of t.rows)
        for (const cell of row)
          if (typeof cell === 'number') expect(Number.isFinite(cell)).toBe(true);
  });
});

describe('negative amounts (item 7)', () => {
  it('are kept and counted, and flagged as negative-amount', () => {
    const r = run([
      HEAD,
      ['A', 'Ann', 'Won', -500, '2026-01-10'],
      ['B', 'Ann', 'Won', '(1,000)', '2026-01-10'],
      ['C', 'Ann', 'Won', 700, '2026-01-10'],
    ]);
    expect(r.counts.counted).toBe(3);
    expect(r.forecast[0]!.amount).toBe(-800);
    expect(r.issues).toEqual([
      expect.objectContaining({ row: 2, kind: 'negative-amount', value: -500, rowKept: true }),
      expect.objectContaining({ row: 3, kind: 'negative-amount', value: '(1,000)', rowKept: true }),
    ]);
    expect(r.counts.byKind['negative-amount']).toBe(2);
  });
});

describe('rates and targets never guess (item 11)', () => {
  const rows = [
    ['Opportunity', 'Owner', 'Stage', 'Amount', 'Currency', 'Close Date'],
    ['A', 'Ann', 'Pipeline', 1000, 'EUR', '2026-02-10'],
    ['B', 'Bob', 'Pipeline', 1000, 'USD', '2026-02-10'],
  ];
  const refused = (settings: ForecastSettings, message: RegExp) => {
    expect(() => run(rows, { baseCurrency: 'USD', ...settings })).toThrow(message);
  };

  it('refuses a ragged rate row (EUR,1,08), a currency given twice with two rates, a rate of 0', () => {
    refused(
      {
        rates: [
          ['Currency', 'Rate'],
          ['EUR', 1, '08'],
        ],
      },
      /Rates row 2: 3 cells .* write 1.08/,
    );
    refused(
      {
        rates: [
          ['EUR', 1.08],
          ['EUR', 1.1],
        ],
      },
      /Rates row 2: EUR is given twice, 1.08 in row 1 and 1.1 here/,
    );
    refused({ rates: [['EUR', 0]] }, /Rates row 1: .* a rate above 0/);
    const same = run(rows, {
      baseCurrency: 'USD',
      rates: [
        ['EUR', 1.08],
        ['EUR', 1.08],
      ],
    });
    expect(same.notes).toContain('Rates row 2: EUR 1.08 repeats row 1.');
  });

  it('refuses a negative target and one owner and period given twice', () => {
    refused({ targets: [['Ann', '2026-Q1', -5]] }, /Targets row 1: the target -5 is negative/);
    refused(
      {
        targets: [
          ['Owner', 'Period', 'Target'],
          ['Ann', '2026-Q1', 100],
          ['ann', '2026-q1', 200],
        ],
      },
      /Targets row 3: ann, 2026-Q1 is given twice, 100 in row 2 and 200 here/,
    );
    refused({ targets: [['Ann', '2026-Q1', 1, 500]] }, /Targets row 1: 4 cells/);
  });

  it('notes a target row that matches nothing, and a zero target', () => {
    const r = run(rows, {
      baseCurrency: 'USD',
      rates: [['EUR', 1.1]],
      targets: [
        ['Ann', '2026-Q1', 5000],
        ['Zed', '2026-Q1', 100],
        ['Bob', '2031-Q4', 7],
        ['Bob', '2026-Q1', 0],
      ],
    });
    expect(r.notes).toEqual(
      expect.arrayContaining([
        'Targets row 4: the target for Bob, 2026-Q1 is 0; its coverage is left blank.',
        'Targets row 2 (Zed, 2026-Q1, 100) is not used: no owner or segment value "Zed" in the sheet.',
        'Targets row 3 (Bob, 2031-Q4, 7) is not used: no period 2031-Q4 in the forecast.',
      ]),
    );
    expect(r.reps.find((x) => x.owner === 'Ann')!.target).toBe(5000);
  });
});

describe('headers named like Object members (item 12)', () => {
  it('a __proto__ or constructor header is a segment like any other', () => {
    const r = run(
      [
        ['Stage', 'Amount', 'Close Date', '__proto__', 'constructor'],
        ['Won', 10, '2026-01-05', 'East', 'x'],
        ['Won', 5, '2026-01-05', 'West', 'y'],
      ],
      { segmentBy: ['__proto__', 'constructor'] },
    );
    expect(r.forecast.map((f) => ({ ...f.segment }))).toEqual([
      JSON.parse('{"__proto__":"East","constructor":"x"}'),
      JSON.parse('{"__proto__":"West","constructor":"y"}'),
    ]);
    expect(JSON.stringify(r.forecast[0]!.segment)).toBe('{"__proto__":"East","constructor":"x"}');
    const forecast = toOutputTables(r).find((t) => t.key === 'Forecast')!;
    expect(forecast.rows[0]!.slice(0, 2)).toEqual(['East', 'x']);
  });

  it('currency words and month names are looked up in maps, not objects', () => {
    expect(parseAmount('constructor 5')).toHaveProperty('error');
    const r = run([
      ['Stage', 'Amount', 'Currency', 'Close Date'],
      ['Won', 10, 'constructor', '2026-01-05'],
    ]);
    expect(r.deals[0]!.currency).toBe('constructor');
  });
});
