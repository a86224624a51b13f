import { metricDirection } from '@stress/contracts';
import type { GetModelResult, LatestMetricsResult, MetricSummaryResult } from '../../tools/monitoring-tools';
import { AnswerContext, versionLabel, when } from '../answer-context';
import { formatInteger, formatMetricChange, formatMetricValue, markdownTable, markdownText as md } from '../format';

const TREND_WORDS = { rising: 'rising', falling: 'falling', stable: 'stable' } as const;

export async function metricValue(ctx: AnswerContext): Promise<string> {
  const modelName = ctx.modelName();
  const metric = ctx.requireMetric(modelName);
  const needsModel = ctx.parsed.stages.length > 0;
  const model = needsModel ? await ctx.call<GetModelResult>('get_model', { model: modelName }) : null;
  const versions = model ? ctx.versionsFor(model, ctx.parsed.stages) : ctx.parsed.versions;
  const result = await ctx.call<LatestMetricsResult>('get_latest_metrics', {
    model: modelName,
    metric,
    ...(versions.length === 1 ? { version: versions[0] } : {}),
  });
  const items = result.items.filter((item) => versions.length === 0 || versions.includes(item.version));
  if (!items.length)
    return `No **${md(metric)}** values are recorded for ${md(modelName)}${versions.length ? ` ${versions.map(md).join(', ')}` : ''} yet.`;
  if (items.length === 1) {
    const [item] = items;
    return (
      `The latest **${md(metric)}** of ${md(modelName)} ${versionLabel(item.version, item.stage)} is **${formatMetricValue(metric, item.value)}** (${when(item.timestamp)}).` +
      (item.earlier && item.change !== null
        ? ` ${result.comparedDaysAgo} days earlier it was ${formatMetricValue(metric, item.earlier.value)} (${formatMetricChange(metric, item.change)}).`
        : '')
    );
  }
  return [
    `Latest **${md(metric)}** of ${md(modelName)} per version:`,
    '',
    markdownTable(
      ['Version', md(metric), 'At', `${result.comparedDaysAgo} days earlier`],
      items.map((item) => [
        versionLabel(item.version, item.stage),
        formatMetricValue(metric, item.value),
        when(item.timestamp),
        item.earlier ? formatMetricValue(metric, item.earlier.value) : 'no data',
      ]),
    ),
  ].join('\n');
}

export async function metricTrend(ctx: AnswerContext): Promise<string> {
  const modelName = ctx.modelName();
  const metric = ctx.requireMetric(modelName);
  const model = ctx.parsed.stages.length ? await ctx.call<GetModelResult>('get_model', { model: modelName }) : null;
  const versions = model ? ctx.versionsFor(model, ctx.parsed.stages) : ctx.parsed.versions;
  const period = ctx.period();
  const result = await ctx.call<MetricSummaryResult>('get_metric_summary', {
    model: modelName,
    metric,
    from: period.from,
    to: period.to,
    ...(versions.length === 1 ? { version: versions[0] } : {}),
  });
  const entries = result.versions.filter((entry) => versions.length === 0 || versions.includes(entry.version));
  if (!entries.length)
    return `No **${md(metric)}** data for ${md(modelName)}${versions.length ? ` ${versions.map(md).join(', ')}` : ''} in ${period.label} (${when(result.from)} to ${when(result.to)}).`;
  const bucketWord = { '1m': 'minute', '5m': '5-minute', '15m': '15-minute', '1h': 'hourly', '6h': '6-hour', '1d': 'daily' }[result.bucket];
  const f = (value: number) => formatMetricValue(metric, value);
  const lines = [
    `**${md(metric)}** of ${md(modelName)} over ${period.label} (${when(result.from)} to ${when(result.to)}, ${bucketWord} means):`,
    '',
  ];
  for (const { version, stage, summary } of entries) {
    lines.push(
      `- **${versionLabel(version, stage)}**: ${TREND_WORDS[summary.trend]}, from ${f(summary.first.value)} to ${f(summary.last.value)} (${formatMetricChange(metric, summary.change)}); ` +
        `mean ${f(summary.mean)}, min ${f(summary.min)}, max ${f(summary.max)} over ${formatInteger(summary.points)} points.`,
    );
  }
  return lines.join('\n');
}

