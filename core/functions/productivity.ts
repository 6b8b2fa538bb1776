import type { ResultCell, ResultGrid } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { velocity } from '../plan';
import { probabilityScaleOf, readRate } from './args';
import { readNonNegative, readNumber } from '../read/number';
import { guard, lift } from './lift';

/**
 * PRODUCTIVITY(opportunities, win_rate, avg_deal_size, [cycle_days], [period_days]):
 * the performance equation (docs/method.md#the-performance-equation). Revenue per
 * sales cycle, per day with cycle_days (sales velocity), per period with period_days as well.
 */
export function productivity(
  opportunities: unknown,
  winRate: unknown,
  avgDealSize: unknown,
  cycleDays?: unknown,
  periodDays?: unknown,
): ResultCell | ResultGrid {
  return guard(() => {
    const scale = probabilityScaleOf(winRate);
    return lift(
      ['opportunities', 'win_rate', 'avg_deal_size', 'cycle_days', 'period_days'],
      [opportunities, winRate, avgDealSize, cycleDays, periodDays],
      (v) => {
        const opps = readNonNegative(v[0], 'opportunities');
        const rate = readRate(v[1], scale, 'win_rate');
        const size = readNonNegative(v[2], 'avg_deal_size', 'amount');
        const cycle = readNumber(v[3], 'cycle_days');
        const period = readNonNegative(v[4], 'period_days');
        if (opps === null || rate === null || size === null) return null;
        if (cycle !== null) {
          if (!(cycle > 0)) {
            throw new FunnelError(
              cycle === 0 ? '#DIV/0!' : '#NUM!',
              `cycle_days: ${describeValue(v[3])} is not a cycle length; give the days from creation to close, more than 0.`,
              { column: 'cycle_days', value: v[3] },
            );
          }
        }
        if (period !== null) {
          if (cycle === null) {
            throw new FunnelError(
              '#VALUE!',
              'period_days needs cycle_days: revenue per period = revenue per day (per cycle_days) x period_days.',
              { column: 'period_days', value: v[4] },
            );
          }
        }
        return velocity(opps, rate, size, cycle, period);
      },
    );
  });
}
