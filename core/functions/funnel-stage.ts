import type { ResultCell, ResultGrid } from '../cells';
import { STAGE, STAGE_TABLE } from './params';
import { defineFunction } from './spec';
import { stageProperty } from './stage-info';

/** FUNNEL_STAGE(stage, [stage_table]): the ladder stage (Leads ... Won, Lost) a label maps to. */
export function funnelStage(stage: unknown, stageTable?: unknown): ResultCell | ResultGrid {
  return stageProperty(stage, stageTable, (d) => d.ladder);
}

export const FUNNEL_STAGE = defineFunction({
  id: 'FUNNEL_STAGE',
  name: 'FUNNEL_STAGE',
  description:
    'The funnel ladder stage a stage name maps to: Leads, Prospect, Opportunity, Pipeline, Upside, Committed, Won or Lost.',
  params: [STAGE, STAGE_TABLE],
  result: { type: 'string', description: 'The ladder stage name.' },
  example: { formula: '=FUNNEL_STAGE("Negotiation/Review")', result: 'Committed' },
  impl: funnelStage,
});
