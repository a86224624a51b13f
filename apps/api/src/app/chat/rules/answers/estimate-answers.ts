import { ESTIMATED_METRICS, EstimatedMetricName } from '@stress/contracts';
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

/** "How is the model doing without labels?": the latest CBPE estimate, its bands, realized values and warnings. */
export async function performanceEstimate(ctx: AnswerContext): Promise<string> {
  const model = ctx.modelName();
  const version = ctx.parsed.versions[0];
  const result = await ctx.call<PerformanceEstimateResult>('get_performance_estimate', { model, ...(version ? { version } : {}) });
  const estimate = result.estimate;
  if (!estimate) {
    return (
      `No performance estimate of ${md(result.model)}${result.versionAsked ? ` ${md(result.versionAsked)}` : ''} exists yet, so its quality ` +
      'without labels is not known. Make one on the dashboard with **Estimate quality** on a current dataset of the model, or with ' +
      '`POST /api/v1/performance-estimates` and `{ "referenceDatasetId", "currentDatasetId" }`.'
    );
  }

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
  lines.push(
    markdownTable(
      ['Metric', 'Estimated', '95 % band', ...(realized ? ['Realized'] : [])],
      ESTIMATED_METRICS.map((name) => {
        const metric = estimate.estimated[name];
        const actual = realized?.[name];
        return [
          METRIC_LABELS[name],
          metric ? ratio(metric.value) : '—',
          metric ? `${ratio(metric.lower)} – ${ratio(metric.upper)}` : '—',
          ...(realized ? [actual === null || actual === undefined ? '—' : ratio(actual)] : []),
        ];
      }),
    ),
    '',
  );
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
