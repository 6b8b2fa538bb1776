/**
 * Calibration of the stage probabilities on a stage history
 * (docs/calibration.md, "Calibration"):
 *
 * - An observation is a closed deal seen at an open stage: once per stage it
 *   was seen at in a stage history, once per snapshot in snapshots. Its
 *   prediction is the probability the forecast gave the deal there (a
 *   snapshot's, the deal's own when it had one), else the stage's current
 *   probability; its outcome 1 (won) or 0 (lost).
 * - Buckets of 10 points of that probability ([0, 10%), ..., [90%, 100%]):
 *   observations, mean predicted, share won. A well-calibrated table has the
 *   share won close to the mean predicted in every bucket.
 * - Brier score, out of sample: stage rates fitted on the deals closed before a
 *   cut date (computeStageRates on their rows alone), then the observations of
 *   the deals closed on or after it scored twice, mean((p - outcome)^2), once
 *   with the current probabilities and once with the fitted rates. Lower is
 *   better; 0.25 is what a constant 50% scores on a 50/50 sample.
 */
import { isBlank } from '../read/blank';
import { clean } from '../money';
import type { OutputColumn, OutputTable } from '../output';
import { outputNames } from '../output';
import { isoOfDay } from '../read/date';
import { computeStageRates, type HistoryRow, type StageRatesOptions } from './stage-rates';

export interface CalibrationBucket {
  /** "0-10%" ... "90-100%". */
  label: string;
  from: number;
  to: number;
  observations: number;
  /** null when the bucket is empty. */
  meanPredicted: number | null;
  shareWon: number | null;
}

export interface BrierComparison {
  /** The cut day (deals closed before it fit the rates; on or after it, score them). */
  cut: number;
  trainDeals: number;
  testDeals: number;
  observations: number;
  /** Brier score of the current (default, preset or table) probabilities on the test deals. */
  current: number;
  /** Brier score of the rates fitted on the training deals, on the same test observations. */
  calibrated: number;
}

export interface CalibrationResult {
  buckets: CalibrationBucket[];
  /** null when there are too few dated closed deals on one side of the cut. */
  brier: BrierComparison | null;
  notes: string[];
}

interface Observation {
  key: string;
  stage: string;
  predicted: number;
  won: 0 | 1;
}

interface ClosedDeal {
  won: boolean;
  closedAt: number | null;
}

function keyOf(key: unknown): string {
  return key instanceof Date ? key.toISOString() : String(key).trim();
}

export function computeCalibration(
  rows: readonly HistoryRow[],
  options: StageRatesOptions & { cut?: number } = {},
): CalibrationResult {
  const notes: string[] = [];
  const all = computeStageRates(rows, options);
  const deals = new Map<string, ClosedDeal>();
  for (const [key, o] of all.outcomes) {
    if (o.status !== 'open') deals.set(key, { won: o.status === 'won', closedAt: o.at });
  }
  const observations: Observation[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (isBlank(r.key) || isBlank(r.stage)) continue;
    const key = keyOf(r.key);
    const deal = deals.get(key);
    const def = all.resolve(String(r.stage));
    if (!deal || !def || def.status !== 'open') continue;
    // A snapshot row is one observation (the deal at that snapshot); a stage-history row one
    // per deal and stage.
    const id = `${key}\u0000${r.source !== undefined ? `@${r.source}` : def.label}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const predicted = r.probability ?? def.probability;
    observations.push({ key, stage: def.label, predicted, won: deal.won ? 1 : 0 });
  }

  const buckets: CalibrationBucket[] = Array.from({ length: 10 }, (_, i) => ({
    label: `${i * 10}-${i * 10 + 10}%`,
    from: i / 10,
    to: (i + 1) / 10,
    observations: 0,
    meanPredicted: null,
    shareWon: null,
  }));
  // Counts per distinct probability, so a bucket of one stage's 10% has a mean of exactly 10%.
  const counts = buckets.map(() => new Map<number, number>());
  const won = buckets.map(() => 0);
  for (const o of observations) {
    const i = Math.min(9, Math.floor(o.predicted * 10 + 1e-9));
    buckets[i]!.observations++;
    counts[i]!.set(o.predicted, (counts[i]!.get(o.predicted) ?? 0) + 1);
    won[i]! += o.won;
  }
  buckets.forEach((b, i) => {
    if (b.observations > 0) {
      let sum = 0;
      for (const [p, c] of counts[i]!) sum += p * c;
      b.meanPredicted = clean(sum / b.observations);
      b.shareWon = won[i]! / b.observations;
    }
  });
  notes.push(
    `Calibration: ${observations.length} observations (a closed deal seen at an open stage, once per stage) of ${deals.size} closed deals.`,
  );

  // Out of sample: fit on deals closed before the cut, score those closed on or after it.
  const dated = [...deals.values()].filter((d) => d.closedAt !== null).map((d) => d.closedAt!);
  let brier: BrierComparison | null = null;
  if (dated.length < deals.size) {
    notes.push(
      `Calibration: ${deals.size - dated.length} closed deals have no date and are left out of the Brier comparison.`,
    );
  }
  if (dated.length >= 2) {
    const sorted = [...dated].sort((a, b) => a - b);
    const cut = options.cut ?? Math.floor(sorted[Math.floor(sorted.length / 2)]!);
    const train = new Set<string>();
    const test = new Set<string>();
    for (const [key, d] of deals) {
      if (d.closedAt === null) continue;
      (d.closedAt < cut ? train : test).add(key);
    }
    if (train.size === 0 || test.size === 0) {
      notes.push(
        `Calibration: no Brier comparison: every dated closed deal closed ${train.size === 0 ? 'on or after' : 'before'} the cut ${isoOfDay(cut)}.`,
      );
    } else {
      const fit = computeStageRates(
        rows.filter((r) => !isBlank(r.key) && train.has(keyOf(r.key))),
        options,
      );
      const rate = new Map(fit.rates.map((r) => [r.stage.label, r.probability]));
      let current = 0;
      let calibrated = 0;
      let n = 0;
      for (const o of observations) {
        if (!test.has(o.key)) continue;
        n++;
        current += (o.predicted - o.won) ** 2;
        calibrated += ((rate.get(o.stage) ?? o.predicted) - o.won) ** 2;
      }
      if (n > 0) {
        brier = {
          cut,
          trainDeals: train.size,
          testDeals: test.size,
          observations: n,
          current: clean(current / n),
          calibrated: clean(calibrated / n),
        };
        notes.push(
          `Calibration: Brier score on ${test.size} deals closed from ${isoOfDay(cut)} (${n} observations), rates fitted on the ${train.size} closed before: current probabilities ${brier.current.toFixed(4)}, calibrated ${brier.calibrated.toFixed(4)} (lower is better)${options.cut === undefined ? '; the cut is the median close date (--cut-date to choose)' : ''}.`,
        );
      }
    }
  } else {
    notes.push(
      'Calibration: fewer than two dated closed deals: no out-of-sample Brier comparison.',
    );
  }
  return { buckets, brier, notes };
}

export const CALIBRATION_COLUMNS: readonly OutputColumn[] = [
  { header: 'Predicted probability', format: 'text' },
  { header: 'Observations', format: 'integer' },
  { header: 'Mean predicted', format: 'percent' },
  { header: 'Share won', format: 'percent' },
];

export function calibrationTable(c: CalibrationResult): OutputTable {
  return {
    ...outputNames('Calibration'),
    columns: [...CALIBRATION_COLUMNS],
    rows: c.buckets.map((b) => [b.label, b.observations, b.meanPredicted, b.shareWon]),
  };
}
