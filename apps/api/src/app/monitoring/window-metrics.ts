import { METRIC_NAME_PATTERN } from '@stress/contracts';
import type { MetricPointInput } from '../metrics/metrics.types';
import type { ModelVersionRecord } from '../models/models.types';
import type { WindowResult } from './monitoring-windows.types';

/**
 * The label on every point windows write: a recomputation replaces exactly these series' points, never a
 * point the team pushed itself under the same name (series queries still aggregate across labels).
 */
export const MONITORING_LABELS = { source: 'monitoring' } as const;
/** The CBPE estimates a window writes, each beside the realized metric of the same name without the prefix. */
export const ESTIMATED_WINDOW_METRICS = [
  'estimated_accuracy',
  'estimated_precision',
  'estimated_recall',
  'estimated_f1',
  'estimated_roc_auc',
] as const;
/** Metric names every computed window writes (besides drift_score.<column>). */
export const WINDOW_METRICS = [
  'drift_share',
  'dataset_drift',
  'prediction_count',
  'actual_coverage',
  'accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'log_loss',
  'mae',
  'rmse',
  'r2',
  ...ESTIMATED_WINDOW_METRICS,
] as const;
export const DRIFT_SCORE_PREFIX = 'drift_score.';

/**
 * `drift_score.<column>` for a column name, made to fit the metric-name pattern predictably: every
 * character outside [A-Za-z0-9_.] becomes `_`, and the whole name is cut to 64 characters.
 */
export function driftScoreMetric(column: string): string {
  return `${DRIFT_SCORE_PREFIX}${column.replace(/[^a-zA-Z0-9_.]/g, '_')}`.slice(0, 64);
}

/** The metric points of a computed window, at its start. */
export function windowMetricPoints(
  version: Pick<ModelVersionRecord, 'model' | 'version'>,
  start: Date,
  result: WindowResult,
): MetricPointInput[] {
  const timestamp = start.toISOString();
  const point = (name: string, value: number): MetricPointInput => ({
    model: version.model,
    version: version.version,
    name,
    value,
    timestamp,
    labels: { ...MONITORING_LABELS },
  });
  const points = [
    point('prediction_count', result.rows),
    point('actual_coverage', result.rows === 0 ? 0 : result.rowsWithActual / result.rows),
  ];
  if (result.drift) {
    points.push(point('drift_share', result.drift.driftShare), point('dataset_drift', result.drift.datasetDrift ? 1 : 0));
    for (const column of result.drift.columns) {
      if (Number.isFinite(column.statistic)) points.push(point(driftScoreMetric(column.column), column.statistic));
    }
  }
  const quality = result.quality;
  if (quality?.task === 'regression') {
    points.push(point('mae', quality.mae), point('rmse', quality.rmse));
    if (quality.r2 !== null) points.push(point('r2', quality.r2));
  } else if (quality) {
    points.push(
      point('accuracy', quality.accuracy),
      point('precision', quality.precision),
      point('recall', quality.recall),
      point('f1', quality.f1),
    );
    if (quality.rocAuc !== undefined && Number.isFinite(quality.rocAuc)) points.push(point('roc_auc', quality.rocAuc));
    if (quality.logLoss !== undefined && Number.isFinite(quality.logLoss)) points.push(point('log_loss', quality.logLoss));
  }
  const estimated = result.estimate?.estimated;
  if (estimated) {
    points.push(
      point('estimated_accuracy', estimated.accuracy.value),
      point('estimated_precision', estimated.precision.value),
      point('estimated_recall', estimated.recall.value),
      point('estimated_f1', estimated.f1.value),
    );
    if (estimated.rocAuc) points.push(point('estimated_roc_auc', estimated.rocAuc.value));
  }
  return points.filter((entry) => METRIC_NAME_PATTERN.test(entry.name) && Number.isFinite(entry.value));
}
