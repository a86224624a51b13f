import type { DatasetProfileResult, DatasetQualityResult, ListDatasetsResult } from '../../tools/monitoring-tools';
import { AnswerContext } from '../answer-context';
import { formatInteger, formatMetricValue, formatNumber, markdownTable, markdownText as md } from '../format';

export async function listDatasets(ctx: AnswerContext): Promise<string> {
  const model = ctx.parsed.model;
  const result = await ctx.call<ListDatasetsResult>('list_datasets', {
    ...(model ? { model } : {}),
    ...(ctx.parsed.datasetRole ? { role: ctx.parsed.datasetRole } : {}),
  });
  if (!result.datasets.length)
    return `No datasets are uploaded${model ? ` for ${md(model)}` : ''} yet. Upload one with \`POST /api/v1/datasets\`.`;
  return [
    `**${result.datasets.length}** dataset${result.datasets.length === 1 ? '' : 's'}${model ? ` of ${md(model)}` : ''}:`,
    '',
    markdownTable(
      ['Name', 'Role', 'Model', 'Version', 'Rows', 'Id'],
      result.datasets.map((dataset) => [
        md(dataset.name),
        dataset.role,
        dataset.model ? md(dataset.model) : '—',
        dataset.version ? md(dataset.version) : '—',
        formatInteger(dataset.rowCount),
        dataset.id,
      ]),
    ),
  ].join('\n');
}

export async function datasetProfile(ctx: AnswerContext): Promise<string> {
  const profile = await ctx.call<DatasetProfileResult>('get_dataset_profile', { dataset: ctx.datasetId('current') });
  const numerical = profile.columns.filter((column) => column.mean !== undefined && column.mean !== null);
  const other = profile.columns.filter((column) => column.mean === undefined || column.mean === null);
  const lines = [
    `**${md(profile.name)}** (${profile.role}${profile.model ? `, ${md(profile.model)}${profile.version ? ` ${md(profile.version)}` : ''}` : ''}): ` +
      `${formatInteger(profile.rowCount)} rows, ${profile.columns.length} columns.`,
  ];
  if (numerical.length) {
    lines.push(
      '',
      markdownTable(
        ['Column', 'Missing', 'Distinct', 'Mean', 'Std', 'Min', 'Max'],
        numerical.map((column) => [
          md(column.name),
          formatInteger(column.missing),
          formatInteger(column.distinct),
          formatNumber(column.mean ?? NaN),
          column.std === null || column.std === undefined ? '—' : formatNumber(column.std),
          column.min === null || column.min === undefined ? '—' : formatNumber(column.min),
          column.max === null || column.max === undefined ? '—' : formatNumber(column.max),
        ]),
      ),
    );
  }
  if (other.length) {
    lines.push(
      '',
      markdownTable(
        ['Column', 'Type', 'Missing', 'Distinct', 'Most frequent'],
        other.map((column) => [
          md(column.name),
          column.type,
          formatInteger(column.missing),
          formatInteger(column.distinct),
          column.top?.length
            ? column.top
                .slice(0, 3)
                .map((top) => `${md(top.value)} (${formatInteger(top.count)})`)
                .join(', ')
            : '—',
        ]),
      ),
    );
  }
  lines.push('', profile.warnings.length ? `**Warnings:** ${profile.warnings.map(md).join('; ')}.` : 'No warnings.');
  return lines.join('\n');
}

export async function datasetQuality(ctx: AnswerContext): Promise<string> {
  const result = await ctx.call<DatasetQualityResult>('get_dataset_quality', { dataset: ctx.datasetId('current') });
  const q = result.quality;
  const parts = [
    `accuracy **${formatMetricValue('accuracy', q.accuracy)}**`,
    `precision **${formatMetricValue('precision', q.precision)}**`,
    `recall **${formatMetricValue('recall', q.recall)}**`,
    `F1 **${formatMetricValue('f1', q.f1)}**`,
    ...(q.rocAuc !== null && q.rocAuc !== undefined ? [`ROC AUC **${formatMetricValue('roc_auc', q.rocAuc)}**`] : []),
    ...(q.logLoss !== null && q.logLoss !== undefined ? [`log loss **${q.logLoss.toFixed(4)}**`] : []),
  ];
  const matrix = q.confusionMatrix;
  return [
    `Classification quality of **${md(result.dataset.name)}** (${q.task}, ${formatInteger(q.support)} labelled rows): ${parts.join(', ')}.`,
    '',
    'Confusion matrix (rows: true label, columns: predicted):',
    '',
    markdownTable(
      ['', ...matrix.labels.map(md)],
      matrix.matrix.map((row, index) => [md(matrix.labels[index]), ...row.map((count) => formatInteger(count))]),
    ),
  ].join('\n');
}
