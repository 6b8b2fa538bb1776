import type { ResultCell, ResultGrid } from '../cells';
import { FunnelError, describeValue } from '../errors';
import { coverage as planCoverage } from '../plan';
import { readNonNegative } from '../read/number';
import { guard, lift } from './lift';
import { CLOSED, RANGE_NOTE, TARGET } from './params';
import { defineFunction, param } from './spec';

const PIPELINE = param('pipeline', 'number', false, `Open pipeline for the period. ${RANGE_NOTE}`);

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
    lift([PIPELINE.name, TARGET.name, CLOSED.name], [pipeline, target, closed], (v) => {
      const open = readNonNegative(v[0], PIPELINE.name, 'amount');
      const goal = readNonNegative(v[1], TARGET.name, 'amount');
      const done = readNonNegative(v[2], CLOSED.name, 'amount') ?? 0;
      if (open === null || goal === null) return null;
      const ratio = planCoverage(open, goal, done);
      if (ratio === null) {
        throw new FunnelError(
          '#NUM!',
          `No gap to cover: closed ${describeValue(done)} already meets the target ${describeValue(goal)}.`,
          { column: TARGET.name, value: v[1] },
        );
      }
      return ratio;
    }),
  );
}

export const COVERAGE = defineFunction({
  id: 'COVERAGE',
  name: 'COVERAGE',
  description:
    'Pipeline coverage: open pipeline / (target - closed to date). Required coverage is about 1 / win rate. #NUM! when closed already meets the target.',
  params: [PIPELINE, TARGET, CLOSED],
  result: { type: 'number', description: 'Coverage ratio: 3 means the pipeline is 3x the gap.' },
  example: { formula: '=COVERAGE(300000, 150000, 50000)', result: '3' },
  impl: coverage,
});
