/** The Funnel table, from pass 3's totals per ladder stage. */
import { LADDER_STAGES } from '../stages';
import type { FunnelTotals } from './totals';
import type { FunnelRow } from './types';

/**
 * The funnel as a snapshot: deals at each ladder stage, and how many reached it
 * (at it or past it, Won included; Lost apart, since a lost deal's last stage is
 * not known). Conversion from the previous stage = reached here / reached at the
 * stage before; from the top = reached here / reached at Leads (every deal not lost).
 */
export function funnelTable(funnel: FunnelTotals[]): FunnelRow[] {
  const won = LADDER_STAGES.indexOf('Won');
  const lost = LADDER_STAGES.indexOf('Lost');
  const reached: number[] = LADDER_STAGES.map((_, i) => {
    let r = 0;
    if (i !== lost) for (let j = i; j <= won; j++) r += funnel[j]!.deals;
    return r;
  });
  const top = reached[0]!;
  return LADDER_STAGES.map((stage, i) => {
    const apart = i === lost;
    return {
      stage,
      deals: funnel[i]!.deals,
      withoutAmount: funnel[i]!.withoutAmount,
      amount: funnel[i]!.amount,
      weighted: funnel[i]!.weighted,
      reached: apart ? null : reached[i]!,
      fromPrevious:
        apart || i === 0 || reached[i - 1]! === 0 ? null : reached[i]! / reached[i - 1]!,
      fromTop: apart || top === 0 ? null : reached[i]! / top,
    };
  });
}
