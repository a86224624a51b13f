/**
 * Which way a metric is better, for every reader (the dashboard's overview, the assistant's verdicts).
 * Decided from the name, since metric names are free text: the rules below cover the usual ones.
 */
export type MetricDirection = 1 | -1 | 0;

/** Smaller is better: latencies, durations, losses, errors, error-like scores, drift scores. */
const LOWER_IS_BETTER = /(latency|duration|loss|error|mae|mse|rmse|mape|brier|drift|psi|_ms$|_s$|_sec$|_seconds$)/;

/** Scores between 0 and 1 (or correlation-like) where bigger is better. */
const HIGHER_IS_BETTER_NAMES = new Set([
  'accuracy',
  'precision',
  'recall',
  'f1',
  'f1_score',
  'roc_auc',
  'auc',
  'pr_auc',
  'specificity',
  'sensitivity',
  'balanced_accuracy',
  'mcc',
  'r2',
]);
const HIGHER_IS_BETTER_SUFFIX = /(_auc|_accuracy|_precision|_recall|_f1)$/;

/**
 * +1 when higher is better, −1 when lower is better, 0 when neither (volumes such as
 * `prediction_count`, shares of a class such as `stress_rate`).
 */
export function metricDirection(name: string): MetricDirection {
  const lower = name.toLowerCase();
  if (LOWER_IS_BETTER.test(lower)) return -1;
  if (isHigherIsBetterScore(lower)) return 1;
  return 0;
}

/** A quality score where higher is better (accuracy, recall, ROC AUC, …): shown as a ratio by every reader. */
export function isHigherIsBetterScore(name: string): boolean {
  const lower = name.toLowerCase();
  return HIGHER_IS_BETTER_NAMES.has(lower) || HIGHER_IS_BETTER_SUFFIX.test(lower);
}

export function lowerIsBetter(name: string): boolean {
  return metricDirection(name) === -1;
}
