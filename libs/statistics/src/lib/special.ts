/**
 * Special functions at double precision, written so their results agree with SciPy's cephes
 * to ~1e-14 relative (the drift fixtures allow 1e-6). Only what the drift tests need.
 */

const LOG_2PI = Math.log(2 * Math.PI);
const EPS = 2.220446049250313e-16;
const TINY = 1e-300;

/** Stirling's series remainder ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π], accurate to 1e-17 for z ≥ 10. */
function stirlingCorrection(z: number): number {
  const r = 1 / z;
  const r2 = r * r;
  // Coefficients B_2k / (2k (2k − 1)), Horner in 1/z².
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))))
  );
}

/** ln Γ(x) for x > 0. */
export function lgamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 10) {
    // Shift up with Γ(x) = Γ(x + k) / (x (x + 1) … (x + k − 1)) so Stirling's series converges fast.
    let product = 1;
    let z = x;
    while (z < 10) {
      product *= z;
      z += 1;
    }
    return (z - 0.5) * Math.log(z) - z + 0.5 * LOG_2PI + stirlingCorrection(z) - Math.log(product);
  }
  return (x - 0.5) * Math.log(x) - x + 0.5 * LOG_2PI + stirlingCorrection(x);
}

/** ln(1 + t) − t without cancellation for small t. */
export function log1pmx(t: number): number {
  if (Math.abs(t) < 0.25) {
    // −t²/2 + t³/3 − t⁴/4 + …
    let power = t * t;
    let sum = -power / 2;
    for (let k = 3; k < 200; k++) {
      power *= -t;
      const term = -power / k;
      sum += term;
      if (Math.abs(term) <= Math.abs(sum) * EPS * 0.5) break;
    }
    return sum;
  }
  return Math.log1p(t) - t;
}

/** ln(xᵃ e⁻ˣ / Γ(a)), the prefactor of both incomplete gamma expansions, without cancellation for large a. */
function logGammaPrefactor(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - lgamma(a);
  return a * log1pmx((x - a) / a) + 0.5 * Math.log(a) - 0.5 * LOG_2PI - stirlingCorrection(a);
}

/** Σ xⁿ / (a (a+1) … (a+n)) · a, i.e. the series with P(a, x) = prefactor · series / a. */
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 1_000_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term <= sum * EPS * 0.5) break;
  }
  return sum / a;
}

/** Continued fraction for Q(a, x) / prefactor (modified Lentz), for x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1_000_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPS) break;
  }
  return h;
}

/** Regularized lower incomplete gamma P(a, x) (scipy.special.gammainc). */
export function gammainc(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x < a + 1) return Math.exp(logGammaPrefactor(a, x)) * lowerSeries(a, x);
  return 1 - Math.exp(logGammaPrefactor(a, x)) * upperFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) (scipy.special.gammaincc). */
export function gammaincc(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x < a + 1) return 1 - Math.exp(logGammaPrefactor(a, x)) * lowerSeries(a, x);
  return Math.exp(logGammaPrefactor(a, x)) * upperFraction(a, x);
}

/** Survival function of the χ² distribution (scipy.stats.chi2.sf). */
export function chi2Sf(statistic: number, degreesOfFreedom: number): number {
  if (Number.isNaN(statistic)) return Number.NaN;
  if (statistic < 0) return 1;
  return gammaincc(degreesOfFreedom / 2, statistic / 2);
}

/** erf(x) and erfc(x) through the incomplete gamma function of order ½. */
export function erf(x: number): number {
  const value = gammainc(0.5, x * x);
  return x < 0 ? -value : value;
}

export function erfc(x: number): number {
  if (x < 0) return 2 - gammaincc(0.5, x * x);
  return gammaincc(0.5, x * x);
}

/** Standard normal CDF with cephes' ndtr branches, so 1 − ndtr(z) rounds as SciPy's does. */
export function ndtr(a: number): number {
  const x = a * Math.SQRT1_2;
  const z = Math.abs(x);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(x);
  const y = 0.5 * erfc(z);
  return x > 0 ? 1 - y : y;
}

/** x · 2^exponent without intermediate overflow (Math.pow(2, e) is exact but overflows beyond ±1023). */
export function ldexp(x: number, exponent: number): number {
  let value = x;
  let e = exponent;
  while (e > 1000) {
    value *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    value *= 2 ** -1000;
    e += 1000;
  }
  return value * 2 ** e;
}
