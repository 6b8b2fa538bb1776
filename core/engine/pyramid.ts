/**
 * The value pyramid (docs/method.md#the-value-pyramid): accounts ranked by a value measure,
 * tiered by cumulative value share with core/tiers.ts, each tier with the
 * coverage level it calls for.
 */
import { Sum, clean } from '../money';
import { DEFAULT_TIER_LABELS, DEFAULT_VALUE_CUTOFFS, TIER_COVERAGE, TierScale } from '../tiers';
import { STATUS_LOST, STATUS_OPEN, STATUS_WON, type ParsedRows } from './parse-rows';
import { SumTable } from './sums';
import type { TierMeasure, TierRow } from './types';

/** Code-point order: stable, locale-free and fast on thousands of accounts. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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
  // Imported constants as locals: under a CommonJS transform (tsx, jest) each
  // read of an imported binding is a getter call, once per deal below.
  const statusOpen = STATUS_OPEN;
  const statusWon = STATUS_WON;
  const statusLost = STATUS_LOST;
  const labels = DEFAULT_TIER_LABELS;
  // Per account: won, open and weighted sums (slots 3a, 3a+1, 3a+2).
  const sums = new SumTable(accounts * 3);
  const seen = new Uint8Array(accounts);
  let anyWon = false;
  for (let i = 0; i < p.n; i++) {
    const acc = p.account[i]!;
    if (acc < 0 || !counted[i]) continue;
    seen[acc] = 1;
    const s = p.status[i]!;
    // Sums get (array, index), never a double: see SumTable.addAt.
    if (s === statusWon) {
      sums.addAt(acc * 3, amount, i);
      anyWon = true;
    } else if (s === statusOpen) sums.addAt(acc * 3 + 1, amount, i);
    if (s !== statusLost) sums.addProduct(acc * 3 + 2, amount, p.probability, i);
  }
  let measure = requested;
  if (measure === 'won' && !anyWon && accounts > 0) {
    measure = 'total';
    notes.push('No won deals: accounts are tiered by won plus open amount instead of won amount.');
  }
  const valueOf = (acc: number): number => {
    switch (measure) {
      case 'won':
        return sums.value(acc * 3);
      case 'open':
        return sums.value(acc * 3 + 1);
      case 'weighted':
        return sums.value(acc * 3 + 2);
      default:
        return clean(sums.value(acc * 3) + sums.value(acc * 3 + 1));
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
    (a, b) => values[b]! - values[a]! || byText(p.accounts.values[a]!, p.accounts.values[b]!),
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
