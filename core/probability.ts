import { FunnelError, describeValue } from './errors';
import { isBlank } from './cells';

/**
 * How bare numbers in a probability range are read. Text with "%" is always
 * percent. A range is on the percent scale if any of its numbers exceeds 1
 * (so 0.7 and 70 both mean 70%, and a column of 0/1 stays fractions).
 */
export type ProbabilityScale = 'fraction' | 'percent';

/** True for a number (or numeric text) above 1: the mark of a percent-scale range. */
export function exceedsOne(v: unknown): boolean {
  if (typeof v === 'number') return v > 1;
  if (typeof v !== 'string') return false;
  const n = Number(v.normalize('NFKC').trim());
  return Number.isFinite(n) && n > 1;
}

export function detectProbabilityScale(values: Iterable<unknown>): ProbabilityScale {
  for (const v of values) if (exceedsOne(v)) return 'percent';
  return 'fraction';
}

/**
 * Reads a probability written 0.7, 70 (on the percent scale) or "70%" into [0, 1].
 * Returns null for a blank; throws a FunnelError for anything else unusable.
 */
export function parseProbability(
  value: unknown,
  scale: ProbabilityScale = 'fraction',
  where: string = 'probability',
): number | null {
  if (isBlank(value)) return null;
  let p: number;
  if (typeof value === 'number') {
    p = scale === 'percent' ? value / 100 : value;
  } else if (typeof value === 'string') {
    const text = value.normalize('NFKC').trim();
    const percent = /^([-+]?\d+(?:\.\d+)?)\s*%$/.exec(text);
    if (percent) {
      p = Number(percent[1]) / 100;
    } else if (/^[-+]?\d+(?:\.\d+)?$/.test(text)) {
      const n = Number(text);
      p = scale === 'percent' || n > 1 ? n / 100 : n;
    } else {
      throw new FunnelError(
        '#VALUE!',
        `${where}: ${describeValue(value)} is not a probability; write 0.7, 70 or 70%.`,
        { value },
      );
    }
  } else {
    throw new FunnelError(
      '#VALUE!',
      `${where}: ${describeValue(value)} is not a probability; write 0.7, 70 or 70%.`,
      { value },
    );
  }
  if (!Number.isFinite(p) || p < 0 || p > 1) {
    throw new FunnelError('#NUM!', `${where}: ${describeValue(value)} is outside 0%..100%.`, {
      value,
    });
  }
  return p;
}
