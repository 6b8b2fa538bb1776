import type { ResultCell, ResultGrid } from '../cells';
import type { StageDef } from '../stages';
import { guard, lift } from './lift';
import { STAGE } from './params';
import { stageResolver } from './stage-resolver';
import { stageTableFromArgument } from './stage-table-argument';

/** One property of the stage each label resolves to (FUNNEL_STAGE, FUNNEL_CATEGORY). */
export function stageProperty(
  stage: unknown,
  stageTable: unknown,
  pick: (def: StageDef) => string,
): ResultCell | ResultGrid {
  return guard(() => {
    const resolve = stageResolver(stageTableFromArgument(stageTable));
    return lift([STAGE.name], [stage], (v) => {
      const def = resolve(v[0]);
      if (def === null || def instanceof Error) return def;
      return pick(def);
    });
  });
}
