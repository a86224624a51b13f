/**
 * Bin edges and counts as NumPy computes them (numpy.histogram_bin_edges / numpy.histogram, NumPy 1.24),
 * over samples that are already sorted, so counting is a binary search per edge.
 */
import type { SortedSample } from './types';

/** numpy.linspace(start, stop, num) with endpoint=True, element by element as NumPy rounds them. */
export function linspace(start: number, stop: number, num: number): number[] {
  const div = num - 1;
  const delta = stop - start;
  const values = new Array<number>(num);
  if (div > 0) {
    const step = delta / div;
    for (let i = 0; i < num; i++) values[i] = step === 0 ? (i / div) * delta + start : i * step + start;
    values[num - 1] = stop;
  } else {
    for (let i = 0; i < num; i++) values[i] = i * delta + start;
  }
  return values;
}

/**
 * numpy.histogram_bin_edges(data, bins='sturges') for data with the given minimum, maximum and size:
 * width = ptp / (log2(size) + 1), ceil(range / width) equal bins; a constant sample gets one bin [v − ½, v + ½].
 */
export function sturgesBinEdges(min: number, max: number, size: number): number[] {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  // A range beyond the float64 maximum (NumPy raises there) gets one bin rather than NaN edges.
  if (!Number.isFinite(last - first)) return [first, last];
  const width = (max - min) / (Math.log2(size) + 1);
  const bins = width ? Math.ceil((last - first) / width) : 1;
  return linspace(first, last, bins + 1);
}

/** First index with sorted[index] ≥ value (searchsorted 'left'). */
export function lowerBound(sorted: SortedSample, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with sorted[index] > value (searchsorted 'right'). */
export function upperBound(sorted: SortedSample, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy.histogram(sorted, bins=edges)[0]: [e_i, e_{i+1}) per bin, the last bin closed. */
export function histogramCounts(sorted: SortedSample, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins);
  let previous = lowerBound(sorted, edges[0]);
  for (let i = 1; i <= bins; i++) {
    const cumulative = i === bins ? upperBound(sorted, edges[i]) : lowerBound(sorted, edges[i]);
    counts[i - 1] = cumulative - previous;
    previous = cumulative;
  }
  return counts;
}
