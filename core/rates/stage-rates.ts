/**
 * Stage rates: each stage's probability measured on the team's own closed deals
 * (docs/calibration.md states the method; this file is its one implementation).
 *
 * - n(stage) = closed deals (won or lost) that reached the stage or a later one.
 *   Open stages are ordered by ladder stage, then as the stage table lists them.
 *   A won deal passed every open stage (it reached Won, the last one), so it
 *   counts in every open stage's n; a lost deal counts in every open stage up to
 *   the highest it reached (a skipped stage counts as passed; a deal that moved
 *   backward counts once, at its highest stage). Won and lost stages count the
 *   deals that closed there.
 * - The outcome of a deal is the status of its latest row (by date, then by row
 *   order): a row's outcome when given, else its stage's status. A deal whose
 *   latest row is open is open (never closed, or reopened) and is in no n.
 * - rate = (won + k p0) / (n + k), p0 the stage's current probability and k the
 *   prior strength (k = 0: the raw rate won / n; n = 0: p0). The 90% interval is
 *   the 5% and 95% quantiles of Beta(won + k p0, n - won + k (1 - p0)).
 * - A later stage whose rate is lower than an earlier one's is reported in the
 *   notes and on its row; rates are never reordered or forced to rise.
 */
import type { CellValue } from '../cells';
import { isBlank } from '../read/blank';
import { describeValue } from '../errors';
import {
  LADDER_STAGES,
  lookupStage,
  rankPresets,
  type DealStatus,
  type StageDef,
  type StageTable,
} from '../stages';
import { normalizeLabel } from '../text';
import { betaQuantile } from './beta';

/** One row of a stage history: a deal seen at a stage (on a date). */
export interface HistoryRow {
  /** The deal's key (opportunity id); blank rows are reported, not used. */
  key: CellValue;
  /** The stage label as the history writes it. */
  stage: CellValue;
  /** When the row happened, in days (fractions for the time of day); null when unknown. */
  at?: number | null;
  /** The row's own outcome (won, lost or open) when the history gives one, else null. */
  outcome?: DealStatus | null;
  /** The row as the user sees it (sheet row or index in the range), for issues. */
  row: number;
  /** The file or snapshot the row comes from, when the history has several. */
  source?: string;
  /** The probability the forecast gave the deal at this row (a snapshot's), when known. */
  probability?: number | null;
}

export interface StageRatesOptions {
  /** The user's stage table; without it, the built-in table that knows the history's stages best. */
  stageTable?: StageTable;
  /** k, the prior strength in deals (default 10; 0 = raw rates). */
  priorStrength?: number;
  /** Two-sided interval level (default 0.9). */
  level?: number;
}

export const DEFAULT_PRIOR_STRENGTH = 10;

export interface StageRate {
  stage: StageDef;
  /** The calibrated rate (the new probability). */
  probability: number;
  n: number;
  won: number;
  /** won / n; null when n = 0. */
  rawRate: number | null;
  /** The interval's ends; null when the Beta has no mass (k = 0 and n = 0). */
  low: number | null;
  high: number | null;
  /** p0: the stage's current probability. */
  previousProbability: number;
  /** What to know about this row (small n, lower than an earlier stage...), or "". */
  note: string;
}

export interface HistoryIssue {
  /** The file or snapshot, when the history has several. */
  source?: string;
  row: number;
  column: 'key' | 'stage' | 'date' | 'outcome';
  value: CellValue;
  problem: string;
}

export interface StageRatesResult {
  rates: StageRate[];
  /** Plain sentences: the table used, the order, the counts, every decision made. */
  notes: string[];
  issues: HistoryIssue[];
  /** The prior strength used. */
  priorStrength: number;
  /** How a stage label resolved (the stages listed, or undefined for an unknown label). */
  resolve: (label: string) => StageDef | undefined;
  /** Each deal's outcome (its latest row's status) and that row's time, by trimmed key. */
  outcomes: ReadonlyMap<string, { status: DealStatus; at: number | null }>;
  counts: {
    rows: number;
    rowsUsed: number;
    deals: number;
    won: number;
    lost: number;
    open: number;
    reopened: number;
  };
}

