/** The Beta distribution's CDF and quantiles (core/rates/beta.ts) against known values. */
import { betaCdf, betaQuantile, lnGamma } from '../../core/rates/beta';

const close = (actual: number | null, expected: number, rel = 1e-9) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(
    rel * Math.max(Math.abs(expected), 1e-300),
  );
};

describe('lnGamma', () => {
  it('matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(lnGamma(2))).toBeLessThan(1e-14);
    close(lnGamma(10), Math.log(362880), 1e-14);
    close(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    close(lnGamma(171.5), 709.1431630309283, 1e-14); // SciPy gammaln
    close(lnGamma(1e-300), 690.7755278982137, 1e-14);
  });
});

describe('betaCdf (regularized incomplete beta)', () => {
  // Reference values from SciPy 1.17 (scipy.special.betainc).
  it.each([
    [2, 3, 0.4, 0.5248],
    [0.5, 0.5, 0.1, 0.20483276469913345],
    [10, 2, 0.9, 0.6973568802000002],
    [7.5, 32.5, 0.2, 0.6112043730410832],
    [300.5, 700.5, 0.3, 0.4981637067648983],
    [0.2, 0.3, 0.5, 0.6058293182473328],
    [1000, 9000, 0.1, 0.5035462207518635],
  ])('I_x(a=%p, b=%p) at x=%p', (a, b, x, expected) => {
    close(betaCdf(x, a, b), expected, 1e-9);
  });

  it('equals closed forms: I_x(1,1) = x, I_x(a,1) = x^a, I_x(1,b) = 1-(1-x)^b, I_1/2(a,a) = 1/2', () => {
    for (const x of [0.01, 0.3, 0.77]) {
      close(betaCdf(x, 1, 1), x, 1e-13);
      close(betaCdf(x, 4.5, 1), x ** 4.5, 1e-12);
      close(betaCdf(x, 1, 7), 1 - (1 - x) ** 7, 1e-12);
    }
    for (const a of [0.3, 2, 55]) close(betaCdf(0.5, a, a), 0.5, 1e-12);
  });

  it('equals the binomial tail: I_p(k, n-k+1) = P(Binomial(n, p) >= k)', () => {
    const n = 20;
    const p = 0.35;
    let choose = 1;
    const pmf: number[] = [];
    for (let j = 0; j <= n; j++) {
      if (j > 0) choose = (choose * (n - j + 1)) / j;
      pmf.push(choose * p ** j * (1 - p) ** (n - j));
    }
    for (const k of [1, 5, 7, 12, 20]) {
      const tail = pmf.slice(k).reduce((s, v) => s + v, 0);
      close(betaCdf(p, k, n - k + 1), tail, 1e-11);
    }
  });

  it('is exact at the ends and for the degenerate Beta(0, b) and Beta(a, 0)', () => {
    expect(betaCdf(0, 2, 3)).toBe(0);
    expect(betaCdf(1, 2, 3)).toBe(1);
    expect(betaCdf(0.2, 0, 3)).toBe(1);
    expect(betaCdf(0.2, 3, 0)).toBe(0);
    expect(() => betaCdf(0.2, 0, 0)).toThrow(RangeError);
    expect(() => betaCdf(0.2, -1, 2)).toThrow(RangeError);
  });
});

describe('betaQuantile (inverse)', () => {
  // Reference values from SciPy 1.17 (scipy.stats.beta.ppf).
  it.each([
    [0.05, 2, 3, 0.09761146288641434],
    [0.95, 2, 3, 0.7513953742698181],
    [0.05, 0.5, 10, 0.0002015616333546957],
    [0.05, 7.5, 32.5, 0.0968024798096439],
    [0.95, 7.5, 32.5, 0.2961276634294257],
    [0.05, 300.5, 700.5, 0.27661036011981205],
    [0.95, 300.5, 700.5, 0.3242433695978189],
    [0.05, 1, 9, 0.005683044988048048],
    [0.05, 12, 0.5, 0.8492665987800672],
    [0.95, 1e5, 3e5, 0.2511268632897927],
  ])('q=%p of Beta(%p, %p)', (q, a, b, expected) => {
    close(betaQuantile(q, a, b), expected, 1e-9);
  });

  it('inverts betaCdf across shapes', () => {
    for (const [a, b] of [
      [0.1, 0.1],
      [0.5, 3],
      [3, 0.5],
      [2, 2],
      [40, 4],
      [1e4, 2e4],
    ] as const) {
      // Beta(0.1, 0.1)'s upper quantiles lie within 1e-10 of 1, closer than doubles can tell.
      for (const q of a < 0.5 ? [0.001, 0.05, 0.5] : [0.001, 0.05, 0.5, 0.95, 0.999]) {
        const x = betaQuantile(q, a, b)!;
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        close(betaCdf(x, a, b), q, 1e-8);
      }
    }
  });

  it('is a point for degenerate distributions and null without one', () => {
    expect(betaQuantile(0.05, 0, 5)).toBe(0);
    expect(betaQuantile(0.95, 0, 5)).toBe(0);
    expect(betaQuantile(0.05, 5, 0)).toBe(1);
    expect(betaQuantile(0.05, 0, 0)).toBeNull();
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
    close(betaQuantile(0.05, 1, 1), 0.05, 1e-12);
  });
});
