/** The Trend table: one row per snapshot, the window's figures as the run defines them. */
import { NO_DAY, STATUS_OPEN } from '../engine/parse-rows';
import { Sum, clean } from '../money';
import { FORECAST_CATEGORIES } from '../stages';
import type { Snapshot } from './snapshot';
import type { TrendRow } from './types';

const CAT = (c: (typeof FORECAST_CATEGORIES)[number]): number => FORECAST_CATEGORIES.indexOf(c);
const PIPELINE = CAT('Pipeline');
const BEST_CASE = CAT('Best Case');
const COMMIT = CAT('Commit');
const CLOSED = CAT('Closed');

/**
 * Counted deals of the snapshot closing in [lo, hi), the rows left out of
 * the bridge (repeated or blank keys) left out here too, so the open amount
 * at the bridge's two dates equals its Start and End.
 */
export function trendOf(s: Snapshot, lo: number, hi: number): TrendRow {
  const p = s.store.p;
  const amount = s.store.amount;
  let deals = 0;
  let openDeals = 0;
  const open = new Sum();
  const weighted = new Sum();
  const cat = FORECAST_CATEGORIES.map(() => new Sum());
  for (let i = 0; i < s.n; i++) {
    if (!s.present[i]) continue;
    const d = p.closeDay[i]!;
    if (d === NO_DAY || d < lo || d >= hi) continue;
    deals++;
    weighted.add(s.weighted[i]!);
    cat[p.category[i]!]!.add(amount[i]!);
    if (p.status[i] === STATUS_OPEN) {
      openDeals++;
      open.add(amount[i]!);
    }
  }
  const [closed, commit, bestCase, pipeline] = [CLOSED, COMMIT, BEST_CASE, PIPELINE].map(
    (c) => cat[c]!.value,
  ) as [number, number, number, number];
  return {
    date: s.date,
    snapshot: s.name,
    deals,
    openDeals,
    openAmount: open.value,
    weighted: weighted.value,
    closed,
    commit: clean(closed + commit),
    bestCase: clean(closed + commit + bestCase),
    pipeline: clean(pipeline + bestCase + commit),
  };
}
