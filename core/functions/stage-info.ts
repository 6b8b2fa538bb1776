import type { ResultCell, ResultGrid } from '../cells';
import type { StageDef } from '../stages';
import { guard, lift } from './lift';
import { stageResolver } from './stage-resolver';
import { stageTableFromArgument } from './stage-table-argument';

function stageProperty(
  stage: unknown,
  stageTable: unknown,
  pick: (def: StageDef) => string,
): ResultCell | ResultGrid {
  return guard(() => {
    const resolve = stageResolver(stageTableFromArgument(stageTable));
    return lift(['stage'], [stage], (v) => {
      const def = resolve(v[0]);
      if (def === null || def instanceof Error) return def;
      return pick(def);
    });
  });
}

/** FUNNEL_STAGE(stage, [stage_table]): the ladder stage (Leads ... Won, Lost) a label maps to. */
export function funnelStage(stage: unknown, stageTable?: unknown): ResultCell | ResultGrid {
  return stageProperty(stage, stageTable, (d) => d.ladder);
}

/** FUNNEL_CATEGORY(stage, [stage_table]): the forecast category (Omitted ... Closed). */
export function funnelCategory(stage: unknown, stageTable?: unknown): ResultCell | ResultGrid {
  return stageProperty(stage, stageTable, (d) => d.category);
}
