/**
 * Column profiles computed once at upload: NumPy's mean / std (ddof 1) / linear quantiles and
 * numpy.histogram(values, bins='sturges') for numerical columns, top values for categorical ones.
 */
import { histogramCounts, sturgesBinEdges } from './histogram';
import type { CategoricalStats, CategoryCounts, NumericalStats, SortedSample } from './types';

/** How many values `describeCategorical` lists. */
export const TOP_VALUES = 20;

const QUANTILES = { p01: 0.01, p05: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 } as const;

/** numpy.quantile(sorted, q) with the default 'linear' method, including NumPy's two-sided lerp. */
export function quantileSorted(sorted: SortedSample, q: number): number {
  const n = sorted.length;
  const virtualIndex = (n - 1) * q;
  if (virtualIndex >= n - 1) return sorted[n - 1];
  if (virtualIndex <= 0) return sorted[0];
  const previous = Math.floor(virtualIndex);
  const gamma = virtualIndex - previous;
  const a = sorted[previous];
  const b = sorted[previous + 1];
  const difference = b - a;
  return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
}

/** Mean and sample standard deviation (ddof 1), two passes with compensated sums. */
function meanAndStd(sorted: SortedSample): { mean: number; std: number | null } {
  const n = sorted.length;
  let sum = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i];
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  const mean = (sum + c) / n;
  if (n < 2) return { mean, std: null };
  let squares = 0;
  c = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i] - mean;
    const v = d * d;
    const t = squares + v;
    c += squares >= v ? squares - t + v : v - t + squares;
    squares = t;
  }
  return { mean, std: Math.sqrt((squares + c) / (n - 1)) };
}

/** Profile of a numerical column from its finite values sorted ascending and the number of missing cells. */
export function describeNumerical(sorted: SortedSample, missing: number): NumericalStats {
  const count = sorted.length;
  if (count === 0) {
    return { count, missing, distinct: 0, mean: null, std: null, min: null, max: null, quantiles: null, histogram: null };
  }
  let distinct = 1;
  for (let i = 1; i < count; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const { mean, std } = meanAndStd(sorted);
  const min = sorted[0];
  const max = sorted[count - 1];
  const edges = sturgesBinEdges(min, max, count);
  return {
    count,
    missing,
    distinct,
    mean,
    std,
    min,
    max,
    quantiles: {
      p01: quantileSorted(sorted, QUANTILES.p01),
      p05: quantileSorted(sorted, QUANTILES.p05),
      p25: quantileSorted(sorted, QUANTILES.p25),
      p50: quantileSorted(sorted, QUANTILES.p50),
      p75: quantileSorted(sorted, QUANTILES.p75),
      p95: quantileSorted(sorted, QUANTILES.p95),
      p99: quantileSorted(sorted, QUANTILES.p99),
    },
    histogram: { edges, counts: histogramCounts(sorted, edges) },
  };
}

/** Profile of a categorical column: totals and the TOP_VALUES most frequent values, ties by value ascending. */
export function describeCategorical(counts: CategoryCounts, missing: number): CategoricalStats {
  let count = 0;
  const entries: { value: string; count: number }[] = [];
  for (const [value, occurrences] of counts) {
    if (occurrences <= 0) continue;
    count += occurrences;
    entries.push({ value, count: occurrences });
  }
  entries.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { count, missing, distinct: entries.length, top: entries.slice(0, TOP_VALUES) };
}
