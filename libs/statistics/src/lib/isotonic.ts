/**
 * Isotonic regression as scikit-learn 1.2's `IsotonicRegression(increasing=True, out_of_bounds="clip")`
 * with unit sample weights: `fit` sorts by (x, y), merges x values closer than float64's resolution
 * (1e-15, `_make_unique`) into one point whose y is their mean and whose weight is their count, runs the
 * weighted pool-adjacent-violators algorithm, drops interior points equal to both neighbours, and
 * `predict` clips to [min x, max x] and interpolates linearly between the kept points (`numpy.interp`).
 */
import { StatisticsInputError } from './errors';
import { sortFloat64 } from './sort';

/** `np.finfo(np.float64).resolution`: sklearn's `_make_unique` treats closer x values as one. */
const X_RESOLUTION = 1e-15;

export interface IsotonicFit {
  /** The kept thresholds, ascending (sklearn's `X_thresholds_`). */
  readonly x: Float64Array;
  /** The fitted values at `x`, non-decreasing (sklearn's `y_thresholds_`). */
  readonly y: Float64Array;
}

export function fitIsotonic(x: Float64Array, y: Float64Array): IsotonicFit {
  const n = x.length;
  if (y.length !== n) throw new StatisticsInputError(`Isotonic regression got ${n} x values and ${y.length} y values: pass one y per x.`);
  if (n === 0) throw new StatisticsInputError('Isotonic regression needs at least one point.');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      throw new StatisticsInputError(`Isotonic regression got a missing or infinite value at row ${i + 1}: drop such rows first.`);
    }
  }
  // sklearn sorts by (x, y) and merges runs; only each run's count and sum of y matter, so group the rows by
  // distinct x (one radix sort, no comparator sort: a million rows take ~0.1 s instead of ~1.5 s).
  const { values, counts, sums } = groupByValue(x, y);

  // _make_unique: a group starts at its first x and takes every later x less than the resolution above it.
  const uniqueX: number[] = [];
  const uniqueY: number[] = [];
  const weights: number[] = [];
  let currentX = values[0];
  let sumY = 0;
  let weight = 0;
  for (let j = 0; j < values.length; j++) {
    if (values[j] - currentX >= X_RESOLUTION) {
      uniqueX.push(currentX);
      weights.push(weight);
      uniqueY.push(sumY / weight);
      currentX = values[j];
      weight = counts[j];
      sumY = sums[j];
    } else {
      weight += counts[j];
      sumY += sums[j];
    }
  }
  uniqueX.push(currentX);
  weights.push(weight);
  uniqueY.push(sumY / weight);

  const fitted = poolAdjacentViolators(Float64Array.from(uniqueY), Float64Array.from(weights));

  // Keep the ends and every point that differs from one of its neighbours.
  const keptX: number[] = [];
  const keptY: number[] = [];
  const m = fitted.length;
  for (let i = 0; i < m; i++) {
    if (i === 0 || i === m - 1 || fitted[i] !== fitted[i - 1] || fitted[i] !== fitted[i + 1]) {
      keptX.push(uniqueX[i]);
      keptY.push(fitted[i]);
    }
  }
  return { x: Float64Array.from(keptX), y: Float64Array.from(keptY) };
}

/**
 * sklearn's `_inplace_contiguous_isotonic_regression`: weighted PAV in one pass with backtracking;
 * `target[i]` is the last index of the block starting at i (and the reverse at the block's end).
 */
function poolAdjacentViolators(y: Float64Array, w: Float64Array): Float64Array {
  const n = y.length;
  const target = Int32Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (y[i] < y[k]) {
      i = k;
      continue;
    }
    let sumWy = w[i] * y[i];
    let sumW = w[i];
    for (;;) {
      const previousY = y[k];
      sumWy += w[k] * y[k];
      sumW += w[k];
      k = target[k] + 1;
      if (k === n || previousY < y[k]) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1];
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i] + 1;
    y.fill(y[i], i + 1, k);
    i = k;
  }
  return y;
}

/** The fitted function at each value: clipped to the fitted x range, linear between thresholds. */
export function predictIsotonic(fit: IsotonicFit, values: Float64Array): Float64Array {
  const { x, y } = fit;
  const m = x.length;
  const result = new Float64Array(values.length);
  if (m === 1) return result.fill(y[0]);
  const min = x[0];
  const max = x[m - 1];
  for (let i = 0; i < values.length; i++) {
    const value = Math.min(Math.max(values[i], min), max);
    // The last threshold ≤ value (numpy.interp's binary search).
    let low = 0;
    let high = m - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (x[middle] <= value) low = middle;
      else high = middle - 1;
    }
    if (low === m - 1 || x[low] === value) {
      result[i] = y[low];
    } else {
      const slope = (y[low + 1] - y[low]) / (x[low + 1] - x[low]);
      result[i] = slope * (value - x[low]) + y[low];
    }
  }
  return result;
}

/** The distinct values of `key` ascending, with each one's row count and sum of `value`; `groupOf[i]` = row i's index. */
export function groupByValue(
  key: Float64Array,
  value: Float64Array,
): { values: Float64Array; counts: Float64Array; sums: Float64Array; groupOf: Int32Array } {
  const sorted = sortFloat64(Float64Array.from(key));
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (distinct === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i];
  const values = sorted.slice(0, distinct);
  const counts = new Float64Array(distinct);
  const sums = new Float64Array(distinct);
  const groupOf = new Int32Array(key.length);
  for (let i = 0; i < key.length; i++) {
    let low = 0;
    let high = distinct - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (values[middle] < key[i]) low = middle + 1;
      else high = middle;
    }
    groupOf[i] = low;
    counts[low] += 1;
    sums[low] += value[i];
  }
  return { values, counts, sums, groupOf };
}
