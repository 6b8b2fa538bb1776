/**
 * The pipeline-change bridge: Start (open deals of the earlier snapshot
 * closing in the window) + every bucket = End (the same for the later one),
 * per segment and in total, for amount and weighted amount. Sums are
 * compensated (core/money.ts Sum), so the identity holds to the cent for
 * any number of deals; a deal in both snapshots adds its to figures and
 * subtracts its from figures as two terms, never as a rounded difference.
 */
import { FunnelError } from '../errors';
import { compareText } from '../text';
import { FLAG_NO_RATE, NO_DAY, STATUS_LOST, STATUS_OPEN, STATUS_WON } from '../engine/parse-rows';
import { FORECAST_DEFAULTS } from '../engine/settings';
import type { ForecastSettings } from '../engine/types';
import { Sum } from '../money';
import { LADDER_STAGES } from '../stages';
import { dealChange } from './deal-row';
import type { Snapshot } from './snapshot';
import { trendOf } from './trend';
import {
  BOTH_BUCKETS,
  BUCKETS,
  IN_BUCKETS,
  OUT_BUCKETS,
  type BridgeStep,
  type Bucket,
  type ChangeResult,
  type ChangeRow,
  type KeptApart,
  type StageFlowRow,
} from './types';
import { windowDates, windowOfDay, windowOfLabel, type WindowDays } from './window';

export interface ChangeOptions {
  /** A period label in the run's scheme; default: the period holding the later snapshot's date. */
  window?: string | null;
}

/** Rows of a bridge: Start, the buckets, End. */
const STEPS: readonly BridgeStep[] = ['start', ...BUCKETS, 'end'];
const STEP = new Map(STEPS.map((s, i) => [s, i]));
const S_START = 0;
const S_END = STEPS.length - 1;
const B_MOVED_OUT = STEP.get('movedOut')!;
const B_MOVED_IN = STEP.get('movedIn')!;
const step = (b: Bucket): number => STEP.get(b)!;
const OUT = OUT_BUCKETS.map(step);
const IN = IN_BUCKETS.map(step);
const BOTH = BOTH_BUCKETS.map(step);
const [B_REMOVED, B_WON, B_LOST, B_PUSHED_OUT, B_PULLED_OUT] = OUT as [
  number,
  number,
  number,
  number,
  number,
];
const [B_REOPENED, B_PULLED_IN, B_PUSHED_IN, B_NEW] = IN as [number, number, number, number];
const [B_INCREASED, B_DECREASED, B_ADVANCED, B_REGRESSED, B_UNCHANGED] = BOTH as [
  number,
  number,
  number,
  number,
  number,
];

/** Deals, amount and weighted per bridge step, for one segment or the total. */
class Bridge {
  readonly deals = new Int32Array(STEPS.length);
  readonly amount = STEPS.map(() => new Sum());
  readonly weighted = STEPS.map(() => new Sum());
  /** Adds sign x (amount, weighted) of deal i of snapshot s to a step. */
  add(st: number, s: Snapshot, i: number, sign: number, count: boolean): void {
    if (count) this.deals[st]!++;
    this.amount[st]!.add(sign * s.store.amount[i]!);
    this.weighted[st]!.add(sign * s.weighted[i]!);
  }
  rows(segment: Record<string, string>, moves: boolean): ChangeRow[] {
    const out: ChangeRow[] = [];
    STEPS.forEach((bucket, st) => {
      if (!moves && (st === B_MOVED_OUT || st === B_MOVED_IN)) return;
      out.push({
        segment,
        bucket,
        deals: this.deals[st]!,
        amount: this.amount[st]!.netValue,
        weighted: this.weighted[st]!.netValue,
      });
    });
    return out;
  }
}

/**
 * The bridge between the two latest snapshots (by date; the later is `to`),
 * and the Trend over all of them when there are more than two.
 */
