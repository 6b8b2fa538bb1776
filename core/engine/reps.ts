/**
 * The Reps table: each owner's win rate, deal size, cycle, velocity and open
 * pipeline from pass 3's totals, with the owner's target for the period of the
 * as-of date (gap, coverage, opportunities needed: core/plan.ts).
 */
import { clean } from '../money';
import { coverage, gap as planGap, opportunitiesNeeded, velocity } from '../plan';
import { compareText, normalizeLabel } from '../text';
import { periodMatches } from './forecast-rows';
import type { ParsedRows } from './parse-rows';
import type { Target } from './settings';
import type { RepTotals } from './totals';
import type { RepRow } from './types';

export function repTable(
  reps: RepTotals[],
  noOwner: RepTotals,
  p: ParsedRows,
  targets: Target[],
  thisPeriod: string,
  notes: string[],
  periodOf: (day: number) => string,
  used: Set<Target>,
): RepRow[] {
  const list = p.owners.values.map((owner, i) => ({ owner, acc: reps[i]! }));
  if (noOwner.won + noOwner.lost + noOwner.openDeals > 0 && p.owners.values.length > 0) {
    list.push({ owner: '(no owner)', acc: noOwner });
  }
  let matched = 0;
  const rows = list
    .filter(({ acc }) => acc.won + acc.lost + acc.openDeals > 0)
    .map(({ owner, acc }): RepRow => {
      const decided = acc.won + acc.lost;
      const winRate = decided ? acc.won / decided : null;
      const avgWon = acc.won ? clean(acc.wonAmount / acc.won) : null;
      const cycle = acc.cycleDeals ? acc.cycleDays / acc.cycleDeals : null;
      const perDay =
        winRate !== null && avgWon !== null && cycle !== null
          ? velocity(acc.openDeals, winRate, avgWon, cycle)
          : null;
      const row: RepRow = {
        owner,
        won: acc.won,
        lost: acc.lost,
        winRate,
        avgWonAmount: avgWon,
        avgCycleDays: cycle,
        openAmount: acc.openAmount,
        weighted: acc.weighted,
        velocityPerDay: perDay,
        openDeals: acc.openDeals,
      };
      if (targets.length) {
        const key = normalizeLabel(owner);
        const t = targets.find((x) => x.key === key && periodMatches(x, thisPeriod, periodOf));
        row.targetPeriod = thisPeriod;
        if (t) {
          matched++;
          used.add(t);
          const closed = acc.closedNow;
          const gap = planGap(t.amount, closed, acc.weightedOpenNow);
          row.target = t.amount;
          row.gap = gap;
          row.coverage = coverage(acc.openNow, t.amount, closed);
          row.oppsNeeded = opportunitiesNeeded(gap, winRate ?? 0, avgWon ?? 0);
        } else {
          row.target = null;
          row.gap = null;
          row.coverage = null;
          row.oppsNeeded = null;
        }
      }
      return row;
    });
  // Only a table that has owner rows is missing one; "Total" rows are the team's, not a rep's.
  if (targets.some((t) => t.key !== 'total') && matched === 0 && rows.length) {
    notes.push(
      `No rep target for ${thisPeriod} (the period containing the as-of date) was found in the targets table.`,
    );
  }
  rows.sort((a, b) => compareText(a.owner, b.owner));
  return rows;
}
