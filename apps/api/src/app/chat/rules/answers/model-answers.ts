import { metricDirection } from '@stress/contracts';
import type { GetModelResult, LatestMetricItem, LatestMetricsResult, ListModelsResult } from '../../tools/monitoring-tools';
import { AnswerContext, versionLabel, when } from '../answer-context';
import { formatMetricChange, formatMetricValue, markdownTable, markdownText as md } from '../format';
import { driftLine } from './drift-answers';

/** A change this large relative to the earlier value is called out in a status answer. */
const NOTABLE_CHANGE = 0.02;

export async function listModels(ctx: AnswerContext): Promise<string> {
  const result = await ctx.call<ListModelsResult>('list_models', {});
  if (!result.models.length) return 'No models are registered yet. Register one with `POST /api/v1/models`.';
  const rows = result.models.map((model) => [
    md(model.name),
    md(model.displayName),
    model.task,
    model.productionVersion ? md(model.productionVersion) : '—',
    model.tags.map(md).join(', ') || '—',
  ]);
  const inProduction = result.models.filter((model) => model.productionVersion);
  return [
    `**${result.models.length}** model${result.models.length === 1 ? ' is' : 's are'} monitored` +
      (inProduction.length
        ? `; in production: ${inProduction.map((model) => `${md(model.name)} **${md(model.productionVersion ?? '')}**`).join(', ')}.`
        : '; none has a production version yet.'),
    '',
    markdownTable(['Model', 'Name', 'Task', 'Production version', 'Tags'], rows),
  ].join('\n');
}

export async function modelVersions(ctx: AnswerContext): Promise<string> {
  const model = await ctx.call<GetModelResult>('get_model', { model: ctx.modelName() });
  if (!model.versions.length) return `**${md(model.name)}** has no versions yet.`;
  const rows = [...model.versions]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((version) => [md(version.version), version.stage, version.framework ? md(version.framework) : '—', when(version.createdAt)]);
  return [
    `**${md(model.name)}** has ${model.versions.length} version${model.versions.length === 1 ? '' : 's'}; ` +
      (model.productionVersion ? `**${md(model.productionVersion)}** is in production.` : 'none is in production.'),
    '',
    markdownTable(['Version', 'Stage', 'Framework', 'Created'], rows),
  ].join('\n');
}

export async function modelStatus(ctx: AnswerContext): Promise<string> {
  const model = await ctx.call<GetModelResult>('get_model', { model: ctx.modelName() });
  const chosen = ctx.versionsFor(model, ctx.parsed.stages)[0] ?? model.productionVersion ?? undefined;
  const latest = await ctx.call<LatestMetricsResult>('get_latest_metrics', {
    model: model.name,
    ...(chosen ? { version: chosen } : {}),
  });
  const lines: string[] = [];
  const heading =
    `**${md(model.name)}**` +
    (model.productionVersion ? `: production version **${md(model.productionVersion)}**` : ': no production version');
  lines.push(`${heading}${chosen && chosen !== model.productionVersion ? `; showing **${md(chosen)}**` : ''}.`);
  if (!latest.items.length) {
    lines.push('', `No metrics are recorded for ${chosen ? `version ${md(chosen)}` : 'it'} yet.`);
  } else {
    const newest = latest.items.reduce((a, b) => (a.timestamp > b.timestamp ? a : b)).timestamp;
    lines.push('', `Latest metrics (newest point ${when(newest)}) against ${latest.comparedDaysAgo} days earlier:`, '');
    const showVersion = !chosen;
    const days = latest.comparedDaysAgo;
    lines.push(
      markdownTable(
        [...(showVersion ? ['Version'] : []), 'Metric', 'Latest', `${days} days earlier`, 'Change', `24 h mean (vs ${days} days earlier)`],
        latest.items.map((item) => [
          ...(showVersion ? [versionLabel(item.version, item.stage)] : []),
          md(item.name),
          formatMetricValue(item.name, item.value),
          item.earlier ? formatMetricValue(item.name, item.earlier.value) : 'no data',
          item.change === null ? '—' : formatMetricChange(item.name, item.change),
          item.dayMean === null
            ? '—'
            : `${formatMetricValue(item.name, item.dayMean)}` +
              (item.earlierDayMean === null ? '' : ` (vs ${formatMetricValue(item.name, item.earlierDayMean)})${verdict(item)}`),
        ]),
      ),
    );
    const moved = (item: LatestMetricItem, sign: 1 | -1) => {
      const relative = relativeChange(item);
      return relative !== null && Math.abs(relative) >= NOTABLE_CHANGE && metricDirection(item.name) * (item.dayMeanChange ?? 0) * sign > 0;
    };
    const worse = latest.items.filter((item) => moved(item, -1));
    const better = latest.items.filter((item) => moved(item, 1));
    const describe = (item: LatestMetricItem) =>
      `${md(item.name)} ${formatMetricValue(item.name, item.earlierDayMean ?? 0)} → ${formatMetricValue(item.name, item.dayMean ?? 0)}`;
    lines.push('');
    if (worse.length) lines.push(`**Worse than ${days} days ago** (24 h means): ${worse.map(describe).join(', ')}.`);
    if (better.length) lines.push(`**Better** (24 h means): ${better.map(describe).join(', ')}.`);
    if (!worse.length && !better.length)
      lines.push(`No quality or latency metric moved by ${NOTABLE_CHANGE * 100}% or more in ${latest.comparedDaysAgo} days.`);
  }
  lines.push('', await driftLine(ctx, model.name));
  return lines.join('\n');
}

/** Relative change of the 24 h means: single hourly points are too noisy to judge by. */
function relativeChange(item: LatestMetricItem): number | null {
  if (item.dayMeanChange === null || item.earlierDayMean === null) return null;
  const base = Math.abs(item.earlierDayMean);
  return base > 0 ? item.dayMeanChange / base : null;
}

function verdict(item: LatestMetricItem): string {
  const relative = relativeChange(item);
  const direction = metricDirection(item.name);
  if (relative === null || direction === 0 || Math.abs(relative) < NOTABLE_CHANGE) return '';
  return direction * (item.dayMeanChange ?? 0) < 0 ? ' worse' : ' better';
}