export function compareSnapshots(
  snapshots: readonly Snapshot[],
  settings: ForecastSettings,
  options: ChangeOptions = {},
): ChangeResult {
  if (snapshots.length < 2) {
    throw new FunnelError(
      '#VALUE!',
      'A pipeline change needs two snapshots: an earlier one and a later one.',
    );
  }
  const ordered = [...snapshots].sort((a, b) => a.day - b.day);
  const to = ordered[ordered.length - 1]!;
  const from = ordered[ordered.length - 2]!;
  const segs = to.segmentHeaders;
  if (from.segmentHeaders.join('\u0000') !== segs.join('\u0000')) {
    const missing = segs.filter((h) => !from.segmentHeaders.includes(h));
    throw new FunnelError(
      '#VALUE!',
      `The snapshots are not segmented alike: ${from.name} has no column ${missing.join(', ') || from.segmentHeaders.join(', ')}. Segment by columns both exports have.`,
    );
  }
  const baseFrom = from.result.baseCurrency ?? null;
  const baseTo = to.result.baseCurrency ?? null;
  if (baseFrom !== null && baseTo !== null && baseFrom !== baseTo) {
    throw new FunnelError(
      '#VALUE!',
      `The snapshots have different base currencies (${from.name}: ${baseFrom}, ${to.name}: ${baseTo}): set the base currency so both are in one.`,
    );
  }
  const fys = settings.fiscalYearStart ?? FORECAST_DEFAULTS.fiscalYearStart;
  const win: WindowDays = options.window
    ? windowOfLabel(options.window, fys)
    : windowOfDay(to.day, settings.period ?? FORECAST_DEFAULTS.period, fys);
  const dates = windowDates(win);
  const notes = [...from.notes, ...to.notes];
  notes.push(
    `Window ${dates.label} (close dates ${dates.first} to ${dates.last})${options.window ? '' : `: the period holding ${to.date}, the later snapshot's date`}; from ${from.name} (${from.date}) to ${to.name} (${to.date}).`,
  );

  const { lo, hi } = win;
  const inSet = (s: Snapshot, i: number): boolean => {
    if (!s.present[i] || s.store.p.status[i] !== STATUS_OPEN) return false;
    const d = s.store.p.closeDay[i]!;
    return d !== NO_DAY && d >= lo && d < hi;
  };
  const segmented = segs.length > 0;
  const total = new Bridge();
  const bySegment = new Map<string, Bridge>();
  const seg = (key: string): Bridge => {
    let b = bySegment.get(key);
    if (!b) bySegment.set(key, (b = new Bridge()));
    return b;
  };
  const dFrom = new Int32Array(from.n + to.n);
  const dTo = new Int32Array(from.n + to.n);
  const dStep = new Uint8Array(from.n + to.n);
  let dealCount = 0;
  const fp = from.store.p;
  const tp = to.store.p;

  // Start, and every deal of Start: out of the window, or in both.
  for (let i = 0; i < from.n; i++) {
    if (!inSet(from, i)) continue;
    const segFrom = segmented ? seg(from.segmentKey[i]!) : null;
    total.add(S_START, from, i, 1, true);
    segFrom?.add(S_START, from, i, 1, true);
    const j = to.index.get(from.keys[i]!) ?? -1;
    const there = j >= 0 && to.present[j] === 1;
    let st: number;
    if (there && inSet(to, j)) {
      const a = to.store.amount[j]!;
      const b = from.store.amount[i]!;
      st =
        a > b
          ? B_INCREASED
          : a < b
            ? B_DECREASED
            : tp.ladder[j]! > fp.ladder[i]!
              ? B_ADVANCED
              : tp.ladder[j]! < fp.ladder[i]!
                ? B_REGRESSED
                : B_UNCHANGED;
      total.add(st, to, j, 1, true);
      total.add(st, from, i, -1, false);
      const moved = segmented && to.segmentKey[j] !== from.segmentKey[i];
      if (moved) {
        segFrom!.add(B_MOVED_OUT, from, i, -1, true);
        seg(to.segmentKey[j]!).add(B_MOVED_IN, to, j, 1, true);
      } else if (segFrom) {
        segFrom.add(st, to, j, 1, true);
        segFrom.add(st, from, i, -1, false);
      }
    } else {
      if (!there) st = B_REMOVED;
      else if (tp.status[j] === STATUS_WON) st = B_WON;
      else if (tp.status[j] === STATUS_LOST) st = B_LOST;
      else st = tp.closeDay[j]! === NO_DAY || tp.closeDay[j]! >= hi ? B_PUSHED_OUT : B_PULLED_OUT;
      total.add(st, from, i, -1, true);
      const moved = segmented && there && to.segmentKey[j] !== from.segmentKey[i];
      segFrom?.add(moved ? B_MOVED_OUT : st, from, i, -1, true);
    }
    dFrom[dealCount] = i;
    dTo[dealCount] = j;
    dStep[dealCount++] = st;
  }

  // End, and the deals of End that were not in Start.
  for (let j = 0; j < to.n; j++) {
    if (!inSet(to, j)) continue;
    const segTo = segmented ? seg(to.segmentKey[j]!) : null;
    total.add(S_END, to, j, 1, true);
    segTo?.add(S_END, to, j, 1, true);
    const i = from.index.get(to.keys[j]!) ?? -1;
    const there = i >= 0 && from.present[i] === 1;
    if (there && inSet(from, i)) continue; // in both: counted above
    let st: number;
    if (!there) st = B_NEW;
    else if (fp.status[i] !== STATUS_OPEN) st = B_REOPENED;
    else st = fp.closeDay[i]! !== NO_DAY && fp.closeDay[i]! >= hi ? B_PULLED_IN : B_PUSHED_IN;
    total.add(st, to, j, 1, true);
    const moved = segmented && there && to.segmentKey[j] !== from.segmentKey[i];
    segTo?.add(moved ? B_MOVED_IN : st, to, j, 1, true);
    dFrom[dealCount] = i;
    dTo[dealCount] = j;
    dStep[dealCount++] = st;
  }

  const rows: ChangeRow[] = [];
  if (segmented) {
    const keys = [...bySegment.keys()].sort((a, b) => {
      const pa = a.split('\u0000');
      const pb = b.split('\u0000');
      for (let c = 0; c < pa.length; c++) {
        const d = compareText(pa[c]!, pb[c]!);
        if (d) return d;
      }
      return 0;
    });
    for (const key of keys) {
      const parts = key.split('\u0000');
      const segment: Record<string, string> = {};
      segs.forEach((h, c) => (segment[h] = parts[c]!));
      rows.push(...bySegment.get(key)!.rows(segment, true));
    }
  }
  rows.push(...total.rows({}, false));

  return {
    from: info(from),
    to: info(to),
    window: dates,
    segments: [...segs],
    baseCurrency: baseTo ?? baseFrom,
    rows,
    dealCount,
    deal: (k) => {
      if (k < 0 || k >= dealCount) throw new RangeError(`deal ${k} of ${dealCount}`);
      return dealChange(from, to, dFrom[k]!, dTo[k]!, STEPS[dStep[k]!] as Bucket);
    },
    stageFlow: stageFlow(from, to, dFrom, dTo, dealCount),
    trend: ordered.length > 2 ? ordered.map((s) => trendOf(s, lo, hi)) : null,
    issues: [...from.issues, ...to.issues],
    keptApart: [...keptApart(from, lo, hi), ...keptApart(to, lo, hi)],
    notes,
  };
}

