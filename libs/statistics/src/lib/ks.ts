/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as scipy.stats.ks_2samp with method='auto'
 * (SciPy 1.10): exact when the larger sample has ≤ 10,000 values, else kstwo.sf(D, round(mn/(m+n))).
 * Inputs are sorted, so D comes from one O(n + m) merge.
 */
import { kstwoSf } from './kolmogorov';
import type { SortedSample } from './types';

const MAX_AUTO_N = 10_000;

export interface TestResult {
  statistic: number;
  pValue: number;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x;
}

/** max |F1 − F2| over the pooled values, with F computed as SciPy does (count ≤ value / size). */
export function ksStatistic(a: SortedSample, b: SortedSample): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = 0;
  let minS = 0;
  while (i < n1 || j < n2) {
    // Next distinct pooled value; advance both samples past every copy of it (searchsorted 'right').
    const value = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] === value) i++;
    while (j < n2 && b[j] === value) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const negative = Math.min(Math.max(-minS, 0), 1);
  return negative > maxS ? negative : maxS;
}

/** Pr(D_{n,n} ≥ h/n), SciPy's _compute_prob_outside_square (Horner form of the alternating binomial sum). */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k -= 1;
  }
  return 2 * P;
}

/**
 * Proportion of lattice paths from (0,0) to (m,n) leaving the band |x/m − y/n| < h/lcm: SciPy's
 * _compute_outer_prob_inside_method (Hodges' inside method, recursion for 1 − p after Viehmann 2021).
 */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}

/** ks_2samp(a, b) two-sided, method 'auto'. Both samples sorted ascending and non-empty. */
export function ks2samp(a: SortedSample, b: SortedSample): TestResult {
  const n1 = a.length;
  const n2 = b.length;
  let d = ksStatistic(a, b);
  let exact = Math.max(n1, n2) <= MAX_AUTO_N;
  let prob = Number.NaN;
  if (exact) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    if (h === 0) {
      prob = 1;
    } else {
      prob = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
      // SciPy falls back to the asymptotic formula when the exact computation over/underflows.
      if (!(prob >= 0 && prob <= 1)) exact = false;
    }
  }
  if (!exact) {
    const m = Math.max(n1, n2);
    const n = Math.min(n1, n2);
    const en = (m * n) / (m + n);
    prob = kstwoSf(d, roundHalfEven(en));
  }
  return { statistic: d, pValue: Math.min(Math.max(prob, 0), 1) };
}

/** np.round: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
