import type { DriftReportResult } from '../../tools/monitoring-tools';
import { AnswerContext, when } from '../answer-context';
import { formatMetricValue, formatNumber, formatPValue, formatStatistic, markdownTable, markdownText as md } from '../format';
import { normalise } from '../intent-parser';

export async function drift(ctx: AnswerContext): Promise<string> {
  const model = ctx.parsed.model ?? (ctx.vocabulary.models.length === 1 ? ctx.vocabulary.models[0].name : undefined);
  const report = await ctx.call<DriftReportResult>('get_drift_report', model ? { model } : {});
  const datasetName = (id: string) => md(ctx.vocabulary.datasets.find((dataset) => dataset.id === id)?.name ?? id);
  const drifted = report.columns.filter((column) => column.drifted);
  const stable = report.columns.filter((column) => !column.drifted);
  const text = normalise(ctx.question);
  const asked = report.columns.filter(
    (column) => text.includes(` ${column.column.toLowerCase()} `) || text.includes(` ${column.column.toLowerCase().replace(/_/g, ' ')} `),
  );
  const describe = (column: DriftReportResult['columns'][number]) =>
    `${column.stattest} ${column.pValue !== null ? `p = ${formatPValue(column.pValue)}` : `= ${formatStatistic(column.statistic)}`} (threshold ${formatNumber(column.threshold)})`;
  const lines: string[] = [];
  for (const column of asked) {
    lines.push(`**${md(column.column)}** ${column.drifted ? 'has drifted' : 'has not drifted'}: ${describe(column)}.`);
  }
  if (asked.length) lines.push('');
  lines.push(
    `Newest drift report${report.model ? ` for **${md(report.model)}**${report.version ? ` ${md(report.version)}` : ''}` : ''} (${when(report.createdAt)}, ` +
      `reference ${datasetName(report.referenceDatasetId)} against current ${datasetName(report.currentDatasetId)}): ` +
      (report.datasetDrift ? '**dataset drift detected**' : '**no dataset drift**') +
      ` — ${report.driftedColumns} of ${report.totalColumns} columns drifted (share ${formatMetricValue('drift_share', report.driftShare)}` +
      (report.driftShareThreshold !== undefined ? `, dataset drift from ${formatNumber(report.driftShareThreshold)}` : '') +
      ').',
  );
  if (drifted.length) {
    lines.push(
      '',
      markdownTable(
        ['Drifted column', 'Type', 'Test', 'Statistic', 'p-value', 'Threshold'],
        drifted.map((column) => [
          md(column.column),
          column.type,
          column.stattest,
          formatStatistic(column.statistic),
          column.pValue === null ? '—' : formatPValue(column.pValue),
          formatNumber(column.threshold),
        ]),
      ),
    );
  }
  if (stable.length) lines.push('', `Not drifted: ${stable.map((column) => md(column.column)).join(', ')}.`);
  return lines.join('\n');
}

export async function driftLine(ctx: AnswerContext, model: string): Promise<string> {
  const report = await ctx.tryCall<DriftReportResult>('get_drift_report', { model });
  if (!report) return `**Drift:** no drift report exists for ${md(model)} yet.`;
  const drifted = report.columns.filter((column) => column.drifted).map((column) => md(column.column));
  return (
    `**Drift:** the newest report (${when(report.createdAt)}${report.version ? `, version ${md(report.version)}` : ''}) ` +
    (report.datasetDrift ? '**detected dataset drift**' : 'found **no dataset drift**') +
    `: ${report.driftedColumns} of ${report.totalColumns} columns drifted` +
    (drifted.length ? ` (${drifted.join(', ')})` : '') +
    '.'
  );
}
