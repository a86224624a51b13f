/**
 * Per-column drift as Evidently's data-drift preset computes it with SciPy: default test
 * choice, the six tests, thresholds and the drift rule, plus histograms over shared bins for charts.
 */
import { StatisticsInputError } from './errors';
import { histogramCounts, sturgesBinEdges } from './histogram';
import { ks2samp } from './ks';
import {
  BinCounts,
  chiSquareTest,
  jensenShannonDistance,
  normedWasserstein,
  populationStabilityIndex,
  proportionsZTest,
  toPercents,
} from './stattests';
import type {
  CategoryCounts,
  CategoryHistogram,
  ColumnDriftResult,
  DriftColumnInput,
  DriftOptions,
  Histogram,
  SortedSample,
  StatTest,
} from './types';
import { STAT_TESTS } from './types';

/** Per-test default thresholds (Evidently's). */
export const DEFAULT_THRESHOLDS: Readonly<Record<StatTest, number>> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};

/** Tests whose statistic is a p-value (the others are distances with pValue null). */
const P_VALUE_TESTS: ReadonlySet<StatTest> = new Set<StatTest>(['ks', 'chisquare', 'z']);

/** Numerical columns with more distinct reference values than this are binned by Sturges for psi / jensenshannon. */
export const MAX_VALUE_BINS = 20;

/** Categorical chart histograms keep at most this many values (the most frequent); the rest go to `otherCount`. */
export const MAX_CHART_CATEGORIES = 100;

/** ks and wasserstein need an order, so they apply to numerical columns only; the others to both types. */
export function isStatTestApplicable(stattest: StatTest, type: DriftColumnInput['type']): boolean {
  return type === 'numerical' || (stattest !== 'ks' && stattest !== 'wasserstein');
}

/** Drift rule per test: p ≤ threshold for ks, p < threshold for chisquare and z, statistic ≥ threshold for distances. */
export function isDrifted(stattest: StatTest, value: number, threshold: number): boolean {
  if (stattest === 'ks') return value <= threshold;
  if (stattest === 'chisquare' || stattest === 'z') return value < threshold;
  return value >= threshold;
}

/** Number of distinct values in the union of two sorted samples, counting no further than `limit` + 1. */
function countDistinctUnion(a: SortedSample, b: SortedSample, limit = Number.POSITIVE_INFINITY): number {
  let i = 0;
  let j = 0;
  let distinct = 0;
  while ((i < a.length || j < b.length) && distinct <= limit) {
    const value = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    distinct++;
  }
  return distinct;
}

function countDistinct(a: SortedSample, limit = Number.POSITIVE_INFINITY): number {
  if (a.length === 0) return 0;
  let distinct = 1;
  for (let i = 1; i < a.length && distinct <= limit; i++) if (a[i] !== a[i - 1]) distinct++;
  return distinct;
}

function totalOf(counts: CategoryCounts): number {
  let total = 0;
  for (const count of counts.values()) if (count > 0) total += count;
  return total;
}

function referenceSize(input: DriftColumnInput): number {
  return input.type === 'numerical' ? input.reference.length : totalOf(input.reference);
}

function distinctInBoth(input: DriftColumnInput, limit: number): number {
  if (input.type === 'numerical') return countDistinctUnion(input.reference, input.current, limit);
  let distinct = 0;
  for (const count of input.reference.values()) if (count > 0) distinct++;
  for (const [key, count] of input.current) if (count > 0 && !((input.reference.get(key) ?? 0) > 0)) distinct++;
  return distinct;
}

/** Evidently's _get_default_stattest (n = reference size, u = distinct values in both). */
export function defaultStatTest(input: DriftColumnInput): StatTest {
  const n = referenceSize(input);
  const u = distinctInBoth(input, 5);
  if (n <= 1000) {
    if (input.type === 'numerical' && u > 5) return 'ks';
    return u > 2 ? 'chisquare' : 'z';
  }
  if (input.type === 'numerical' && u > 5) return 'wasserstein';
  return 'jensenshannon';
}