export async function compareVersions(ctx: AnswerContext): Promise<string> {
  const model = await ctx.call<GetModelResult>('get_model', { model: ctx.modelName() });
  let versions = ctx.versionsFor(model, ctx.parsed.stages);
  if (versions.length < 2) {
    const production = model.productionVersion;
    const staging = model.versions
      .filter((version) => version.stage === 'staging')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.version;
    const newest = [...model.versions].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((version) => version.version);
    const partner = [production, staging, ...newest].find((version) => version && !versions.includes(version));
    if (partner) versions = [...versions, partner];
    if (versions.length < 2) {
      const other = [production, staging, ...newest].find((version) => version && !versions.includes(version));
      if (other) versions = [...versions, other];
    }
  }
  if (versions.length < 2)
    return `**${md(model.name)}** has only ${model.versions.length} version${model.versions.length === 1 ? '' : 's'}; there is nothing to compare.`;
  const [a, b] = versions;
  const stage = (version: string) => model.versions.find((item) => item.version === version)?.stage;
  const metric = ctx.parsed.metric;
  if (metric) {
    const period = ctx.period();
    const summary = await ctx.call<MetricSummaryResult>('get_metric_summary', {
      model: model.name,
      metric,
      from: period.from,
      to: period.to,
    });
    const latest = await ctx.call<LatestMetricsResult>('get_latest_metrics', { model: model.name, metric });
    const rows = [a, b].map((version) => {
      const s = summary.versions.find((entry) => entry.version === version)?.summary;
      const l = latest.items.find((item) => item.version === version);
      return [
        versionLabel(version, stage(version)),
        l ? formatMetricValue(metric, l.value) : 'no data',
        s ? formatMetricValue(metric, s.mean) : 'no data',
        s ? formatMetricValue(metric, s.min) : '—',
        s ? formatMetricValue(metric, s.max) : '—',
      ];
    });
    const la = latest.items.find((item) => item.version === a);
    const lb = latest.items.find((item) => item.version === b);
    let verdict = '';
    if (la && lb) {
      const direction = metricDirection(metric);
      const diff = lb.value - la.value;
      const better = direction === 0 || diff === 0 ? null : direction * diff > 0 ? b : a;
      verdict =
        `\n\nLatest ${md(metric)}: ${md(b)} ${formatMetricChange(metric, diff)} against ${md(a)}` +
        (better ? `; **${md(better)}** is better on ${md(metric)}.` : '.');
    }
    return (
      [
        `**${md(metric)}** of ${md(model.name)}, ${md(a)} against ${md(b)} (mean, min and max over ${period.label}):`,
        '',
        markdownTable(['Version', 'Latest', 'Mean', 'Min', 'Max'], rows),
      ].join('\n') + verdict
    );
  }
  const latest = await ctx.call<LatestMetricsResult>('get_latest_metrics', { model: model.name });
  const names = [...new Set(latest.items.map((item) => item.name))].sort();
  const value = (version: string, name: string) => latest.items.find((item) => item.version === version && item.name === name);
  const rows = names
    .filter((name) => value(a, name) || value(b, name))
    .map((name) => {
      const va = value(a, name);
      const vb = value(b, name);
      return [
        md(name),
        va ? formatMetricValue(name, va.value) : 'no data',
        vb ? formatMetricValue(name, vb.value) : 'no data',
        va && vb ? formatMetricChange(name, vb.value - va.value) : '—',
      ];
    });
  if (!rows.length) return `Neither ${md(a)} nor ${md(b)} of ${md(model.name)} has metrics recorded yet.`;
  return [
    `Latest metrics of ${md(model.name)}: **${versionLabel(a, stage(a))}** against **${versionLabel(b, stage(b))}**:`,
    '',
    markdownTable(['Metric', md(a), md(b), `${md(b)} − ${md(a)}`], rows),
  ].join('\n');
}
