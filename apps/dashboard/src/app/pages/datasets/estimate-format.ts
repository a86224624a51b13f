import type { EstimatedMetricName } from '@stress/contracts';

export const METRIC_LABELS: Record<EstimatedMetricName, string> = {
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  specificity: 'Specificity',
  rocAuc: 'ROC AUC',
};
