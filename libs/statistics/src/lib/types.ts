/** Finite numbers sorted ascending (missing, NaN and ±Infinity already dropped by the caller). */
export type SortedSample = Float64Array;
/** Value → occurrences (missing values already dropped). Keys of numerical columns are String(number). */
export type CategoryCounts = ReadonlyMap<string, number>;

export type StatTest = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';
export const STAT_TESTS: readonly StatTest[] = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'];

/** Numerical: edges.length = counts.length + 1. */
export interface Histogram {
  edges: number[];
  counts: number[];
}
/** Categorical: one bin per value. */
export interface CategoryHistogram {
  values: string[];
  counts: number[];
  /**
   * Extension: charts keep the most frequent values only (see MAX_CHART_CATEGORIES in drift.ts);
   * when values were left out, this counts their occurrences.
   */
  otherCount?: number;
}

export type DriftColumnInput =
  | { type: 'numerical'; reference: SortedSample; current: SortedSample }
  | { type: 'categorical'; reference: CategoryCounts; current: CategoryCounts };

export interface DriftOptions {
  stattest?: StatTest;
  threshold?: number;
}

export interface ColumnDriftResult {
  stattest: StatTest;
  statistic: number;
  /** null for distance tests (wasserstein, jensenshannon, psi). */
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  /** Distributions over shared bins for the overlay chart (numerical: same edges for both). */
  reference: { histogram: Histogram | CategoryHistogram };
  current: { histogram: Histogram | CategoryHistogram };
}

export interface NumericalStats {
  count: number;
  missing: number;
  distinct: number;
  mean: number | null;
  /** Sample standard deviation (ddof 1); null when count < 2. */
  std: number | null;
  min: number | null;
  max: number | null;
  /** Linear interpolation, as numpy.quantile's default. */
  quantiles: { p01: number; p05: number; p25: number; p50: number; p75: number; p95: number; p99: number } | null;
  histogram: Histogram | null;
}

export interface CategoricalStats {
  count: number;
  missing: number;
  distinct: number;
  /** The 20 most frequent values, ties by value ascending. */
  top: { value: string; count: number }[];
}

export interface QualityInput {
  /** Target column as strings; rows with a missing target or prediction already dropped. */
  actual: readonly string[];
  predicted: readonly string[];
  /** Probability of the positive label (binary only), same rows. */
  probability?: Float64Array;
  /** Default: "1", else "true"/"True" when present among labels. */
  positiveLabel?: string;
}

export interface QualityResult {
  task: 'binary-classification' | 'multiclass-classification';
  support: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc?: number;
  logLoss?: number;
  /** multiclass: macro and weighted averages; precision/recall/f1 above are macro for multiclass. */
  averages?: {
    macro: { precision: number; recall: number; f1: number };
    weighted: { precision: number; recall: number; f1: number };
  };
  /** rows = actual, columns = predicted, labels sorted. */
  confusionMatrix: { labels: string[]; matrix: number[][] };
}
