import type { EstimatedMetricName } from '@stress/contracts';

/** Metric values in [0, 1] with three decimals, as the estimate page and the dataset page show them. */
export function formatMetric(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(3);
}

export const METRIC_LABELS: Record<EstimatedMetricName, string> = {
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  specificity: 'Specificity',
  rocAuc: 'ROC AUC',
};