const LADDER_RANK = new Map<string, number>(LADDER_STAGES.map((s, i) => [s, i]));

/** Below this many closed deals a rate leans mostly on the prior: said on the row. */
export const FEW_DEALS = 30;

/** Interval ends to 10 significant digits: the quantiles are accurate to about 1e-11. */
function interval(x: number | null): number | null {
  return x === null ? null : Number(x.toPrecision(10));
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

function readPriorStrength(k: number | undefined): number {
  const value = k ?? DEFAULT_PRIOR_STRENGTH;
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`prior strength ${value}: give a number of deals, 0 or more.`);
  }
  return value;
}

/** The stages to report, in funnel order, and how a label resolves to one of them. */
function stageList(
  rows: readonly HistoryRow[],
  userTable: StageTable | undefined,
  notes: string[],
): { stages: StageDef[]; resolve: (label: string) => StageDef | undefined } {
  let base = userTable;
  if (!base) {
    const labels = new Set<string>();
    for (const r of rows) if (!isBlank(r.stage)) labels.add(String(r.stage));
    const best = rankPresets(labels)[0]!;
    base = best.table;
    notes.push(
      `Stages from ${base.title}: it knows ${best.matched} of the ${new Set([...labels].map(normalizeLabel)).size} stage names in the history (give a stage table to use your own).`,
    );
  } else {
    notes.push(`Stages from ${base.title}.`);
  }
  const listed: StageDef[] = [];
  const byKey = new Map<string, StageDef>();
  for (const def of base.stages) {
    const key = normalizeLabel(def.label);
    if (byKey.has(key)) continue;
    byKey.set(key, def);
    listed.push(def);
  }
  const table = base;
  const extra: StageDef[] = [];
  const memo = new Map<string, StageDef | undefined>();
  const resolve = (label: string): StageDef | undefined => {
    if (memo.has(label)) return memo.get(label);
    const def = resolveOnce(label);
    memo.set(label, def);
    return def;
  };
  const resolveOnce = (label: string): StageDef | undefined => {
    const hit = table.index.get(normalizeLabel(label));
    if (hit) return byKey.get(normalizeLabel(hit.label)) ?? hit;
    const other = lookupStage(label, userTable);
    if (!other) return undefined;
    const key = normalizeLabel(other.label);
    const known = byKey.get(key);
    if (known) return known;
    byKey.set(key, other);
    extra.push(other);
    return other;
  };
  // Resolve every label once so the extra stages are known before ordering.
  const seen = new Set<CellValue>();
  for (const r of rows) {
    if (seen.has(r.stage)) continue;
    seen.add(r.stage);
    if (!isBlank(r.stage)) resolve(String(r.stage));
  }
  if (extra.length) {
    notes.push(
      `Stages not in ${table.title}, taken from the built-in tables: ${extra.map((d) => `${d.label} (${pct(d.probability)})`).join(', ')}.`,
    );
  }
  const all = [...listed, ...extra];
  const order = new Map(all.map((d, i) => [d, i]));
  all.sort(
    (a, b) =>
      LADDER_RANK.get(a.ladder)! - LADDER_RANK.get(b.ladder)! || order.get(a)! - order.get(b)!,
  );
  return { stages: all, resolve };
}

interface DealState {
  /** Highest open-stage position reached, -1 for none. */
  highest: number;
  /** The latest row's (at, row) and status; the closed stage it ended at. */
  lastAt: number;
  lastRow: number;
  lastStatus: DealStatus | null;
  lastClosedDef: StageDef | null;
  everClosed: boolean;
  outcomes: Set<DealStatus>;
}

