import { classificationQualityOf, ESTIMATED_METRICS, EstimatedMetricName } from '@stress/contracts';
import type { PerformanceEstimateDto } from '@stress/contracts';
import type { PerformanceEstimateResult } from '../../tools/monitoring-tools';
import { AnswerContext, when } from '../answer-context';
import { formatInteger, formatMetricValue, formatStatistic, markdownTable, markdownText as md } from '../format';

const METRIC_LABELS: Record<EstimatedMetricName, string> = {
  accuracy: 'accuracy',
  precision: 'precision',
  recall: 'recall',
  f1: 'F1',
  specificity: 'specificity',
  rocAuc: 'ROC AUC',
};

/** Every estimated metric is a ratio in [0, 1]: three decimals, as for recorded accuracy. */
const ratio = (value: number) => formatMetricValue('accuracy', value);

/**
 * "How is the model doing without labels?": the latest monitoring window's estimate (production data) and the
 * latest dataset estimate, each with bands, realized values when labels exist, and warnings.
 */
export async function performanceEstimate(ctx: AnswerContext): Promise<string> {
  const model = ctx.modelName();
  const version = ctx.parsed.versions[0];
  const result = await ctx.call<PerformanceEstimateResult>('get_performance_estimate', { model, ...(version ? { version } : {}) });
  const estimate = result.estimate;
  const window = result.latestWindow;
  if (!estimate && !window) {
    return (
      `No performance estimate of ${md(result.model)}${result.versionAsked ? ` ${md(result.versionAsked)}` : ''} exists yet, so its quality ` +
      'without labels is not known. Make one on the dashboard with **Estimate quality** on a current dataset of the model, or with ' +
      '`POST /api/v1/performance-estimates` and `{ "referenceDatasetId", "currentDatasetId" }`. Monitoring of logged predictions ' +
      'against a reference with target, prediction and probability columns estimates every window by itself.'
    );
  }
  const sections: string[] = [];
  if (window) sections.push(windowEstimate(result.model, result.versionAsked, window));
  if (estimate) sections.push(datasetEstimate(result, estimate));
  return sections.join('\n\n');
}

/** The newest monitoring window's estimate beside its realized quality. */
function windowEstimate(model: string, version: string | null, window: NonNullable<PerformanceEstimateResult['latestWindow']>): string {
  const estimate = window.estimate;
  if (!estimate) return '';
  const quality = classificationQualityOf(window.quality);
  const realized: Partial<Record<EstimatedMetricName, number | undefined>> = quality
    ? { accuracy: quality.accuracy, precision: quality.precision, recall: quality.recall, f1: quality.f1, rocAuc: quality.rocAuc }
    : {};
  const lines = [
    `**Production data: the latest monitoring window of ${md(model)}${version ? ` ${md(version)}` : ''}** (${when(window.start)} – ` +
      `${when(window.end)}, ${formatInteger(window.rows ?? 0)} logged predictions, ${formatInteger(window.rowsWithActual ?? 0)} with ` +
      `an actual), estimated from ${formatInteger(estimate.rows.current)} probabilities calibrated on the monitoring reference ` +
      `(${formatInteger(estimate.rows.reference)} rows).`,
    '',
    metricTable(estimate.estimated, quality ? realized : null),
    '',
    quality
      ? `Realized values come from the ${formatInteger(quality.support)} rows of the window whose actual has arrived.`
      : 'No actual has arrived for this window yet: the estimate is all there is.',
    ...(estimate.warnings.length ? ['', '**Warnings:**', ...estimate.warnings.map((warning) => `- ${md(warning.message)}`)] : []),
  ];
  return lines.join('\n');
}

/** Estimated, band and (when known) realized value of each metric. */
function metricTable(
  estimated: PerformanceEstimateDto['estimated'],
  realized: Partial<Record<EstimatedMetricName, number | null | undefined>> | null,
): string {
  return markdownTable(
    ['Metric', 'Estimated', '95 % band', ...(realized ? ['Realized'] : [])],
    ESTIMATED_METRICS.map((name) => {
      const metric = estimated[name];
      const actual = realized?.[name];
      return [
        METRIC_LABELS[name],
        metric ? ratio(metric.value) : '—',
        metric ? `${ratio(metric.lower)} – ${ratio(metric.upper)}` : '—',
        ...(realized ? [actual === null || actual === undefined ? '—' : ratio(actual)] : []),
      ];
    }),
  );
}

/** The newest stored estimate of a current dataset. */
function datasetEstimate(result: PerformanceEstimateResult, estimate: PerformanceEstimateDto): string {
  const dataset = (found: { name: string } | null, id: string) => (found ? `**${md(found.name)}**` : `dataset ${id} (deleted)`);
  const lines: string[] = [];
  if (result.versionAsked && estimate.version !== result.versionAsked) {
    lines.push(
      `${md(result.model)} ${md(result.versionAsked)} has no estimate; the newest of the model is of version ${md(estimate.version ?? '—')}.`,
      '',
    );
  }
  lines.push(
    `**Estimated quality of ${md(result.model)}${estimate.version ? ` ${md(estimate.version)}` : ''} without labels** (CBPE, ` +
      `${estimate.calibration.method} calibration, ${when(estimate.createdAt)}): ${formatInteger(estimate.rows.current)} rows of ` +
      `${dataset(result.currentDataset, estimate.currentDatasetId)} against the reference ` +
      `${dataset(result.referenceDataset, estimate.referenceDatasetId)} (${formatInteger(estimate.rows.reference)} rows).`,
    '',
  );
  const realized = estimate.realized;
  lines.push(metricTable(estimate.estimated, realized), '');
  lines.push(
    realized
      ? `Realized values come from the ${formatInteger(estimate.rows.labelled)} current rows that have a target.`
      : 'The current dataset has no targets, so there are no realized values to compare yet.',
    `Calibration error (ECE) of the reference: ${formatStatistic(estimate.calibration.eceBefore)} before, ` +
      `${formatStatistic(estimate.calibration.eceAfter)} after calibration.`,
    '',
    ...(estimate.warnings.length
      ? ['**Warnings:**', ...estimate.warnings.map((warning) => `- ${md(warning.message)}`)]
      : [
          'No warnings: the reference calibration, the row counts, the probability range and the probability drift all passed their checks.',
        ]),
  );
  return lines.join('\n');
}