function info(s: Snapshot): ChangeResult['from'] {
  return { name: s.name, date: s.date, keyHeader: s.keyHeader, rows: s.n };
}

const ABSENT = '(absent)';

/** From ladder stage x to ladder stage over the deals of the bridge. */
function stageFlow(
  from: Snapshot,
  to: Snapshot,
  dFrom: Int32Array,
  dTo: Int32Array,
  count: number,
): StageFlowRow[] {
  const L = LADDER_STAGES.length;
  const cells = new Map<number, { deals: number; from: Sum; to: Sum }>();
  for (let k = 0; k < count; k++) {
    const i = dFrom[k]!;
    const j = dTo[k]!;
    const fi = i >= 0 && from.present[i] ? from.store.p.ladder[i]! : L;
    const tj = j >= 0 && to.present[j] ? to.store.p.ladder[j]! : L;
    const key = fi * (L + 1) + tj;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { deals: 0, from: new Sum(), to: new Sum() }));
    c.deals++;
    if (fi < L) c.from.add(from.store.amount[i]!);
    if (tj < L) c.to.add(to.store.amount[j]!);
  }
  // (absent) first on the from side, last on the to side: the flow reads left to right.
  const rank = (x: number, absentFirst: boolean) => (x === L ? (absentFirst ? -1 : L) : x);
  return [...cells.entries()]
    .sort(([a], [b]) => {
      const fa = rank(Math.floor(a / (L + 1)), true) - rank(Math.floor(b / (L + 1)), true);
      return fa || rank(a % (L + 1), false) - rank(b % (L + 1), false);
    })
    .map(([key, c]) => {
      const fi = Math.floor(key / (L + 1));
      const tj = key % (L + 1);
      return {
        fromStage: fi === L ? ABSENT : LADDER_STAGES[fi]!,
        toStage: tj === L ? ABSENT : LADDER_STAGES[tj]!,
        deals: c.deals,
        fromAmount: c.from.value,
        toAmount: c.to.value,
      };
    });
}

/** Open deals in the window that would be in Start or End but for a missing exchange rate. */
function keptApart(s: Snapshot, lo: number, hi: number): KeptApart[] {
  const p = s.store.p;
  const by = new Map<string, { deals: number; amount: Sum }>();
  for (let i = 0; i < s.n; i++) {
    if (!(p.flags[i]! & FLAG_NO_RATE) || p.status[i] !== STATUS_OPEN) continue;
    if (s.keys[i] === '' || s.index.get(s.keys[i]!) !== i) continue;
    const d = p.closeDay[i]!;
    if (d === NO_DAY || d < lo || d >= hi) continue;
    const code = p.currencies.values[p.currency[i]!]!;
    let e = by.get(code);
    if (!e) by.set(code, (e = { deals: 0, amount: new Sum() }));
    e.deals++;
    e.amount.add(p.amount[i]!);
  }
  return [...by.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([currency, e]) => ({
      snapshot: s.name,
      date: s.date,
      currency,
      deals: e.deals,
      amount: e.amount.value,
    }));
}
