import type { ResultCell, ResultGrid } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { coverage as planCoverage } from '../plan';
import { readNonNegative } from '../read/number';
import { guard, lift } from './lift';

/**
 * COVERAGE(pipeline, target, [closed]) = pipeline / (target - closed).
 * With nothing left to cover (closed already meets the target) the ratio has
 * no meaning: #NUM! saying so, never a huge or negative number.
 */
export function coverage(
  pipeline: unknown,
  target: unknown,
  closed?: unknown,
): ResultCell | ResultGrid {
  return guard(() =>
    lift(['pipeline', 'target', 'closed'], [pipeline, target, closed], (v) => {
      const open = readNonNegative(v[0], 'pipeline', 'amount');
      const goal = readNonNegative(v[1], 'target', 'amount');
      const done = readNonNegative(v[2], 'closed', 'amount') ?? 0;
      if (open === null || goal === null) return null;
      const ratio = planCoverage(open, goal, done);
      if (ratio === null) {
        throw new FunnelError(
          '#NUM!',
          `No gap to cover: closed ${describeValue(done)} already meets the target ${describeValue(goal)}.`,
          { column: 'target', value: v[1] },
        );
      }
      return ratio;
    }),
  );
}
