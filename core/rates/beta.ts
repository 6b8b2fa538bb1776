/**
 * The Beta distribution's cumulative function (the regularized incomplete beta
 * I_x(a, b)) and its inverse, for the 90% intervals of the stage rates.
 *
 * - ln Gamma: Stirling's series for x >= 15, shifted up by the recurrence
 *   Gamma(x + 1) = x Gamma(x) below; about 15 significant digits.
 * - I_x(a, b): the continued fraction of the incomplete beta function, evaluated
 *   by the modified Lentz method where it converges fast
 *   (x < (a + 1) / (a + b + 2)), else through I_x(a, b) = 1 - I_{1-x}(b, a).
 * - The inverse: Newton's method on I_x(a, b) - q kept inside a shrinking
 *   bracket [lo, hi], bisecting whenever a Newton step would leave it.
 *
 * Degenerate cases are exact: a = 0 (b > 0) is all mass at 0, b = 0 (a > 0) all
 * mass at 1; a = b = 0 has no distribution (null).
 */

const HALF_LN_2PI = 0.9189385332046728; // ln(2 pi) / 2

/** ln Gamma(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma: ${x} is not positive`);
  // Shift up to x >= 15, where the series below is accurate to double precision.
  let shift = 0;
  let product = 1;
  while (x < 15) {
    product *= x;
    x += 1;
    shift++;
    // Keep the product in range (x may be as small as 1e-300).
    if (product < 1e-200 || product > 1e200) {
      shift = -1;
      break;
    }
  }
  if (shift === -1) {
    // Rare: very small x. Take logs term by term instead.
    return lnGammaSmall(x, product);
  }
  return stirling(x) - Math.log(product);
}

function lnGammaSmall(x: number, product: number): number {
  // product = x0 (x0 + 1) ... (x - 1) overflowed a range check: continue in logs.
  let logProduct = Math.log(product);
  while (x < 15) {
    logProduct += Math.log(x);
    x += 1;
  }
  return stirling(x) - logProduct;
}

/** Stirling's series with its first seven correction terms (Bernoulli numbers B2..B14). */
function stirling(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  const series =
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 *
            (1 / 1260 +
              r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + series;
}

/** ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b). */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

const TINY = 1e-300;
const EPS = 1e-16;
const MAX_TERMS = 1_000_000;

/** The continued fraction of I_x(a, b) (without its prefactor), by the modified Lentz method. */
function continuedFraction(a: number, b: number, x: number): number {
  // Terms: 1 / (1 + d1 / (1 + d2 / (1 + ...))) with
  // d(2m+1) = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
  // d(2m)   = m (b - m) x / ((a + 2m - 1)(a + 2m)).
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    let term = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + term * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + term / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    term = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + term * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + term / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) return h;
  }
  return h; // not reached for the a, b of any history (convergence takes about sqrt(max(a, b)) terms)
}

/** The regularized incomplete beta function I_x(a, b) = P(X <= x) for X ~ Beta(a, b). */
export function betaCdf(x: number, a: number, b: number): number {
  if (!(a >= 0 && b >= 0) || (a === 0 && b === 0) || !Number.isFinite(a + b)) {
    throw new RangeError(`betaCdf: Beta(${a}, ${b}) is not a distribution`);
  }
  if (x <= 0) return a === 0 ? 1 : 0;
  if (x >= 1) return 1;
  if (a === 0) return 1;
  if (b === 0) return 0;
  const lnFront = a * Math.log(x) + b * Math.log1p(-x) - lnBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(lnFront) * continuedFraction(a, b, x)) / a;
  }
  return 1 - (Math.exp(lnFront) * continuedFraction(b, a, 1 - x)) / b;
}

/** The density of Beta(a, b) at x in (0, 1). */
function betaDensity(x: number, a: number, b: number, lnB: number): number {
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB);
}

/**
 * The q-quantile of Beta(a, b): the x with I_x(a, b) = q. Null when a = b = 0
 * (no distribution). Exact 0 or 1 for the degenerate cases and for q = 0 or 1.
 */
export function betaQuantile(q: number, a: number, b: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`betaQuantile: ${q} is not a probability`);
  if (!(a >= 0 && b >= 0) || !Number.isFinite(a + b)) {
    throw new RangeError(`betaQuantile: Beta(${a}, ${b}) is not a distribution`);
  }
  if (a === 0 && b === 0) return null;
  if (a === 0) return 0;
  if (b === 0) return 1;
  if (q === 0) return 0;
  if (q === 1) return 1;
  const lnB = lnBeta(a, b);
  let lo = 0;
  let hi = 1;
  let x = a / (a + b);
  for (let i = 0; i < 2000; i++) {
    const f = betaCdf(x, a, b) - q;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = betaDensity(x, a, b, lnB);
    let next = density > 0 && Number.isFinite(density) ? x - f / density : NaN;
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    if (next === x || Math.abs(next - x) <= 4 * Number.EPSILON * x || next === lo || next === hi) {
      return next;
    }
    x = next;
  }
  return x;
}
