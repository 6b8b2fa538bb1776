/**
 * The one number reader of the worksheet functions (docs/functions.md, "How arguments
 * are read"). Two modes of one reader:
 *
 * - `'amount'`: money, read as the engine reads a deal's amount (core/read/amount.ts
 *   `parseAmount`, decimal point): "USD 1,000", "$1,234", "(1,000)", "12.5万", "1.5k";
 *   "-" and "N/A" are blank. The currency written in the cell is not converted (a
 *   function has no rates table): "EUR 100" is 100.
 * - `'number'` (the default, a documented choice): counts, days and strengths read
 *   strictly as plain numbers, "1,234.50", "(1,234.50)", "1e6", full-width digits; a
 *   currency or a multiplier is an error there, since "10k days" is more likely a
 *   wrong cell than a number.
 *
 * Blank (core/read/blank.ts) -> null. Anything else throws #VALUE! naming the value
 * and what was expected; an infinite or NaN number throws #NUM!. An input cell
 * holding an error (handed over by the host) is rethrown as it is.
 */
import { FunnelError, describeValue } from '../errors';
import { AMOUNT_LIMIT, parseAmount } from './amount';
import { isBlank } from './blank';

export type NumberMode = 'number' | 'amount';

// 1234.5, 1,234.50, -12, +3, .5, 1e6, (1,234.50) for a negative in accounting style.
const NUMBER_TEXT = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

function notFinite(value: number, param: string): FunnelError {
  return new FunnelError('#NUM!', `${param}: ${String(value)} is not a finite number.`, {
    column: param,
    value,
  });
}

/** Plain number text ("1,234.50", "(12)", "1e6") into a number; null when it is not one. */
function plainNumber(value: string): number | null {
  const text = value.normalize('NFKC').trim();
  const negative = /^\((.*)\)$/.exec(text);
  const body = negative ? negative[1]!.trim() : text;
  if (/\d/.test(body) && NUMBER_TEXT.test(body) && !(negative && /^[-+]/.test(body))) {
    const n = Number(body.replace(/,/g, ''));
    if (Number.isFinite(n)) return negative ? -n : n;
  }
  return null;
}

/** A number from a cell, in the given mode; blank -> null. */
export function readNumber(
  value: unknown,
  param: string,
  mode: NumberMode = 'number',
): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notFinite(value, param);
    // The engine's limit on an amount (AMOUNT_LIMIT): no sum of them reaches Infinity.
    if (mode === 'amount' && !(value <= AMOUNT_LIMIT && value >= -AMOUNT_LIMIT)) {
      throw new FunnelError(
        '#NUM!',
        `${param}: ${describeValue(value)} is above the limit of 1,000,000,000,000,000 (1e15).`,
        { column: param, value },
      );
    }
    return value;
  }
  if (value instanceof FunnelError) throw value;
  if (mode === 'amount') {
    const a = parseAmount(value);
    if (a === null) return null;
    if (!('error' in a)) return a.value;
    const why = a.error === 'not an amount' ? '' : ` (${a.error})`;
    throw new FunnelError(
      '#VALUE!',
      `${param}: ${describeValue(value)} is not an amount${why}; write 1234.5, "1,234.50" or "USD 1,234.50".`,
      { column: param, value },
    );
  }
  if (isBlank(value)) return null;
  if (typeof value === 'string') {
    const n = plainNumber(value);
    if (n !== null) return n;
  }
  throw new FunnelError(
    '#VALUE!',
    `${param}: ${describeValue(value)} is not a number; write 1234.5 or "1,234.50".`,
    { column: param, value },
  );
}

/** Like readNumber, but a negative number is a #NUM! error. */
export function readNonNegative(
  value: unknown,
  param: string,
  mode: NumberMode = 'number',
): number | null {
  const n = readNumber(value, param, mode);
  if (n !== null && n < 0) {
    throw new FunnelError(
      '#NUM!',
      `${param}: ${describeValue(value)} is negative; give 0 or more.`,
      { column: param, value },
    );
  }
  return n;
}
