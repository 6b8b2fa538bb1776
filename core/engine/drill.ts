/**
 * Drill-down: the deals behind a figure of the results (a forecast cell, a
 * funnel stage, a rep, a pyramid account or tier), with their names, so a
 * reader can check that they add up to it. The run hands a compact list of
 * deals to the UI (capped: the full list is the FunnelData sheet); the UI asks
 * drillDown which of them make a figure.
 */
import { Sum, clean } from '../money';
import type { DealStatus, ForecastCategory } from '../stages';
import { dealStoreOf, labelText } from './deals';
import { nameText } from './issues';
import { TIER_SEGMENT } from './run';
import type { ForecastResult } from './types';

/** Deals handed to the UI for drill-down at most; past it the FunnelData sheet has them all. */
export const DRILL_DEAL_CAP = 5000;

export interface DrillDeal {
  /** Sheet row. */
  row: number;
  /** Opportunity name, else account. */
  name: string | null;
  account: string | null;
  owner: string | null;
  /** Ladder stage; null when nothing placed the deal. */
  stage: string | null;
  status: DealStatus | null;
  category: ForecastCategory | null;
  period: string;
  /** Segment values in the order of DrillData.segmentHeaders. */
  segment: string[];
  tier: string | null;
  /** Base-currency amount; null when the deal is not counted (no amount, no rate...). */
  amount: number | null;
  weighted: number | null;
  /** Its share of its account's pyramid value (the run's tier measure). */
  pyramidValue: number;
}

export interface DrillData {
  deals: DrillDeal[];
  /** false when there were more deals than DRILL_DEAL_CAP. */
  complete: boolean;
  /** Total deals in the run. */
  total: number;
  segmentHeaders: string[];
}

/** The drill-down list of a run (deals in sheet order, up to the cap). */
export function drillData(result: ForecastResult, cap = DRILL_DEAL_CAP): DrillData {
  const store = dealStoreOf(result);
  const segmentHeaders = result.forecast[0] ? Object.keys(result.forecast[0].segment) : [];
  if (!store) return { deals: [], complete: false, total: result.deals.length, segmentHeaders };
  const p = store.p;
  const n = Math.min(p.n, cap);
  const nameCol = (() => {
    const f = result.mapping.fields;
    const c = f.opportunity ?? f.account;
    return c ? c.column : -1;
  })();
  // The forecast's own segment values (ids into p.segments), so the match is exact.
  const segParts = result.mapping.segments;
  const measure = store.pyramid.measure;
  const L = store.labels;
  const deals: DrillDeal[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const prob = p.probability[i]!;
    const counted = store.counted[i] === 1;
    const amount = counted ? store.amount[i]! : null;
    const weighted = counted ? clean(store.amount[i]! * prob) : null;
    const status = labelText(L.status, i) as DealStatus | null;
    const tier = labelText(L.tier, i);
    const values = segParts.length ? p.segments.values[p.segment[i]!]!.split('\u0000') : [];
    const segment = segmentHeaders.map((h) => {
      if (h === TIER_SEGMENT && !segParts.includes(h)) return tier ?? '(no account)';
      const k = segParts.indexOf(h);
      return k >= 0 ? (values[k] ?? '') : '';
    });
    const name = nameCol >= 0 ? store.cell(i, nameCol) : null;
    let pyramidValue = 0;
    if (amount !== null && p.account[i]! >= 0) {
      if (measure === 'won') pyramidValue = status === 'won' ? amount : 0;
      else if (measure === 'open') pyramidValue = status === 'open' ? amount : 0;
      else if (measure === 'weighted') pyramidValue = status === 'lost' ? 0 : weighted!;
      else pyramidValue = status === 'lost' ? 0 : amount;
    }
    deals[i] = {
      row: p.firstRow + p.source[i]!,
      name: nameText(name),
      account: labelText(L.account, i),
      owner: labelText(L.owner, i),
      stage: labelText(L.stage, i),
      status,
      category: labelText(L.category, i) as ForecastCategory | null,
      period: labelText(L.period, i)!,
      segment,
      tier,
      amount,
      weighted,
      pyramidValue,
    };
  }
  return { deals, complete: p.n <= cap, total: p.n, segmentHeaders };
}

