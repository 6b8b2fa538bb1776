import type { ResultCell, ResultGrid } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { clean } from '../money';
import { opportunitiesNeeded } from '../plan';
import { probabilityScaleOf, readRate } from './args';
import { readNonNegative } from '../read/number';
import { guard, lift } from './lift';
import { CLOSED, RANGE_NOTE, TARGET, winRateParam } from './params';
import { defineFunction, param } from './spec';

const WIN_RATE = winRateParam('Your win rate,');
const AVG_DEAL_SIZE = param(
  'avg_deal_size',
  'number',
  false,
  `Your average deal size. ${RANGE_NOTE}`,
);

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
      [TARGET.name, WIN_RATE.name, AVG_DEAL_SIZE.name, CLOSED.name],
      [target, winRate, avgDealSize, closed],
      (v) => {
        const goal = readNonNegative(v[0], TARGET.name, 'amount');
        const rate = readRate(v[1], scale, WIN_RATE.name);
        const size = readNonNegative(v[2], AVG_DEAL_SIZE.name, 'amount');
        const done = readNonNegative(v[3], CLOSED.name, 'amount') ?? 0;
        if (goal === null || rate === null || size === null) return null;
        const needed = opportunitiesNeeded(clean(goal - done), rate, size);
        if (needed === null) {
          const param = rate === 0 ? WIN_RATE.name : AVG_DEAL_SIZE.name;
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

export const OPPS_NEEDED = defineFunction({
  id: 'OPPS_NEEDED',
  name: 'OPPS_NEEDED',
  description:
    'Opportunities needed to close the gap to target: (target - closed) / (win rate x average deal size), rounded up. 0 when the target is already met.',
  params: [TARGET, WIN_RATE, AVG_DEAL_SIZE, CLOSED],
  result: { type: 'number', description: 'Whole number of opportunities.' },
  example: { formula: '=OPPS_NEEDED(1000000, 25%, 10000)', result: '400' },
  impl: oppsNeeded,
});
