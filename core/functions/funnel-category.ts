import type { ResultCell, ResultGrid } from '../cells';
import { STAGE, STAGE_TABLE } from './params';
import { defineFunction } from './spec';
import { stageProperty } from './stage-info';

/** FUNNEL_CATEGORY(stage, [stage_table]): the forecast category (Omitted ... Closed). */
export function funnelCategory(stage: unknown, stageTable?: unknown): ResultCell | ResultGrid {
  return stageProperty(stage, stageTable, (d) => d.category);
}

export const FUNNEL_CATEGORY = defineFunction({
  id: 'FUNNEL_CATEGORY',
  name: 'FUNNEL_CATEGORY',
  description:
    'The forecast category of a stage name: Omitted, Pipeline, Best Case, Commit or Closed.',
  params: [STAGE, STAGE_TABLE],
  result: { type: 'string', description: 'The forecast category.' },
  example: { formula: '=FUNNEL_CATEGORY("高可能")', result: 'Best Case' },
  impl: funnelCategory,
});
