/**
 * A seeded stage-history generator with known true stage-to-win rates.
 *
 * The funnel is the open stages of a stage table, in order, then Won. A deal
 * enters at the first stage and, at stage i, moves on with probability
 * advance[i] or is lost there; past the last open stage it is won. So the true
 * rate of stage i (won among the deals that reached it) is the product of
 * advance[j] for j >= i. The history then hides part of the truth the way real
 * exports do, without biasing the rates:
 * - skip: an intermediate stage's row is left out (never the deal's highest
 *   open stage, so a lost deal's highest stage stays visible);
 * - back: after reaching a stage past the first, the deal steps back one stage
 *   and forward again (a backward move; the highest stage is unchanged);
 * - open: the history is cut before the closing row, independently of the
 *   outcome, so the deal looks open (and must be left out of every n).
 * Dates rise a day per row; rows of all deals are interleaved by date.
 */
import type { HistoryRow } from '../../core/rates/stage-rates';

/** mulberry32-style 32-bit generator: small, seeded, the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratorOptions {
  seed: number;
  deals: number;
  /** Open stage labels in funnel order. */
  stages: readonly string[];
  /** advance[i]: chance to move on from stage i (the last: to be won). */
  advance: readonly number[];
  wonLabel?: string;
  lostLabel?: string;
  skip?: number;
  back?: number;
  open?: number;
}

export interface GeneratedHistory {
  rows: HistoryRow[];
  /** The true rate of each open stage: P(won | reached the stage). */
  trueRates: number[];
  /** What the history hides, for the tests' bookkeeping. */
  truth: { won: number; lost: number; open: number };
}

export function generateHistory(o: GeneratorOptions): GeneratedHistory {
  const rnd = seededRandom(o.seed);
  const m = o.stages.length;
  const trueRates = o.stages.map((_, i) => o.advance.slice(i).reduce((p, a) => p * a, 1));
  const events: { key: string; stage: string; at: number }[] = [];
  const truth = { won: 0, lost: 0, open: 0 };
  for (let d = 0; d < o.deals; d++) {
    const key = `006D${String(d).padStart(6, '0')}`;
    let at = Math.floor(rnd() * 1000);
    let highest = 0;
    while (highest < m - 1 && rnd() < o.advance[highest]!) highest++;
    const won = highest === m - 1 && rnd() < o.advance[m - 1]!;
    const path: string[] = [];
    for (let i = 0; i <= highest; i++) {
      const visible = i === 0 || i === highest || rnd() >= (o.skip ?? 0);
      if (visible) path.push(o.stages[i]!);
      if (i > 0 && i === highest && rnd() < (o.back ?? 0)) {
        path.push(o.stages[i - 1]!);
        if (rnd() < 0.5) path.push(o.stages[i]!);
      }
    }
    const cut = rnd() < (o.open ?? 0);
    if (cut) truth.open++;
    else {
      path.push(won ? (o.wonLabel ?? 'Won') : (o.lostLabel ?? 'Lost'));
      if (won) truth.won++;
      else truth.lost++;
    }
    for (const stage of path) events.push({ key, stage, at: at++ });
  }
  events.sort((a, b) => a.at - b.at);
  return {
    rows: events.map((e, i) => ({
      key: e.key,
      stage: e.stage,
      at: e.at,
      outcome: null,
      row: i + 2,
    })),
    trueRates,
    truth,
  };
}