/** Counts per distinct value of two sorted samples (values ascending), one O(n + m) merge. */
function numericalValueCounts(reference: SortedSample, current: SortedSample): BinCounts & { values: Float64Array } {
  const u = countDistinctUnion(reference, current);
  const values = new Float64Array(u);
  const referenceCounts = new Float64Array(u);
  const currentCounts = new Float64Array(u);
  let i = 0;
  let j = 0;
  for (let k = 0; k < u; k++) {
    const value = j >= current.length || (i < reference.length && reference[i] <= current[j]) ? reference[i] : current[j];
    const i0 = i;
    const j0 = j;
    while (i < reference.length && reference[i] === value) i++;
    while (j < current.length && current[j] === value) j++;
    values[k] = value;
    referenceCounts[k] = i - i0;
    currentCounts[k] = j - j0;
  }
  return {
    values,
    reference: referenceCounts,
    current: currentCounts,
    referenceTotal: reference.length,
    currentTotal: current.length,
  };
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Counts per value of the union of both maps. */
function categoricalValueCounts(reference: CategoryCounts, current: CategoryCounts): BinCounts & { values: string[] } {
  // A value counted 0 times is not a value of the sample (it would make a 0/0 chi-square term).
  const values: string[] = [];
  for (const [key, count] of reference) if (count > 0) values.push(key);
  for (const [key, count] of current) if (count > 0 && !((reference.get(key) ?? 0) > 0)) values.push(key);
  const referenceCounts = new Float64Array(values.length);
  const currentCounts = new Float64Array(values.length);
  values.forEach((value, index) => {
    referenceCounts[index] = reference.get(value) ?? 0;
    currentCounts[index] = current.get(value) ?? 0;
  });
  return {
    values,
    reference: referenceCounts,
    current: currentCounts,
    referenceTotal: totalOf(reference),
    currentTotal: totalOf(current),
  };
}

function sharedEdges(reference: SortedSample, current: SortedSample): number[] {
  const min = Math.min(reference[0], current[0]);
  const max = Math.max(reference[reference.length - 1], current[current.length - 1]);
  return sturgesBinEdges(min, max, reference.length + current.length);
}

function numericalHistograms(reference: SortedSample, current: SortedSample, edges: number[]): [Histogram, Histogram] {
  return [
    { edges, counts: histogramCounts(reference, edges) },
    { edges, counts: histogramCounts(current, edges) },
  ];
}

/** One bin per value, most frequent (both samples together) first, capped at MAX_CHART_CATEGORIES. */
function categoryHistograms(bins: BinCounts & { values: string[] }): [CategoryHistogram, CategoryHistogram] {
  const order = bins.values.map((_, index) => index);
  order.sort(
    (a, b) => bins.reference[b] + bins.current[b] - (bins.reference[a] + bins.current[a]) || compareStrings(bins.values[a], bins.values[b]),
  );
  const kept = order.slice(0, MAX_CHART_CATEGORIES);
  const make = (counts: Float64Array, total: number): CategoryHistogram => {
    const histogram: CategoryHistogram = { values: kept.map((i) => bins.values[i]), counts: kept.map((i) => counts[i]) };
    if (order.length > kept.length) {
      histogram.otherCount = total - histogram.counts.reduce((sum, count) => sum + count, 0);
    }
    return histogram;
  };
  return [make(bins.reference, bins.referenceTotal), make(bins.current, bins.currentTotal)];
}

function validate(input: DriftColumnInput, options: DriftOptions | undefined): void {
  const size = (which: 'reference' | 'current'): number => (input.type === 'numerical' ? input[which].length : totalOf(input[which]));
  for (const which of ['reference', 'current'] as const) {
    if (size(which) === 0) {
      throw new StatisticsInputError(
        `The ${which} sample has no values (after dropping missing values): drift needs at least one value on each side.`,
      );
    }
  }
  if (input.type === 'numerical') {
    for (const which of ['reference', 'current'] as const) {
      const sample = input[which];
      if (!Number.isFinite(sample[0]) || !Number.isFinite(sample[sample.length - 1])) {
        throw new StatisticsInputError(`The ${which} sample holds NaN or ±Infinity: drop them before computing drift.`);
      }
    }
  }
  if (options?.stattest !== undefined) {
    if (!STAT_TESTS.includes(options.stattest)) {
      throw new StatisticsInputError(`Unknown stattest "${options.stattest}": use one of ${STAT_TESTS.join(', ')}.`);
    }
    if (!isStatTestApplicable(options.stattest, input.type)) {
      throw new StatisticsInputError(
        `The ${options.stattest} test applies to numerical columns only; use chisquare, z, jensenshannon or psi for a categorical column.`,
      );
    }
  }
  if (options?.threshold !== undefined && !(Number.isFinite(options.threshold) && options.threshold >= 0)) {
    throw new StatisticsInputError(`threshold must be a finite number ≥ 0, got ${String(options.threshold)}.`);
  }
}

/** Throws `StatisticsInputError` with a readable message when a forced test does not apply or a sample is empty. */
export function columnDrift(input: DriftColumnInput, options?: DriftOptions): ColumnDriftResult {
  validate(input, options);
  const stattest = options?.stattest ?? defaultStatTest(input);
  const threshold = options?.threshold ?? DEFAULT_THRESHOLDS[stattest];

  let statistic: number;
  let pValue: number | null = null;
  let referenceHistogram: Histogram | CategoryHistogram;
  let currentHistogram: Histogram | CategoryHistogram;

  if (input.type === 'numerical') {
    const { reference, current } = input;
    const edges = sharedEdges(reference, current);
    [referenceHistogram, currentHistogram] = numericalHistograms(reference, current, edges);
    if (stattest === 'ks') {
      ({ statistic, pValue } = ks2samp(reference, current));
    } else if (stattest === 'wasserstein') {
      statistic = normedWasserstein(reference, current);
    } else if (stattest === 'chisquare' || stattest === 'z') {
      const bins = numericalValueCounts(reference, current);
      // Values come out ascending, so the first value in sorted order is bin 0.
      ({ statistic, pValue } = stattest === 'chisquare' ? chiSquareTest(bins) : proportionsZTest(bins, 0));
    } else {
      let referenceShares: Float64Array;
      let currentShares: Float64Array;
      if (countDistinct(reference, MAX_VALUE_BINS) > MAX_VALUE_BINS) {
        const [r, c] = [referenceHistogram.counts, currentHistogram.counts];
        referenceShares = toPercents(Float64Array.from(r), reference.length);
        currentShares = toPercents(Float64Array.from(c), current.length);
      } else {
        const bins = numericalValueCounts(reference, current);
        referenceShares = toPercents(bins.reference, bins.referenceTotal);
        currentShares = toPercents(bins.current, bins.currentTotal);
      }
      statistic =
        stattest === 'psi'
          ? populationStabilityIndex(referenceShares, currentShares)
          : jensenShannonDistance(referenceShares, currentShares);
    }
  } else {
    const bins = categoricalValueCounts(input.reference, input.current);
    [referenceHistogram, currentHistogram] = categoryHistograms(bins);
    if (stattest === 'chisquare') {
      ({ statistic, pValue } = chiSquareTest(bins));
    } else if (stattest === 'z') {
      let first = 0;
      for (let i = 1; i < bins.values.length; i++) if (bins.values[i] < bins.values[first]) first = i;
      ({ statistic, pValue } = proportionsZTest(bins, first));
    } else {
      const referenceShares = toPercents(bins.reference, bins.referenceTotal);
      const currentShares = toPercents(bins.current, bins.currentTotal);
      statistic =
        stattest === 'psi'
          ? populationStabilityIndex(referenceShares, currentShares)
          : jensenShannonDistance(referenceShares, currentShares);
    }
  }

  const decisive = P_VALUE_TESTS.has(stattest) ? (pValue as number) : statistic;
  return {
    stattest,
    statistic,
    pValue,
    threshold,
    drifted: isDrifted(stattest, decisive, threshold),
    reference: { histogram: referenceHistogram },
    current: { histogram: currentHistogram },
  };
}
