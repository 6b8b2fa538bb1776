/**
 * The value pyramid (domain.md section 3): accounts ranked by a value measure,
 * tiered by cumulative value share with core/tiers.ts, each tier with the
 * coverage level it calls for.
 */
import { Sum, clean } from '../money';
import { DEFAULT_TIER_LABELS, DEFAULT_VALUE_CUTOFFS, TIER_COVERAGE, TierScale } from '../tiers';
import { STATUS_LOST, STATUS_OPEN, STATUS_WON, type ParsedRows } from './parse-rows';
import type { TierMeasure, TierRow } from './types';

export interface Pyramid {
  labels: readonly string[];
  rows: TierRow[];
  /** Tier index of a deal's account; labels.length when the deal has no account. */
  tierOfDeal(i: number): number;
  measure: TierMeasure;
}

const MEASURE_TEXT: Record<TierMeasure, string> = {
  won: 'won amount',
  open: 'open amount',
  weighted: 'weighted amount (won at 100%, open deals at their probability)',
  total: 'won plus open amount',
};

export function tierAccounts(
  p: ParsedRows,
  amount: Float64Array,
  counted: Uint8Array,
  requested: TierMeasure,
  notes: string[],
): Pyramid {
  const accounts = p.accounts.values.length;
  const labels = DEFAULT_TIER_LABELS;
  const sums = {
    won: Array.from({ length: accounts }, () => new Sum()),
    open: Array.from({ length: accounts }, () => new Sum()),
    weighted: Array.from({ length: accounts }, () => new Sum()),
  };
  const seen = new Uint8Array(accounts);
  let anyWon = false;
  for (let i = 0; i < p.n; i++) {
    const acc = p.account[i]!;
    if (acc < 0 || !counted[i]) continue;
    seen[acc] = 1;
    const a = amount[i]!;
    const s = p.status[i]!;
    if (s === STATUS_WON) {
      sums.won[acc]!.add(a);
      anyWon = true;
    } else if (s === STATUS_OPEN) sums.open[acc]!.add(a);
    if (s !== STATUS_LOST) sums.weighted[acc]!.add(a * p.probability[i]!);
  }
  let measure = requested;
  if (measure === 'won' && !anyWon && accounts > 0) {
    measure = 'total';
    notes.push('No won deals: accounts are tiered by won plus open amount instead of won amount.');
  }
  const valueOf = (acc: number): number => {
    switch (measure) {
      case 'won':
        return sums.won[acc]!.value;
      case 'open':
        return sums.open[acc]!.value;
      case 'weighted':
        return sums.weighted[acc]!.value;
      default:
        return clean(sums.won[acc]!.value + sums.open[acc]!.value);
    }
  };
  const values = new Float64Array(accounts);
  const population: number[] = [];
  for (let acc = 0; acc < accounts; acc++) {
    values[acc] = valueOf(acc);
    if (seen[acc]) population.push(values[acc]!);
  }
  const scale = new TierScale(population, { method: 'value', cutoffs: DEFAULT_VALUE_CUTOFFS });
  const tierOf = new Int32Array(accounts);
  for (let acc = 0; acc < accounts; acc++) tierOf[acc] = scale.tierIndex(values[acc]!);

  const total = new Sum();
  for (const v of population) if (v > 0) total.add(v);
  const totalValue = total.value;
  const order = [];
  for (let acc = 0; acc < accounts; acc++) if (seen[acc]) order.push(acc);
  order.sort(
    (a, b) => values[b]! - values[a]! || p.accounts.values[a]!.localeCompare(p.accounts.values[b]!),
  );
  const running = new Sum();
  const rows: TierRow[] = order.map((acc) => {
    const v = values[acc]!;
    if (v > 0) running.add(v);
    const tier = tierOf[acc]!;
    return {
      account: p.accounts.values[acc]!,
      value: v,
      share: totalValue > 0 ? clean(Math.max(0, v) / totalValue) : 0,
      cumulativeShare: totalValue > 0 ? clean(running.value / totalValue) : 0,
      tier: labels[tier]!,
      coverage: TIER_COVERAGE[tier]!,
    };
  });
  if (accounts > 0) notes.push(`Accounts tiered by ${MEASURE_TEXT[measure]}.`);
  return {
    labels,
    rows,
    measure,
    tierOfDeal: (i) => {
      const acc = p.account[i]!;
      return acc < 0 ? labels.length : tierOf[acc]!;
    },
  };
}
