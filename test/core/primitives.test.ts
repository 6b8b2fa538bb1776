import fc from 'fast-check';
import { clean, Sum, sum } from '../../core/money';
import { detectProbabilityScale, parseProbability } from '../../core/probability';
import { looksLikeFormula, normalizeLabel } from '../../core/text';
import { TierScale } from '../../core/tiers';
import { readNumber } from '../../core/read/number';

describe('money', () => {
  it('clean removes float noise to 15 significant digits', () => {
    expect(clean(0.1 + 0.2)).toBe(0.3);
    expect(clean(12285 * 0.7)).toBe(8599.5);
    expect(clean(4245.74 * 0.5)).toBe(2122.87);
    expect(clean(-0)).toBe(0);
    expect(Object.is(clean(-0), 0)).toBe(true);
    expect(clean(Infinity)).toBe(Infinity);
    expect(clean(2 ** 60)).toBe(1152921504606850000);
  });

  it('property: clean is exactly Number(x.toPrecision(15)) (the fast path never differs)', () => {
    const money = fc.integer({ min: -1e12, max: 1e12 }).map((c) => c / 100);
    const rate = fc.integer({ min: 0, max: 100 }).map((p) => p / 100);
    fc.assert(
      fc.property(money, rate, (a, p) => {
        const x = a * p;
        expect(clean(x)).toBe(Number(x.toPrecision(15)) || 0);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(clean(x)).toBe(Number(x.toPrecision(15)) || 0);
      }),
      { numRuns: 5000 },
    );
  });

  it('clean agrees with toPrecision(15) at the edges of its fast path', () => {
    const edges = [
      0.5,
      1 + 2 ** -52,
      123456789012345.5,
      99999999999999.95,
      999999999999999.9,
      1000000000000000.5,
      2.5e-7,
      1e-7,
      1e-7 - 1e-23,
      1e-8,
      5e-324,
      2.2250738585072014e-308,
      1.7976931348623157e308,
      1e22,
      1.2345e21,
      0.1 + 0.7,
      1.005,
      2.675,
      1234567.8901234567,
    ];
    for (const x of edges)
      for (const v of [x, -x]) expect(clean(v)).toBe(Number(v.toPrecision(15)) || 0);
  });

  it('Sum is compensated: a million cents add up exactly', () => {
    const s = new Sum();
    for (let i = 0; i < 1_000_000; i++) s.add(0.01);
    expect(s.value).toBe(10000);
    expect(sum([0.1, 0.2, -0.3])).toBe(0);
  });
});

describe('probability', () => {
  it('reads 0.7, 70 and "70%"', () => {
    expect(parseProbability(0.7)).toBe(0.7);
    expect(parseProbability(70, 'percent')).toBe(0.7);
    expect(parseProbability('70%')).toBe(0.7);
    expect(parseProbability('７０％')).toBe(0.7);
    expect(parseProbability('70')).toBe(0.7);
    expect(parseProbability('  ')).toBeNull();
    expect(() => parseProbability('likely')).toThrow('"likely" is not a probability');
    expect(() => parseProbability(-0.1)).toThrow('outside 0%..100%');
  });

  it('detects the percent scale when any number exceeds 1', () => {
    expect(detectProbabilityScale([0, 1, 0.5])).toBe('fraction');
    expect(detectProbabilityScale([0.5, '70'])).toBe('percent');
    expect(detectProbabilityScale(['70%', null])).toBe('fraction');
  });
});

describe('readNumber', () => {
  it('takes numbers and numeric text, names anything else', () => {
    expect(readNumber(5, 'x')).toBe(5);
    expect(readNumber('1,234.50', 'x')).toBe(1234.5);
    expect(readNumber(' -12 ', 'x')).toBe(-12);
    expect(readNumber('(1,000)', 'x')).toBe(-1000);
    expect(readNumber('１２３', 'x')).toBe(123);
    expect(readNumber('.5', 'x')).toBe(0.5);
    expect(readNumber('1e3', 'x')).toBe(1000);
    expect(readNumber('', 'x')).toBeNull();
    expect(readNumber(null, 'x')).toBeNull();
    for (const bad of ['1,23', '12,34.5', '$5', 'abc', '-', '(-5)', true, new Date(0)])
      expect(() => readNumber(bad, 'amount')).toThrow('amount:');
  });
});

describe('text', () => {
  it('normalizeLabel folds case, spacing and full-width', () => {
    expect(normalizeLabel('  Closed\u3000 WON ')).toBe('closed won');
    expect(normalizeLabel('Ｗｏｎ')).toBe('won');
  });

  it('looksLikeFormula catches formula and CSV-injection starts', () => {
    for (const t of ['=1+1', '+A1', '-2', '@SUM(A1)', '＝HYPERLINK()'])
      expect(looksLikeFormula(t)).toBe(true);
    for (const t of ['Won', '1-2', ' =x']) expect(looksLikeFormula(t)).toBe(false);
  });
});

describe('TierScale', () => {
  it('value method follows the cumulative share strictly above', () => {
    const s = new TierScale([100, 50, 30, 10, 10], { method: 'value', cutoffs: [0.5, 0.8, 0.95] });
    expect([100, 50, 30, 10, 0, -1].map((v) => s.tierIndex(v))).toEqual([0, 1, 1, 2, 3, 3]);
    expect(s.totalMeasure).toBe(200);
  });

  it('count method counts customers, zero-valued ones included', () => {
    const pop = Array.from({ length: 100 }, (_, i) => 100 - i);
    const s = new TierScale(pop, { method: 'count', cutoffs: [0.01, 0.05, 0.2] });
    expect([100, 97, 85, 1].map((v) => s.tierIndex(v))).toEqual([0, 1, 2, 3]);
  });

  it('an all-zero population puts everything in the last tier', () => {
    const s = new TierScale([0, 0], { method: 'value', cutoffs: [0.5] });
    expect(s.tierIndex(5)).toBe(1);
  });
});
