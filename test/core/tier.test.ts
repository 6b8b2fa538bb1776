import fc from 'fast-check';
import type { FunnelError } from '../../core/errors';
import { tier } from '../../core/functions/tier';
import { DEFAULT_TIER_LABELS } from '../../core/tiers';

const err = (r: unknown) => r as FunnelError;
const col = (xs: unknown[]) => xs.map((x) => [x]);

describe('TIER', () => {
  it('gives the check value', () => {
    expect(tier(col([100, 50, 30, 10, 10]))).toEqual(
      col(['Key account', 'Important', 'Important', 'SMB', 'SMB']),
    );
  });

  it('decides by the share held by customers strictly more valuable (ties share a tier)', () => {
    // 4 x 25: nobody is strictly above anybody, so all are key accounts.
    expect(tier(col([25, 25, 25, 25]))).toEqual(col(Array(4).fill('Key account')));
    // A single customer is its own key account.
    expect(tier(500)).toBe('Key account');
  });

  it('zero or negative values go to the last tier; blanks stay blank', () => {
    expect(tier(col([100, 0, -5, null, '']))).toEqual(
      col(['Key account', 'Mass market', 'Mass market', null, null]),
    );
  });

  it('a non-number is #VALUE! in its own cell, and is left out of the population', () => {
    const r = tier(col([100, 'n/a', 10])) as unknown[][];
    expect(r[0]).toEqual(['Key account']);
    expect(err(r[1]![0]).code).toBe('#VALUE!');
    expect(err(r[1]![0]).message).toContain('"n/a"');
    expect(r[2]).toEqual(['SMB']); // 100 of 110 is above it: 90.9%
  });

  it('ranks against an explicit population', () => {
    const pop = col([100, 50, 30, 10, 10]);
    expect(tier(50, pop)).toBe('Important');
    expect(tier(1000, pop)).toBe('Key account');
    expect(tier(col([30, 10]), pop)).toEqual(col(['Important', 'SMB']));
    expect(tier(10, [[100, 50, null, 30, 10, '', 10]])).toBe('SMB'); // blanks skipped
  });

  it('population text is an error naming the cell', () => {
    const e = err(tier(5, [[1], [2], ['abc']]));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('population (row 3, column 1)');
  });

  it('takes cut-offs and labels as ranges or comma-separated text', () => {
    const values = col([60, 30, 10]);
    const expected = col(['A', 'B', 'C']);
    expect(tier(values, null, '50%, 90%', 'A, B, C')).toEqual(expected);
    expect(tier(values, null, [[0.5, 0.9]], [['A'], ['B'], ['C']])).toEqual(expected);
    expect(tier(values, null, [[50], [90]], 'A，B，C')).toEqual(expected);
  });

  it('fills in labels or cut-offs that are left out', () => {
    expect(tier(col([60, 30, 10]), null, null, 'Gold, Silver, Bronze, Tin')).toEqual(
      col(['Gold', 'Silver', 'Bronze']),
    );
    expect(tier(col([60, 40]), null, '50%')).toEqual(col(['Tier 1', 'Tier 2']));
    expect(tier(col([60, 30, 10]), null, '50%,80%,95%')).toEqual(
      col([DEFAULT_TIER_LABELS[0], DEFAULT_TIER_LABELS[1], DEFAULT_TIER_LABELS[2]]),
    );
  });

  it('rejects inconsistent rules with a message', () => {
    expect(err(tier(1, null, '50%, 80%', 'A, B')).message).toContain('2 cutoffs make 3 tiers');
    expect(err(tier(1, null, null, 'A, B')).message).toContain('2 labels need 1 cutoffs');
    expect(err(tier(1, null, '80%, 50%')).message).toContain('must rise');
    expect(err(tier(1, null, '0%, 50%')).code).toBe('#NUM!');
    expect(err(tier(1, null, '50%, 150%')).code).toBe('#NUM!');
    expect(err(tier(1, null, 'half')).code).toBe('#VALUE!');
    expect(err(tier(1, null, null, 'Only')).message).toContain('at least two');
  });

  it('method "count" uses customer-count cut-offs 1%, 5%, 20%', () => {
    const pop = col(Array.from({ length: 100 }, (_, i) => 100 - i)); // 100 .. 1
    expect(tier(col([100, 97, 85, 1]), pop, null, null, 'count')).toEqual(
      col(['Key account', 'Important', 'SMB', 'Mass market']),
    );
    expect(tier(100, pop, null, null, ' COUNT ')).toBe('Key account');
    expect(tier(100, pop, null, null, 'value')).toBe('Key account');
    expect(err(tier(1, null, null, null, 'size')).message).toContain('"value"');
  });

  it('property: tiers are monotone in value and equal for equal values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10, max: 1000 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('value', 'count'),
        (values, method) => {
          const labels = (tier(col(values), null, null, null, method) as string[][]).map((r) =>
            DEFAULT_TIER_LABELS.indexOf(r[0] as (typeof DEFAULT_TIER_LABELS)[number]),
          );
          for (let i = 0; i < values.length; i++)
            for (let j = 0; j < values.length; j++) {
              if (values[i] === values[j]) expect(labels[i]).toBe(labels[j]);
              if (values[i]! > values[j]!) expect(labels[i]).toBeLessThanOrEqual(labels[j]!);
            }
        },
      ),
    );
  });
});

describe('TIER with every argument as a one-cell range (as Excel passes them)', () => {
  it('reads [[value]] table arguments as their value', () => {
    expect(tier([[60]], [[60]], [['50%, 90%']], [['A, B, C']], [['count']])).toEqual([['A']]);
    expect(tier(col([60, 30, 10]), [[null]], [['50%, 90%']], [['A, B, C']], [['']])).toEqual(
      col(['A', 'B', 'C']),
    );
  });
});
