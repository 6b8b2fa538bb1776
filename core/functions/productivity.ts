import type { ResultCell, ResultGrid } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { velocity } from '../plan';
import { probabilityScaleOf, readRate } from './args';
import { readNonNegative, readNumber } from '../read/number';
import { guard, lift } from './lift';
import { RANGE_NOTE, winRateParam } from './params';
import { defineFunction, param } from './spec';

const OPPORTUNITIES = param(
  'opportunities',
  'number',
  false,
  `Number of open opportunities. ${RANGE_NOTE}`,
);
const WIN_RATE = winRateParam('Win rate');
const AVG_DEAL_SIZE = param(
  'avg_deal_size',
  'number',
  false,
  `Average deal size (mean amount of won deals). ${RANGE_NOTE}`,
);
const CYCLE_DAYS = param(
  'cycle_days',
  'number',
  true,
  `Optional. Sales cycle in days (created to closed, more than 0). ${RANGE_NOTE}`,
);
const PERIOD_DAYS = param(
  'period_days',
  'number',
  true,
  `Optional. Days in the period; needs cycle_days. ${RANGE_NOTE}`,
);

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
      [OPPORTUNITIES.name, WIN_RATE.name, AVG_DEAL_SIZE.name, CYCLE_DAYS.name, PERIOD_DAYS.name],
      [opportunities, winRate, avgDealSize, cycleDays, periodDays],
      (v) => {
        const opps = readNonNegative(v[0], OPPORTUNITIES.name);
        const rate = readRate(v[1], scale, WIN_RATE.name);
        const size = readNonNegative(v[2], AVG_DEAL_SIZE.name, 'amount');
        const cycle = readNumber(v[3], CYCLE_DAYS.name);
        const period = readNonNegative(v[4], PERIOD_DAYS.name);
        if (opps === null || rate === null || size === null) return null;
        if (cycle !== null) {
          if (!(cycle > 0)) {
            throw new FunnelError(
              cycle === 0 ? '#DIV/0!' : '#NUM!',
              `${CYCLE_DAYS.name}: ${describeValue(v[3])} is not a cycle length; give the days from creation to close, more than 0.`,
              { column: CYCLE_DAYS.name, value: v[3] },
            );
          }
        }
        if (period !== null) {
          if (cycle === null) {
            throw new FunnelError(
              '#VALUE!',
              `${PERIOD_DAYS.name} needs ${CYCLE_DAYS.name}: revenue per period = revenue per day (per ${CYCLE_DAYS.name}) x ${PERIOD_DAYS.name}.`,
              { column: PERIOD_DAYS.name, value: v[4] },
            );
          }
        }
        return velocity(opps, rate, size, cycle, period);
      },
    );
  });
}

export const PRODUCTIVITY = defineFunction({
  id: 'PRODUCTIVITY',
  name: 'PRODUCTIVITY',
  description:
    'The performance equation: opportunities x win rate x average deal size, earned over one sales cycle. With cycle_days it is revenue per day (sales velocity); with period_days as well, revenue per period.',
  params: [OPPORTUNITIES, WIN_RATE, AVG_DEAL_SIZE, CYCLE_DAYS, PERIOD_DAYS],
  result: { type: 'number', description: 'Expected revenue per cycle, per day or per period.' },
  example: { formula: '=PRODUCTIVITY(18, 24%, 42000, 78)', result: '2326.15384615385' },
  impl: productivity,
});
