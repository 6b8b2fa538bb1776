/**
 * Pass 3's sum tables and its loop over the counted deals (core/engine/totals.ts
 * reads the totals out of them).
 */
import { LADDER_STAGES } from '../stages';
import { NO_DAY, STATUS_LOST, STATUS_OPEN, STATUS_WON, type ParsedRows } from './parse-rows';
import { SumTable } from './sums';
import type { Pyramid } from './pyramid';

export interface TotalsInput {
  p: ParsedRows;
  amount: Float64Array;
  counted: Uint8Array;
  /** Period id of each deal, periods ids in all; nowId: the as-of date's. */
  period: Int32Array;
  periods: number;
  nowId: number;
  /** Whether the forecast is segmented by columns, and by the accounts' tier. */
  segIds: boolean;
  tierSeg: boolean;
  pyramid: Pyramid;
}

// Sums kept per forecast cell, per rep and per funnel stage (slots of a SumTable).
export const G_AMOUNT = 0;
export const G_WEIGHTED = 1;
export const G_OPEN = 2;
export const G_CAT = 3; // 5 categories: 3..7
export const G_SUMS = 8;
export const R_WON = 0;
export const R_OPEN = 1;
export const R_WEIGHTED = 2;
export const R_CLOSED_NOW = 3;
export const R_WEIGHTED_NOW = 4;
export const R_OPEN_NOW = 5;
export const R_SUMS = 6;
const STAGES = LADDER_STAGES.length;

/** The sum tables of pass 3 and its loop. */
export class SumPass {
  readonly tiersPer: number;
  /** Forecast cell of a row: a dense slot table when it fits, else a map. */
  private readonly slotOf: Int32Array | null;
  private readonly slotMap: Map<number, number> | null;
  readonly slotKeys: number[] = [];
  readonly gSums = new SumTable(64 * G_SUMS);
  gDeals = new Int32Array(64);
  gVariance = new Float64Array(64);
  readonly fSums = new SumTable(STAGES * 2);
  readonly fDeals = new Int32Array(STAGES);
  /** Owners, and the last for "(no owner)". */
  readonly reps: number;
  readonly rSums: SumTable;
  readonly rWon: Int32Array;
  readonly rLost: Int32Array;
  readonly rOpen: Int32Array;
  readonly rCycleDeals: Int32Array;
  readonly rCycleDays: Float64Array;

  constructor(private readonly input: TotalsInput) {
    const { p, tierSeg, pyramid, periods } = input;
    this.tiersPer = tierSeg ? pyramid.labels.length + 1 : 1;
    const cells = Math.max(1, p.segments.values.length) * this.tiersPer * periods;
    this.slotOf = cells <= 1 << 22 ? new Int32Array(cells).fill(-1) : null;
    this.slotMap = this.slotOf ? null : new Map<number, number>();
    this.reps = p.owners.values.length + 1;
    this.rSums = new SumTable(this.reps * R_SUMS);
    this.rWon = new Int32Array(this.reps);
    this.rLost = new Int32Array(this.reps);
    this.rOpen = new Int32Array(this.reps);
    this.rCycleDeals = new Int32Array(this.reps);
    this.rCycleDays = new Float64Array(this.reps);
  }

  private newSlot(key: number): number {
    const slot = this.slotKeys.push(key) - 1;
    if (slot >= this.gDeals.length) {
      const deals = new Int32Array(this.gDeals.length * 2);
      deals.set(this.gDeals);
      this.gDeals = deals;
      const variance = new Float64Array(this.gVariance.length * 2);
      variance.set(this.gVariance);
      this.gVariance = variance;
    }
    this.gSums.ensure((slot + 1) * G_SUMS);
    return slot;
  }

  /** Adds every counted deal; returns how many. */
  addAll(): number {
    // Imported constants and fields as locals: under a CommonJS transform (tsx,
    // jest) each read of an imported binding is a getter call, millions per run.
    const noDay = NO_DAY;
    const statusOpen = STATUS_OPEN;
    const statusWon = STATUS_WON;
    const statusLost = STATUS_LOST;
    const { p, amount, counted, period, periods, nowId, segIds, tierSeg, pyramid } = this.input;
    const { tiersPer, slotOf, slotMap, gSums, fSums, fDeals, reps, rSums } = this;
    const { rWon, rLost, rOpen, rCycleDays, rCycleDeals } = this;
    const { probability, status: statuses, segment, category, ladder, owner } = p;
    const { closeDay, createdDay } = p;
    let gDeals = this.gDeals;
    let gVariance = this.gVariance;
    let countedDeals = 0;
    // Sums get (array, index), never a double: see SumTable.addAt.
    for (let i = 0; i < p.n; i++) {
      if (!counted[i]) continue;
      countedDeals++;
      const pid = period[i]!;
      const a = amount[i]!;
      const prob = probability[i]!;
      const status = statuses[i]!;
      const seg = segIds ? segment[i]! : 0;
      const tier = tierSeg ? pyramid.tierOfDeal(i) : 0;
      const key = (seg * tiersPer + tier) * periods + pid;
      let slot: number;
      if (slotOf) {
        slot = slotOf[key]!;
        if (slot < 0) slot = slotOf[key] = this.newSlot(key);
      } else {
        slot = slotMap!.get(key) ?? -1;
        if (slot < 0) slotMap!.set(key, (slot = this.newSlot(key)));
      }
      if (slot >= gDeals.length) {
        // newSlot grew the tables.
        gDeals = this.gDeals;
        gVariance = this.gVariance;
      }
      const g = slot * G_SUMS;
      gDeals[slot]!++;
      gSums.addAt(g + G_AMOUNT, amount, i);
      gSums.addProduct(g + G_WEIGHTED, amount, probability, i);
      gSums.addAt(g + G_CAT + category[i]!, amount, i);
      gVariance[slot]! += a * a * prob * (1 - prob);
      if (status === statusOpen) gSums.addAt(g + G_OPEN, amount, i);
      const stage = ladder[i]!;
      fDeals[stage]!++;
      fSums.addAt(stage * 2, amount, i);
      fSums.addProduct(stage * 2 + 1, amount, probability, i);

      const o = owner[i]!;
      const rep = o >= 0 ? o : reps - 1;
      const r = rep * R_SUMS;
      const now = pid === nowId;
      if (status === statusWon) {
        rWon[rep]!++;
        rSums.addAt(r + R_WON, amount, i);
        const c = closeDay[i]!;
        const d = createdDay[i]!;
        if (c !== noDay && d !== noDay) {
          rCycleDays[rep]! += c - d;
          rCycleDeals[rep]!++;
        }
        if (now) rSums.addAt(r + R_CLOSED_NOW, amount, i);
      } else if (status === statusLost) {
        rLost[rep]!++;
      } else {
        rOpen[rep]!++;
        rSums.addAt(r + R_OPEN, amount, i);
        rSums.addProduct(r + R_WEIGHTED, amount, probability, i);
        if (now) {
          rSums.addProduct(r + R_WEIGHTED_NOW, amount, probability, i);
          rSums.addAt(r + R_OPEN_NOW, amount, i);
        }
      }
    }
    return countedDeals;
  }
}