/** A figure of the results, as the UI names it when it is clicked. */
export type DrillTarget =
  | {
      table: 'Forecast';
      /** By segment header, or the values in DrillData.segmentHeaders order. */
      segment: Record<string, string> | string[];
      period: string;
      column: string;
    }
  | { table: 'Funnel'; stage: string; column: string }
  | { table: 'Reps'; owner: string; column: string }
  | { table: 'Pyramid'; account?: string; tier?: string; column: string };

export interface DrillResult {
  deals: DrillDeal[];
  /** What each deal adds to the figure (its amount, weighted amount or pyramid value). */
  value: (d: DrillDeal) => number;
  /** Which measure the value is: for the list's column header. */
  measure: 'amount' | 'weighted' | 'pyramid';
  /** The deals' values summed, cent-exact: equal to the figure clicked. */
  total: number;
}

const CATEGORY_COLUMNS: Record<string, readonly ForecastCategory[]> = {
  closed: ['Closed'],
  commit: ['Commit'],
  'best case': ['Best Case'],
  pipeline: ['Pipeline'],
  omitted: ['Omitted'],
  'commit (cumulative)': ['Closed', 'Commit'],
  'best case (cumulative)': ['Closed', 'Commit', 'Best Case'],
  'pipeline (cumulative)': ['Pipeline', 'Best Case', 'Commit'],
};

/** The deals behind one figure, and what each adds to it. */
export function drillDown(data: DrillData, target: DrillTarget): DrillResult {
  const column = target.column.trim().toLowerCase();
  const amountOf = (d: DrillDeal) => d.amount ?? 0;
  const weightedOf = (d: DrillDeal) => d.weighted ?? 0;
  let keep: (d: DrillDeal) => boolean;
  let measure: DrillResult['measure'] = column === 'weighted' ? 'weighted' : 'amount';
  if (target.table === 'Forecast') {
    const seg = target.segment;
    const idx = Array.isArray(seg) ? seg : data.segmentHeaders.map((h) => seg[h]);
    const inCell = (d: DrillDeal) =>
      d.amount !== null && d.period === target.period && idx.every((v, k) => d.segment[k] === v);
    const cats = CATEGORY_COLUMNS[column];
    if (cats) keep = (d) => inCell(d) && d.category !== null && cats.includes(d.category);
    else if (column === 'open amount') keep = (d) => inCell(d) && d.status === 'open';
    else if (column === 'amount' || column === 'deals') keep = inCell;
    else {
      // Weighted (and the figures built on it): lost deals weigh nothing, so they are not listed.
      keep = (d) => inCell(d) && d.status !== 'lost';
      measure = 'weighted';
    }
  } else if (target.table === 'Funnel') {
    keep = (d) => d.stage === target.stage;
  } else if (target.table === 'Reps') {
    const owner = target.owner === '(no owner)' ? null : target.owner;
    const mine = (d: DrillDeal) => d.owner === owner && d.amount !== null;
    if (column === 'won' || column === 'avg won amount')
      keep = (d) => mine(d) && d.status === 'won';
    else if (column === 'lost') keep = (d) => mine(d) && d.status === 'lost';
    else {
      keep = (d) => mine(d) && d.status === 'open';
      if (column === 'weighted' || column === 'velocity per day') measure = 'weighted';
    }
  } else {
    measure = 'pyramid';
    keep = target.account
      ? (d) => d.account === target.account && d.amount !== null
      : (d) => d.tier === target.tier && d.amount !== null;
  }
  const value =
    measure === 'pyramid'
      ? (d: DrillDeal) => d.pyramidValue
      : measure === 'weighted'
        ? weightedOf
        : amountOf;
  const deals = data.deals.filter(keep);
  const total = new Sum();
  for (const d of deals) total.add(value(d));
  return { deals, value, measure, total: total.value };
}
