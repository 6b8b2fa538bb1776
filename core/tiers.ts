/**
 * The value pyramid (docs/method.md#the-value-pyramid). A customer's tier is the first tier
 * whose cut-off exceeds the share of the population held by customers strictly
 * more valuable than it, so equal values always land in the same tier.
 */
import { clean } from './money';

export type TierMethod = 'value' | 'count';

export const DEFAULT_TIER_LABELS = ['Key account', 'Important', 'SMB', 'Mass market'] as const;
export const DEFAULT_VALUE_CUTOFFS = [0.5, 0.8, 0.95] as const;
export const DEFAULT_COUNT_CUTOFFS = [0.01, 0.05, 0.2] as const;

/** The coverage level each default tier calls for (the deck's levels). */
export const TIER_COVERAGE = [
  'Level 3: enterprise-to-enterprise, dedicated team',
  'Level 2: solution selling, one rep to many accounts',
  'Level 1: product selling, one rep to a region',
  'Phone / web',
] as const;

export interface TierRule {
  method: TierMethod;
  /** Ascending cut-offs in (0, 1]; labels has one more entry than cutoffs. */
  cutoffs: readonly number[];
}

/**
 * Prepares a population once so that each value's tier is a binary search:
 * tiering a million customers stays O(n log n).
 */
export class TierScale {
  private readonly sorted: Float64Array; // positive values, descending
  private readonly above: Float64Array; // above[i] = measure held by sorted[0..i-1]
  private readonly total: number;

  constructor(
    population: readonly number[],
    private readonly rule: TierRule,
  ) {
    const positive = population.filter((v) => v > 0).sort((a, b) => b - a);
    this.sorted = Float64Array.from(positive);
    this.above = new Float64Array(positive.length + 1);
    let acc = 0;
    for (let i = 0; i < positive.length; i++) {
      acc += rule.method === 'value' ? positive[i]! : 1;
      this.above[i + 1] = acc;
    }
    // The count method counts every customer, zero-valued ones included.
    this.total = rule.method === 'value' ? acc : population.length;
  }

  /** 0-based tier index; values of zero or less go to the last tier. */
  tierIndex(value: number): number {
    const last = this.rule.cutoffs.length;
    if (!(value > 0) || this.total <= 0) return last;
    // Count of population values strictly greater than value (sorted descending).
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! > value) lo = mid + 1;
      else hi = mid;
    }
    // clean(): 0.30000000000000004 of the total must compare as 0.3 against a cut-off.
    const shareAbove = clean(this.above[lo]! / this.total);
    for (let t = 0; t < last; t++) {
      if (this.rule.cutoffs[t]! > shareAbove) return t;
    }
    return last;
  }

  /** The population's total: value summed, or customers counted. */
  get totalMeasure(): number {
    return this.total;
  }
}
