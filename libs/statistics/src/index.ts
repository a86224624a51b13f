// The library's interface: types, STAT_TESTS, StatisticsInputError, defaultStatTest, columnDrift,
// describeNumerical, describeCategorical, classificationQuality, regressionQuality, sortFloat64, seededRandom.
export * from './lib/types';
export { StatisticsInputError } from './lib/errors';
export { columnDrift, defaultStatTest } from './lib/drift';
export { describeCategorical, describeNumerical } from './lib/profile';
export { classificationQuality } from './lib/quality';
export { regressionQuality } from './lib/regression';
export type { RegressionQualityResult } from './lib/regression';

// Extensions: building blocks and constants the API or the dashboard may reuse.
export { DEFAULT_THRESHOLDS, MAX_CHART_CATEGORIES, MAX_VALUE_BINS, isDrifted, isStatTestApplicable } from './lib/drift';
export { TOP_VALUES, quantileSorted } from './lib/profile';
export { histogramCounts, sturgesBinEdges } from './lib/histogram';
export { ks2samp, ksStatistic } from './lib/ks';
export { sortFloat64 } from './lib/sort';
export { seededRandom } from './lib/random';
export { kstwoSf } from './lib/kolmogorov';
export { chi2Sf, ndtr } from './lib/special';
export { jensenShannonDistance, normedWasserstein, populationStabilityIndex, wassersteinDistance } from './lib/stattests';
export { resolvePositiveLabel, sortLabels } from './lib/quality';
export { CBPE_LIMITS, CBPE_METRICS, estimatePerformance, expectedCalibrationError, expectedMetrics } from './lib/cbpe';
export type {
  CalibrationMethod,
  CbpeMetric,
  CbpeWarning,
  CbpeWarningCode,
  EstimatedMetric,
  LabelledRows,
  PerformanceEstimateInput,
  PerformanceEstimateResult,
  PredictedRows,
} from './lib/cbpe';
export { fitIsotonic, predictIsotonic } from './lib/isotonic';
export type { IsotonicFit } from './lib/isotonic';
