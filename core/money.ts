/**
 * Float noise removal for money. Binary doubles turn 0.1 + 0.2 into
 * 0.30000000000000004; spreadsheets show 15 significant digits, so results are
 * rounded to 15 significant digits, which restores the decimal answer for any
 * amount a deal sheet holds (to the cent up to 10^12).
 *
 * clean(x) is exactly Number(x.toPrecision(15)), computed without building a
 * string in the common case (a million weighted amounts must cost milliseconds,
 * not the ~200 ns per value toPrecision takes).
 */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter
const LOG10_2 = 0.3010299956639812;
// A double's bits, for a cheap exponent: the high word holds the sign and exponent.
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: word 1

/** The rounding error of the double product p = a * b (Dekker): a * b = p + error exactly. */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

function cleanSlow(x: number): number {
  return Number(x.toPrecision(15));
}

export function clean(x: number): number {
  if (x === 0) return 0; // -0 (amount -5 x 0%) shows as 0
  if (!Number.isFinite(x)) return x;
  const a = x < 0 ? -x : x;
  // Integers below 10^15 have at most 15 digits: nothing to round.
  if (a < 1e15 && Math.floor(a) === a) return x;
  // k digits after the point leave 15 significant digits: a * 10^k in [10^14, 10^15).
  // The binary exponent gives floor(log10(a)) or one less, far cheaper than Math.log10;
  // the range check below corrects it.
  BITS[0] = a;
  const binaryExponent = ((WORDS[HIGH]! >>> 20) & 0x7ff) - 1023;
  let k = 14 - Math.floor(binaryExponent * LOG10_2);
  if (k < 0 || k > 22) return cleanSlow(x);
  let scale = POW10[k]!;
  let p = a * scale;
  if (p >= 1e15) {
    if (--k < 0) return cleanSlow(x);
    scale = POW10[k]!;
    p = a * scale;
  } else if (p < 1e14) {
    if (++k > 22) return cleanSlow(x);
    scale = POW10[k]!;
    p = a * scale;
  }
  if (p >= 1e15 || p < 1e14) return cleanSlow(x); // not reached: the estimate is off by one at most
  // a * scale = p + err exactly; m is the nearest integer to it, ties away from zero.
  const err = productError(a, scale, p);
  let m = Math.round(p);
  let d = p - m + err; // p - m is exact (Sterbenz); d is the exact remainder up to ~1e-17
  if (d > 0.5) {
    m += 1;
    d -= 1;
  } else if (d < -0.5) {
    m -= 1;
    d += 1;
  }
  // Within a hair of a half: let the decimal conversion decide the tie.
  if (Math.abs(Math.abs(d) - 0.5) < 1e-6) return cleanSlow(x);
  // m and scale are exact doubles, so the division is the correctly rounded decimal.
  const r = m / scale;
  return x < 0 ? -r : r;
}

/**
 * Sum with Neumaier compensation: the total of a million amounts is exact to the
 * cent. A total that cancels to within the float noise of its largest term
 * (0.1 + 0.2 - 0.3 = 2.8e-17) is 0, as a spreadsheet shows it.
 */
export class Sum {
  private total = 0;
  private compensation = 0;
  private largest = 0;
  private gross = 0;

  add(x: number): void {
    const t = this.total + x;
    if (Math.abs(this.total) >= Math.abs(x)) this.compensation += this.total - t + x;
    else this.compensation += x - t + this.total;
    this.total = t;
    const a = Math.abs(x);
    if (a > this.largest) this.largest = a;
    this.gross += a;
  }

  get value(): number {
    const v = this.total + this.compensation;
    if (Math.abs(v) < this.largest * 5e-15) return 0;
    return clean(v);
  }

  /**
   * The value for a net of terms that cancel (to minus from amounts): rounded
   * to 15 significant digits of the sum of the terms' sizes, where their
   * float noise sits, not of the (small) result. Equals `value` when the
   * terms share a sign.
   */
  get netValue(): number {
    const v = this.total + this.compensation;
    if (Math.abs(v) < this.largest * 5e-15) return 0;
    return cleanNet(v, this.gross);
  }
}

/**
 * x, a difference or net of terms whose sizes add up to `gross`, rounded to
 * 15 significant digits of gross: 51965.96 - 50000 is 1965.96, not
 * 1965.9599999999991 (which clean() keeps, having 15 digits of its own).
 */
export function cleanNet(x: number, gross: number): number {
  const g = Math.abs(gross);
  if (x === 0 || !Number.isFinite(x) || !(g > Math.abs(x))) return clean(x);
  const k = 14 - Math.floor(Math.log10(g));
  if (k < 0 || k > 22) return clean(x);
  const scale = POW10[k]!;
  return clean(Math.round(x * scale) / scale);
}

export function sum(values: Iterable<number>): number {
  const s = new Sum();
  for (const v of values) s.add(v);
  return s.value;
}
