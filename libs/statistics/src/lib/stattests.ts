/**
 * The drift statistics, each as Evidently computes it with SciPy, over counts or sorted samples.
 */
import { chi2Sf, ndtr } from './special';
import type { SortedSample } from './types';

export interface TestResult {
  statistic: number;
  pValue: number;
}

/** Counts of the same bins (values or histogram bins) in both samples. */
export interface BinCounts {
  reference: Float64Array;
  current: Float64Array;
  referenceTotal: number;
  currentTotal: number;
}

/**
 * Evidently's chisquare: observed = current counts, expected = reference counts × n_cur / n_ref,
 * scipy.stats.chisquare (p = chi2.sf(stat, k − 1)). A value absent from the reference makes the
 * statistic +∞ and p 0, as in SciPy. With a single value there is nothing to test: statistic 0, p 1
 * (SciPy would return NaN for 0 degrees of freedom).
 */
export function chiSquareTest(bins: BinCounts): TestResult {
  const k = bins.reference.length;
  if (k < 2) return { statistic: 0, pValue: 1 };
  const kNorm = bins.currentTotal / bins.referenceTotal;
  let statistic = 0;
  let compensation = 0;
  for (let i = 0; i < k; i++) {
    const expected = bins.reference[i] * kNorm;
    const difference = bins.current[i] - expected;
    const term = (difference * difference) / expected;
    const t = statistic + term;
    compensation += Math.abs(statistic) >= Math.abs(term) ? statistic - t + term : term - t + statistic;
    statistic = t;
  }
  if (Number.isFinite(statistic)) statistic += compensation;
  return { statistic, pValue: chi2Sf(statistic, k - 1) };
}

/**
 * Evidently's pooled two-proportion z-test of `firstBin` against all other bins,
 * p = 2 (1 − Φ(|z|)) computed as SciPy rounds it; p = 1 when both samples hold the same single value.
 */
export function proportionsZTest(bins: BinCounts, firstBin: number): TestResult {
  const k = bins.reference.length;
  let referenceValues = 0;
  let currentValues = 0;
  let sameSingleValue = false;
  for (let i = 0; i < k; i++) {
    if (bins.reference[i] > 0) referenceValues++;
    if (bins.current[i] > 0) currentValues++;
  }
  if (referenceValues === 1 && currentValues === 1) {
    for (let i = 0; i < k; i++) if (bins.reference[i] > 0 && bins.current[i] > 0) sameSingleValue = true;
  }
  if (sameSingleValue) return { statistic: 0, pValue: 1 };

  // Evidently encodes the first value as 0 and every other value as 1, then compares the means.
  const n1 = bins.referenceTotal;
  const n2 = bins.currentTotal;
  const p1 = (n1 - bins.reference[firstBin]) / n1;
  const p2 = (n2 - bins.current[firstBin]) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: 2 * (1 - ndtr(Math.abs(z))) };
}

/** Shares of each bin (count / sample size), as Evidently's get_binned_data. */
export function toPercents(counts: Float64Array, total: number): Float64Array {
  const percents = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) percents[i] = counts[i] / total;
  return percents;
}

/**
 * Evidently's PSI zero replacement: empty bins become min(non-zero share) / 10⁶ when that minimum is
 * ≤ 0.0001, else 0.0001 (each side on its own).
 */
export function replaceZeros(percents: Float64Array): Float64Array {
  let minimum = Number.POSITIVE_INFINITY;
  for (const value of percents) if (value !== 0 && value < minimum) minimum = value;
  if (minimum === Number.POSITIVE_INFINITY) return percents;
  const replacement = minimum <= 0.0001 ? minimum / 10 ** 6 : 0.0001;
  const result = new Float64Array(percents);
  for (let i = 0; i < result.length; i++) if (result[i] === 0) result[i] = replacement;
  return result;
}

/** Σ (ref − cur) · ln(ref / cur) over zero-replaced shares. */
export function populationStabilityIndex(referencePercents: Float64Array, currentPercents: Float64Array): number {
  const reference = replaceZeros(referencePercents);
  const current = replaceZeros(currentPercents);
  let sum = 0;
  for (let i = 0; i < reference.length; i++) sum += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
  return sum;
}

/** scipy.special.rel_entr(x, y). */
function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

/** scipy.spatial.distance.jensenshannon(p, q) with the natural logarithm. */
export function jensenShannonDistance(p0: Float64Array, q0: Float64Array): number {
  let pSum = 0;
  let qSum = 0;
  for (let i = 0; i < p0.length; i++) {
    pSum += p0[i];
    qSum += q0[i];
  }
  let left = 0;
  let right = 0;
  for (let i = 0; i < p0.length; i++) {
    const p = p0[i] / pSum;
    const q = q0[i] / qSum;
    const m = (p + q) / 2;
    left += relEntr(p, m);
    right += relEntr(q, m);
  }
  return Math.sqrt((left + right) / 2);
}

/** numpy.std(sample) (population, ddof 0), two-pass with compensated sums. */
export function populationStd(sample: SortedSample): number {
  const n = sample.length;
  let sum = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = sample[i];
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  const mean = (sum + c) / n;
  let squares = 0;
  c = 0;
  for (let i = 0; i < n; i++) {
    const d = sample[i] - mean;
    const v = d * d;
    const t = squares + v;
    c += squares >= v ? squares - t + v : v - t + squares;
    squares = t;
  }
  return Math.sqrt((squares + c) / n);
}

/**
 * scipy.stats.wasserstein_distance(u, v) = ∫ |F_u − F_v| over the pooled sorted values, one O(n + m)
 * merge of the sorted samples.
 */
export function wassersteinDistance(u: SortedSample, v: SortedSample): number {
  const n1 = u.length;
  const n2 = v.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let c = 0;
  let previous = 0;
  let previousDiff = 0;
  let started = false;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && u[i] <= v[j]) ? u[i] : v[j];
    if (started) {
      const term = previousDiff * (value - previous);
      const t = sum + term;
      c += sum >= term ? sum - t + term : term - t + sum;
      sum = t;
    }
    while (i < n1 && u[i] === value) i++;
    while (j < n2 && v[j] === value) j++;
    previousDiff = Math.abs(i / n1 - j / n2);
    previous = value;
    started = true;
  }
  return sum + c;
}

/** Evidently's normed Wasserstein distance: wasserstein_distance(ref, cur) / max(std(ref), 0.001). */
export function normedWasserstein(reference: SortedSample, current: SortedSample): number {
  return wassersteinDistance(reference, current) / Math.max(populationStd(reference), 0.001);
}
