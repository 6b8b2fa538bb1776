import type { ResultCell, ResultGrid } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { clean } from '../money';
import { opportunitiesNeeded } from '../plan';
import { probabilityScaleOf, readRate } from './args';
import { readNonNegative } from '../read/number';
import { guard, lift } from './lift';

/**
 * OPPS_NEEDED(target, win_rate, avg_deal_size, [closed]): opportunities needed
 * to close the gap, (target - closed) / (win_rate x avg_deal_size), rounded up.
 * The quotient is cleaned of float noise first, so 9.999999999999998 is 10,
 * not 11 after rounding up; no gap -> 0.
 */
export function oppsNeeded(
  target: unknown,
  winRate: unknown,
  avgDealSize: unknown,
  closed?: unknown,
): ResultCell | ResultGrid {
  return guard(() => {
    const scale = probabilityScaleOf(winRate);
    return lift(
      ['target', 'win_rate', 'avg_deal_size', 'closed'],
      [target, winRate, avgDealSize, closed],
      (v) => {
        const goal = readNonNegative(v[0], 'target', 'amount');
        const rate = readRate(v[1], scale, 'win_rate');
        const size = readNonNegative(v[2], 'avg_deal_size', 'amount');
        const done = readNonNegative(v[3], 'closed', 'amount') ?? 0;
        if (goal === null || rate === null || size === null) return null;
        const needed = opportunitiesNeeded(clean(goal - done), rate, size);
        if (needed === null) {
          const param = rate === 0 ? 'win_rate' : 'avg_deal_size';
          throw new FunnelError(
            '#DIV/0!',
            `${param}: ${describeValue(rate === 0 ? v[1] : v[2])} closes nothing; no number of opportunities reaches the gap.`,
            { column: param, value: rate === 0 ? v[1] : v[2] },
          );
        }
        return needed;
      },
    );
  });
}
