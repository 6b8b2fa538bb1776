import type { ResultCell, ResultGrid } from '../cells';
import { clean } from '../money';
import { isBlank } from '../read/blank';
import { probabilityUsed } from '../stages';
import { probabilityScaleOf, readRate } from './args';
import { readNumber } from '../read/number';
import { guard, lift } from './lift';
import { RANGE_NOTE, STAGE, STAGE_TABLE } from './params';
import { defineFunction, param } from './spec';
import { stageResolver } from './stage-resolver';
import { stageTableFromArgument } from './stage-table-argument';

const AMOUNT = param(
  'amount',
  'number',
  false,
  `The deal amount: a number or numeric text such as "1,234.50". ${RANGE_NOTE}`,
);

const PROBABILITY = param(
  'probability',
  'any',
  true,
  `Optional. The deal's own probability (0.7, 70 or 70%; a range is read as percents if any of its numbers exceeds 1). A blank cell falls back to the stage's probability. ${RANGE_NOTE}`,
);

/**
 * FUNNEL_WEIGHT(amount, stage, [stage_table], [probability]) = amount x p.
 * p is the deal's own probability when its cell is not blank, else the stage's:
 * the user's stage table, then the default ladder, then the Salesforce, HubSpot
 * and Chinese CRM presets; the engine's one rule (probabilityUsed) decides, so a
 * won stage weighs 100%, a lost or Omitted stage (Leads) 0% whatever the own
 * probability says.
 */
export function funnelWeight(
  amount: unknown,
  stage: unknown,
  stageTable?: unknown,
  probability?: unknown,
): ResultCell | ResultGrid {
  return guard(() => {
    const table = stageTableFromArgument(stageTable);
    const scale = probabilityScaleOf(probability);
    const resolve = stageResolver(table);
    const names = [AMOUNT.name, STAGE.name, PROBABILITY.name];
    return lift(names, [amount, stage, probability], (v) => {
      const a = readNumber(v[0], AMOUNT.name, 'amount');
      if (a === null) return null;
      // A blank own probability ("" from Excel, null elsewhere) falls back to the stage at no cost.
      const p = v[2];
      const own = isBlank(p) ? null : readRate(p, scale, PROBABILITY.name);
      const def = resolve(v[1]);
      if (own !== null) {
        // The engine's rule: a known stage's status and category still apply (Omitted weighs 0).
        const known = def === null || def instanceof Error ? undefined : def;
        return clean(a * probabilityUsed(known, own)!);
      }
      if (def === null) return null;
      if (def instanceof Error) return def;
      return clean(a * probabilityUsed(def, null)!);
    });
  });
}

export const FUNNEL_WEIGHT = defineFunction({
  id: 'FUNNEL_WEIGHT',
  name: 'FUNNEL_WEIGHT',
  description:
    "Weighted amount of a deal: amount x probability. The probability is the deal's own when given, else its stage's (your stage table, then the default ladder, then the Salesforce, HubSpot and Chinese CRM presets).",
  params: [AMOUNT, STAGE, STAGE_TABLE, PROBABILITY],
  result: { type: 'number', description: 'The weighted amount, in the currency of the amount.' },
  example: { formula: '=FUNNEL_WEIGHT(12285, "Committed")', result: '8599.5' },
  impl: funnelWeight,
});