export function computeStageRates(
  rows: readonly HistoryRow[],
  options: StageRatesOptions = {},
): StageRatesResult {
  const k = readPriorStrength(options.priorStrength);
  const level = options.level ?? 0.9;
  const notes: string[] = [];
  const issues: HistoryIssue[] = [];
  const { stages, resolve } = stageList(rows, options.stageTable, notes);
  const open = stages.filter((s) => s.status === 'open');
  const position = new Map(open.map((s, i) => [s, i]));
  notes.push(
    `Funnel order of the open stages (by ladder stage, then as the table lists them): ${open.map((s) => s.label).join(' > ') || '(none)'}.`,
  );

  const deals = new Map<string, DealState>();
  let rowsUsed = 0;
  let undated = 0;
  for (const r of rows) {
    if (isBlank(r.key)) {
      if (!isBlank(r.stage)) {
        issues.push({
          ...(r.source ? { source: r.source } : {}),
          row: r.row,
          column: 'key',
          value: r.key,
          problem: 'the deal key is blank: the row cannot be given to a deal; not used.',
        });
      }
      continue;
    }
    if (isBlank(r.stage)) {
      issues.push({
        ...(r.source ? { source: r.source } : {}),
        row: r.row,
        column: 'stage',
        value: r.stage,
        problem: 'the stage is blank; not used.',
      });
      continue;
    }
    const def = resolve(String(r.stage));
    if (!def) {
      issues.push({
        ...(r.source ? { source: r.source } : {}),
        row: r.row,
        column: 'stage',
        value: r.stage,
        problem: `unknown stage ${describeValue(r.stage)}: add it to your stage table; the row is not used.`,
      });
      continue;
    }
    rowsUsed++;
    const key = r.key instanceof Date ? r.key.toISOString() : String(r.key).trim();
    let deal = deals.get(key);
    if (!deal) {
      deal = {
        highest: -1,
        lastAt: -Infinity,
        lastRow: -Infinity,
        lastStatus: null,
        lastClosedDef: null,
        everClosed: false,
        outcomes: new Set(),
      };
      deals.set(key, deal);
    }
    const pos = position.get(def);
    if (pos !== undefined && pos > deal.highest) deal.highest = pos;
    const status: DealStatus = r.outcome ?? def.status;
    if (status !== 'open') {
      deal.everClosed = true;
      deal.outcomes.add(status);
    }
    const at = r.at ?? -Infinity;
    if (r.at === null || r.at === undefined) undated++;
    if (at > deal.lastAt || (at === deal.lastAt && r.row >= deal.lastRow)) {
      deal.lastAt = at;
      deal.lastRow = r.row;
      deal.lastStatus = status;
      deal.lastClosedDef = status !== 'open' && def.status === status ? def : null;
    }
  }
  if (undated > 0 && undated < rowsUsed) {
    notes.push(
      `${undated} history rows have no date: they count as earlier than every dated row of their deal.`,
    );
  } else if (undated === rowsUsed && rowsUsed > 0) {
    notes.push('The history has no dates: the rows of each deal are taken in their order.');
  }

  const n = new Array<number>(stages.length).fill(0);
  const won = new Array<number>(stages.length).fill(0);
  const index = new Map(stages.map((s, i) => [s, i]));
  const firstOf = (status: DealStatus) => stages.findIndex((s) => s.status === status);
  let wonDeals = 0;
  let lostDeals = 0;
  let openDeals = 0;
  let reopened = 0;
  let changed = 0;
  let lostNowhere = 0;
  const outcomes = new Map<string, { status: DealStatus; at: number | null }>();
  for (const [key, deal] of deals) {
    if (deal.lastStatus) {
      outcomes.set(key, {
        status: deal.lastStatus,
        at: Number.isFinite(deal.lastAt) ? deal.lastAt : null,
      });
    }
    if (deal.lastStatus !== 'won' && deal.lastStatus !== 'lost') {
      openDeals++;
      if (deal.everClosed) reopened++;
      continue;
    }
    if (deal.outcomes.size > 1) changed++;
    const isWon = deal.lastStatus === 'won';
    if (isWon) wonDeals++;
    else lostDeals++;
    const upTo = isWon ? open.length - 1 : deal.highest;
    if (!isWon && deal.highest < 0) lostNowhere++;
    for (let p = 0; p <= upTo; p++) {
      const i = index.get(open[p]!)!;
      n[i]!++;
      if (isWon) won[i]!++;
    }
    const closedAt = deal.lastClosedDef ? index.get(deal.lastClosedDef) : undefined;
    const ci = closedAt ?? firstOf(deal.lastStatus);
    if (ci >= 0) {
      n[ci]!++;
      if (isWon) won[ci]!++;
    }
  }

  const rates: StageRate[] = stages.map((stage, i) => {
    const ni = n[i]!;
    const wi = won[i]!;
    const p0 = stage.probability;
    // Full double precision: the rates weigh amounts, and clean() rounds the weighted amounts.
    const rawRate = ni > 0 ? wi / ni : null;
    const probability = ni + k > 0 ? (wi + k * p0) / (ni + k) : p0;
    const alpha = wi + k * p0;
    const beta = ni - wi + k * (1 - p0);
    return finishRate({ stage, probability, n: ni, won: wi, rawRate, alpha, beta }, k, level);
  });
  markFallingRates(rates, notes);

  notes.push(
    `${deals.size} deals in the history: ${wonDeals} won, ${lostDeals} lost, ${openDeals} still open (not counted in any n).`,
  );
  if (reopened) {
    notes.push(
      `${reopened} deals were closed and later reopened; they are open now and not counted.`,
    );
  }
  if (changed) {
    notes.push(
      `${changed} deals were both won and lost in the history: their latest outcome counts.`,
    );
  }
  if (lostNowhere) {
    notes.push(
      `${lostNowhere} lost deals reached no open stage (only a lost stage in the history): they count in no open stage's n.`,
    );
  }
  notes.push(
    k === 0
      ? 'Prior strength 0: the raw rates won / n (a stage with n = 0 keeps its current probability).'
      : `Prior strength ${k}: rate = (won + ${k} x current probability) / (n + ${k}); ${Math.round(level * 100)}% interval from the Beta distribution.`,
  );
  if (issues.length) notes.push(`${issues.length} history rows not used: see the history issues.`);
  return {
    rates,
    notes,
    issues,
    priorStrength: k,
    resolve,
    outcomes,
    counts: {
      rows: rows.length,
      rowsUsed,
      deals: deals.size,
      won: wonDeals,
      lost: lostDeals,
      open: openDeals,
      reopened,
    },
  };
}

