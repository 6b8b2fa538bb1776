import type { ResultCell, ResultGrid } from '../cells';
import { clean } from '../money';
import { probabilityUsed } from '../stages';
import { isEmptyCell, probabilityScaleOf, readNumber, readRate } from './args';
import { guard, lift } from './lift';
import { stageResolver } from './stage-resolver';
import { stageTableFromArgument } from './stage-table-argument';

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
    return lift(['amount', 'stage', 'probability'], [amount, stage, probability], (v) => {
      const a = readNumber(v[0], 'amount');
      if (a === null) return null;
      // A blank own probability ("" from Excel, null elsewhere) falls back to the stage at no cost.
      const p = v[2];
      const own = isEmptyCell(p) ? null : readRate(p, scale, 'probability');
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
