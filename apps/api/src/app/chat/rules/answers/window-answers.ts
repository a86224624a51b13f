import type { MonitoringWindowsResult } from '../../tools/monitoring-tools';
import { Answer, AnswerContext } from '../answer-context';
import { formatInteger, formatMetricValue, formatNumber, formatPercent, markdownTable, markdownText as md } from '../format';
import { normalise } from '../intent-parser';
import { drift } from './drift-answers';

const DAY = 86_400_000;

/** A window's start as people name it: its day for daily or longer windows, else day and hour (UTC). */
function windowName(start: string, widthMs: number): string {
  return widthMs >= DAY ? start.slice(0, 10) : `${start.slice(0, 10)} ${start.slice(11, 16)} UTC`;
}

/**
 * "When did drift start?", "Which columns drifted this week?", "How many predictions have labels?": from the
 * production monitoring windows of the model's production version (or the version named), over the period the
 * question names (default the last 30 days). A drift question about a model without windows falls back to its
 * newest drift report.
 */
export async function productionWindows(ctx: AnswerContext): Promise<string> {
  const model = ctx.modelName();
  const version = ctx.parsed.versions[0];
  const time = ctx.parsed.time;
  const args: Record<string, unknown> = { model, ...(version ? { version } : {}) };
  if (time) Object.assign(args, { from: time.from.toISOString(), to: time.to.toISOString() });
  const text = normalise(ctx.question);
  const aboutLabels = / (labels?|labell?ed|unlabell?ed|actuals?|ground truth|coverage)( |$)/.test(text);
  const aboutDrift = / (drift\w*|shift\w*|columns?|features?)( |$)/.test(text);

  const driftOnly = aboutDrift && !aboutLabels;
  let result: MonitoringWindowsResult | null = null;
  try {
    result = await ctx.call<MonitoringWindowsResult>('get_monitoring_windows', args);
  } catch (error) {
    // A drift question about a model without windows (no production version…) still has its drift reports.
    if (!(error instanceof Answer) || !driftOnly) throw error;
  }
  if (!result || result.summary.windows === 0) {
    if (driftOnly) {
      const what = result
        ? `${md(result.model)} ${md(result.version)} has no production monitoring windows`
        : 'No production monitoring windows';
      return `${what}${time ? ` in ${time.label}` : ''}; here is the newest drift report instead.\n\n${await drift(ctx)}`;
    }
    return (
      `${md(model)} ${md(result?.version ?? version ?? '')} has no production monitoring windows${time ? ` in ${time.label}` : ' in the last 30 days'}. ` +
      'Windows come from logged predictions (`POST /api/v1/models/{name}/versions/{version}/predictions`) once monitoring is configured ' +
      '(`PUT …/monitoring` with a reference dataset and a window width).'
    );
  }

  const { summary } = result;
  const newest = result.windows[0];
  const widthMs = Date.parse(newest.end) - Date.parse(newest.start);
  const name = (start: string) => windowName(start, widthMs);
  const period = time ? time.label : 'the last 30 days';
  const header =
    `**Production monitoring of ${md(result.model)} ${md(result.version)}**, ${period}: ${formatInteger(summary.windows)} ` +
    `window${summary.windows === 1 ? '' : 's'} (newest ${name(newest.start)}).`;

  const driftLines: string[] = [];
  if (summary.withDrift === 0) {
    driftLines.push('**Drift:** no window in this period has drift results yet (windows need their minimum number of rows).');
  } else if (summary.ongoingDriftSince) {
    driftLines.push(
      `**Drift started with the window of ${name(summary.ongoingDriftSince)}** and continues: ` +
        `${formatInteger(summary.driftedWindows)} of ${formatInteger(summary.withDrift)} windows with drift results drifted` +
        (summary.ongoingDriftSinceRangeStart
          ? ' (every one in this period, so it may have begun earlier: ask over a longer period).'
          : '.'),
    );
  } else if (summary.lastDriftedWindow) {
    driftLines.push(
      `**Drift:** the newest window did not drift; the last that did was ${name(summary.lastDriftedWindow)} ` +
        `(${formatInteger(summary.driftedWindows)} of ${formatInteger(summary.withDrift)} windows drifted).`,
    );
  } else {
    driftLines.push(`**No drift:** none of the ${formatInteger(summary.withDrift)} windows with drift results drifted.`);
  }
  if (summary.driftedColumns.length) {
    driftLines.push(
      '',
      markdownTable(
        ['Drifted column', 'Windows drifted', 'First', 'Last'],
        summary.driftedColumns.map((column) => [
          md(column.column),
          `${formatInteger(column.driftedWindows)} of ${formatInteger(column.compared)}`,
          column.firstDrifted ? name(column.firstDrifted) : '—',
          column.lastDrifted ? name(column.lastDrifted) : '—',
        ]),
      ),
    );
  }

  const labelLines = [
    summary.rows > 0
      ? `**Labels:** ${formatInteger(summary.rowsWithActual)} of ${formatInteger(summary.rows)} logged predictions have an actual ` +
        `(${formatPercent(summary.actualCoverage ?? 0)}).` +
        (summary.windowsWithoutActuals.length
          ? ` Windows with no actual yet: ${summary.windowsWithoutActuals.map(name).join(', ')}.`
          : ' Every computed window has some.')
      : '**Labels:** no window has been computed yet, so no predictions are counted.',
  ];
  const labelled = result.windows.find((window) => window.accuracy !== null);
  if (labelled?.accuracy !== null && labelled?.accuracy !== undefined) {
    labelLines.push(
      `Newest window with labels (${name(labelled.start)}): accuracy ${formatMetricValue('accuracy', labelled.accuracy)}` +
        (labelled.f1 !== null ? `, F1 ${formatMetricValue('f1', labelled.f1)}` : '') +
        (labelled.rocAuc !== null ? `, ROC AUC ${formatMetricValue('roc_auc', labelled.rocAuc)}` : '') +
        '.',
    );
  }
  const regression = result.windows.find((window) => window.rmse !== null);
  if (regression?.rmse !== null && regression?.rmse !== undefined) {
    labelLines.push(
      `Newest window with labels (${name(regression.start)}): RMSE ${formatNumber(regression.rmse)}` +
        (regression.r2 !== null ? `, R² ${formatNumber(regression.r2)}` : '') +
        '.',
    );
  }

  const notes: string[] = [];
  const statuses = summary.statuses;
  const other = (['stale', 'pending', 'insufficient', 'failed'] as const).filter((status) => statuses[status]);
  if (other.length) notes.push(`Window status: ${other.map((status) => `${formatInteger(statuses[status] ?? 0)} ${status}`).join(', ')}.`);
  for (const window of result.windows.filter((item) => item.status === 'failed').slice(0, 3)) {
    notes.push(`- ${name(window.start)} failed: ${md(window.failure ?? 'no reason recorded')}`);
  }

  const parts = aboutLabels && !aboutDrift ? [labelLines, driftLines] : [driftLines, labelLines];
  return [header, '', ...parts[0], '', ...parts[1], ...(notes.length ? ['', ...notes] : [])].join('\n');
}
