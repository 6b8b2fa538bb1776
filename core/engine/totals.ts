/**
 * Pass 3: one loop over the counted deals that adds each into its forecast
 * cell (segment x tier x period), its funnel stage and its owner's totals, in
 * flat compensated sum tables: no object per row or per sum. The tables of
 * the result are made from these totals (forecast-rows.ts, funnel.ts, reps.ts).
 */
import { LADDER_STAGES } from '../stages';
import {
  G_AMOUNT,
  G_CAT,
  G_OPEN,
  G_SUMS,
  G_WEIGHTED,
  R_CLOSED_NOW,
  R_OPEN,
  R_OPEN_NOW,
  R_SUMS,
  R_WEIGHTED,
  R_WEIGHTED_NOW,
  R_WON,
  SumPass,
  type TotalsInput,
} from './sum-pass';

export type { TotalsInput } from './sum-pass';

/** Totals of one forecast cell (segment x period), as plain numbers. */
export interface GroupTotals {
  deals: number;
  amount: number;
  weighted: number;
  open: number;
  variance: number;
  /** Amounts by forecast category, in FORECAST_CATEGORIES order. */
  cat: number[];
}

export interface RepTotals {
  won: number;
  lost: number;
  openDeals: number;
  wonAmount: number;
  cycleDays: number;
  cycleDeals: number;
  openAmount: number;
  weighted: number;
  closedNow: number;
  weightedOpenNow: number;
  openNow: number;
}

export interface FunnelTotals {
  deals: number;
  withoutAmount: number;
  amount: number;
  weighted: number;
}

export interface Totals {
  countedDeals: number;
  /** By forecast cell key: (segment x tiersPer + tier) x periods + period. */
  groups: Map<number, GroupTotals>;
  /** By ladder stage. */
  funnel: FunnelTotals[];
  /** By owner id. */
  reps: RepTotals[];
  noOwner: RepTotals;
}

/** Pass 3: the totals of every forecast cell, funnel stage and rep. */
export function sumTotals(input: TotalsInput): Totals {
  const { p, counted } = input;
  const s = new SumPass(input);
  // The row loop is a function of its own: compiled alone, not with the code around it.
  const countedDeals = s.addAll();
  // The funnel counts every deal the run could place on the ladder, amount or not
  // (a deal without an amount, or in a currency without a rate, adds no money).
  const noAmount = new Int32Array(LADDER_STAGES.length);
  for (let i = 0; i < p.n; i++) {
    if (counted[i]) continue;
    const pr = p.probability[i]!;
    if (pr !== pr) continue; // no stage, status or probability: nowhere on the ladder
    noAmount[p.ladder[i]!]!++;
  }
  const reps = repTotals(s);
  const noOwner = reps.pop()!;
  return { countedDeals, groups: groupTotals(s), funnel: funnelTotals(s, noAmount), reps, noOwner };
}

/** Totals by forecast cell key. */
function groupTotals(s: SumPass): Map<number, GroupTotals> {
  const groups = new Map<number, GroupTotals>();
  s.slotKeys.forEach((key, slot) => {
    const g = slot * G_SUMS;
    groups.set(key, {
      deals: s.gDeals[slot]!,
      amount: s.gSums.value(g + G_AMOUNT),
      weighted: s.gSums.value(g + G_WEIGHTED),
      open: s.gSums.value(g + G_OPEN),
      variance: s.gVariance[slot]!,
      cat: [0, 1, 2, 3, 4].map((k) => s.gSums.value(g + G_CAT + k)),
    });
  });
  return groups;
}

/** Totals by ladder stage; noAmount: the deals placed on the ladder that add no money. */
function funnelTotals(s: SumPass, noAmount: Int32Array): FunnelTotals[] {
  return LADDER_STAGES.map((_, k) => ({
    deals: s.fDeals[k]! + noAmount[k]!,
    withoutAmount: noAmount[k]!,
    amount: s.fSums.value(k * 2),
    weighted: s.fSums.value(k * 2 + 1),
  }));
}

/** Totals by owner id, the last for "(no owner)". */
function repTotals(s: SumPass): RepTotals[] {
  return Array.from({ length: s.reps }, (_, k): RepTotals => {
    const r = k * R_SUMS;
    return {
      won: s.rWon[k]!,
      lost: s.rLost[k]!,
      openDeals: s.rOpen[k]!,
      wonAmount: s.rSums.value(r + R_WON),
      cycleDays: s.rCycleDays[k]!,
      cycleDeals: s.rCycleDeals[k]!,
      openAmount: s.rSums.value(r + R_OPEN),
      weighted: s.rSums.value(r + R_WEIGHTED),
      closedNow: s.rSums.value(r + R_CLOSED_NOW),
      weightedOpenNow: s.rSums.value(r + R_WEIGHTED_NOW),
      openNow: s.rSums.value(r + R_OPEN_NOW),
    };
  });
}
