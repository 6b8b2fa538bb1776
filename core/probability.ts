import { FunnelError, describeValue } from './errors';
import { isBlank } from './read/blank';

/**
 * How bare numbers in a probability range are read. Text with "%" is always
 * percent. The scale is decided by the range's numbers as a whole: numbers
 * between 0 and 1 (exclusive) vote for fractions, numbers above 1 for
 * percent; 0, 1, blanks and "70%" say nothing. The majority wins (a tie goes
 * to percent; no vote at all, e.g. a column of 0/1, means fractions). One
 * stray 75 among a hundred 0.x cells therefore no longer turns them all into
 * 0.x%: it is read as 75% and reported as a cell that disagrees.
 * This is the one detector: the engine (parse-rows), the stage tables and
 * the worksheet functions all decide through it.
 */
export type ProbabilityScale = 'fraction' | 'percent';

export const VOTE_NONE = 0;
export const VOTE_FRACTION = 1;
export const VOTE_PERCENT = 2;

/** What one cell says about its range's scale (VOTE_*). */
export function scaleVote(v: unknown): number {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && v !== '') {
    const c = v.charCodeAt(0);
    // Most text cells are not numbers: no normalising for those.
    if (!(
      (c >= 48 && c <= 57) ||
      c === 46 ||
      c === 43 ||
      c >= 0xff00 ||
      c <= 32 ||
      c === 0xa0 ||
      c === 0x3000
    ))
      return VOTE_NONE;
    n = Number(v.normalize('NFKC').trim());
  } else return VOTE_NONE;
  if (n > 1) return VOTE_PERCENT;
  if (n > 0 && n < 1) return VOTE_FRACTION;
  return VOTE_NONE;
}

/** Votes counted over a range, and the decision they give. */
export class ScaleTally {
  fraction = 0;
  percent = 0;
  add(v: unknown): void {
    const vote = scaleVote(v);
    if (vote === VOTE_FRACTION) this.fraction++;
    else if (vote === VOTE_PERCENT) this.percent++;
  }
  get scale(): ProbabilityScale {
    return this.percent > 0 && this.percent >= this.fraction ? 'percent' : 'fraction';
  }
}

export function detectProbabilityScale(values: Iterable<unknown>): ProbabilityScale {
  const tally = new ScaleTally();
  for (const v of values) tally.add(v);
  return tally.scale;
}

/** Whether a value's own vote disagrees with the range's scale (a located issue where the host can say so). */
export function disagreesWithScale(v: unknown, scale: ProbabilityScale): boolean {
  const vote = scaleVote(v);
  return scale === 'percent' ? vote === VOTE_FRACTION : vote === VOTE_PERCENT;
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
    // Above 1 a bare number can only be a percent, whatever the range's scale.
    p = scale === 'percent' || value > 1 ? value / 100 : value;
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