/**
 * A stage's row from its counts and calibrated rate (computed here, or by the
 * warehouse SQL): the interval from Beta(alpha, beta) and the row's note.
 */
export function finishRate(
  r: {
    stage: StageDef;
    probability: number;
    n: number;
    won: number;
    rawRate: number | null;
    alpha: number;
    beta: number;
  },
  k: number,
  level = 0.9,
): StageRate {
  const tail = (1 - level) / 2;
  const rowNotes: string[] = [];
  if (r.n === 0)
    rowNotes.push('no closed deal reached this stage: the current probability is kept');
  else if (r.n < FEW_DEALS && r.stage.status === 'open')
    rowNotes.push(
      `only ${r.n} closed deal${r.n === 1 ? '' : 's'}: ${k > 0 ? 'the rate leans on the current probability' : 'the raw rate is uncertain'}`,
    );
  return {
    stage: r.stage,
    probability: r.probability,
    n: r.n,
    won: r.won,
    rawRate: r.rawRate,
    low: interval(betaQuantile(tail, r.alpha, r.beta)),
    high: interval(betaQuantile(1 - tail, r.alpha, r.beta)),
    previousProbability: r.stage.probability,
    note: rowNotes.join('; '),
  };
}

/** Reports, never repairs, a rate that falls from one open stage to a later one (rates in funnel order). */
export function markFallingRates(rates: StageRate[], notes: string[]): void {
  let best: StageRate | null = null;
  for (const rate of rates) {
    if (rate.stage.status !== 'open') continue;
    if (best && rate.probability < best.probability) {
      const text = `lower than ${best.stage.label} (${pct(best.probability)}), an earlier stage`;
      rate.note = rate.note ? `${rate.note}; ${text}` : text;
      notes.push(
        `${rate.stage.label}: its rate ${pct(rate.probability)} is lower than the earlier stage ${best.stage.label}'s ${pct(best.probability)}. Reported as measured, not reordered: look at how deals reach ${rate.stage.label}, or at the stage order.`,
      );
    }
    if (!best || rate.probability > best.probability) best = rate;
  }
}
