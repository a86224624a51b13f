import { FixedMetricBucket, MetricAggregate, MetricBucket, MetricSeriesPointDto } from '@stress/contracts';
import { z } from 'zod';
import { MonitoringData } from '../monitoring/monitoring-data';
import { SeriesSummary, summariseSeries, summaryBucket } from './series-summary';
import { AnyToolDefinition, ToolDefinition, ToolError } from './tool-registry';
import { DAY_MS, isoTime, Lookups, modelName, plural, stageOf, versionName } from './tool-support';

/** Longest period a summary may cover; beyond it the series API would refuse. */
const MAX_SUMMARY_DAYS = 400;

export interface MetricNamesResult {
  model: string;
  names: string[];
}

export interface LatestMetricItem {
  version: string;
  stage: string | null;
  name: string;
  value: number;
  timestamp: string;
  /** The hourly mean `comparedDaysAgo` days before `timestamp`, when there was data then. */
  earlier: { value: number; t: string } | null;
  change: number | null;
  /** Mean of the 24 h ending at `timestamp`: steadier than one point for judging a change. */
  dayMean: number | null;
  /** Mean of the 24 h ending `comparedDaysAgo` days before `timestamp`. */
  earlierDayMean: number | null;
  dayMeanChange: number | null;
}

export interface LatestMetricsResult {
  model: string;
  version: string | null;
  metric: string | null;
  comparedDaysAgo: number;
  items: LatestMetricItem[];
}

export interface MetricSummaryResult {
  model: string;
  metric: string;
  from: string;
  to: string;
  bucket: FixedMetricBucket;
  versions: Array<{ version: string; stage: string | null; summary: SeriesSummary }>;
}

const metricName = (what: string) => z.string().trim().min(1).max(64).describe(what);

const schemas = {
  metricNames: z.object({ model: modelName }).strict(),
  latestMetrics: z
    .object({
      model: modelName,
      version: versionName.optional().describe('Only this version; all versions when omitted'),
      metric: metricName('Only this metric; all metrics when omitted').optional(),
      compareDaysAgo: z
        .number()
        .int()
        .min(1)
        .max(90)
        .default(7)
        .describe('Also give the value this many days before the latest point (default 7)'),
    })
    .strict(),
  metricSummary: z
    .object({
      model: modelName,
      metric: metricName('Metric name, e.g. accuracy, f1, latency_ms. list_metric_names gives them.'),
      version: versionName.optional().describe('Only this version; every version with data when omitted'),
      from: isoTime('Start of the period (ISO 8601, UTC). Default: 7 days before `to`.').optional(),
      to: isoTime('End of the period (ISO 8601, UTC). Default: now.').optional(),
    })
    .strict(),
};

function weightedMean(points: readonly MetricSeriesPointDto[]): number | null {
  let total = 0;
  let sum = 0;
  for (const point of points) {
    total += point.count;
    sum += point.value * point.count;
  }
  return total > 0 ? sum / total : null;
}

/** The metric store: names, latest values against an earlier day, and a period's summary. */
export function metricTools(data: MonitoringData, lookups: Lookups, now: () => Date): AnyToolDefinition[] {
  const metricNames: ToolDefinition<z.output<typeof schemas.metricNames>, MetricNamesResult> = {
    name: 'list_metric_names',
    description: 'List the names of the metrics recorded for a model (accuracy, f1, latency_ms, …).',
    schema: schemas.metricNames,
    async execute(args) {
      const model = await lookups.model(args.model);
      return { model: model.name, names: await data.metricNames(model.name) };
    },
    summarize: (_args, result) => `${plural(result.names.length, 'metric')} of ${result.model}`,
  };

  const latestMetrics: ToolDefinition<z.output<typeof schemas.latestMetrics>, LatestMetricsResult> = {
    name: 'get_latest_metrics',
    description:
      'Latest value of every metric of a model, per version, with the hourly mean the given number of days earlier (default 7) and the change; also the mean of the last 24 h against the same 24 h that many days earlier.',
    schema: schemas.latestMetrics,
    async execute(args, signal) {
      const model = await lookups.model(args.model);
      lookups.version(model, args.version);
      const latest = (await data.latestMetrics(model.name)).filter(
        (item) => (args.version === undefined || item.version === args.version) && (args.metric === undefined || item.name === args.metric),
      );
      if (args.metric !== undefined && latest.length === 0) await lookups.metricName(model.name, args.metric);
      /** Hourly buckets of the 24 h ending at `end` (inclusive), for one version's metric. */
      const day = async (name: string, version: string, end: number) => {
        const response = await data.metricSeries({
          model: model.name,
          name,
          version,
          from: new Date(end - DAY_MS + 1),
          to: new Date(end + 1),
          bucket: MetricBucket.OneHour,
          agg: MetricAggregate.Avg,
        });
        return response.series.find((entry) => entry.version === version)?.points ?? [];
      };
      const items: LatestMetricItem[] = [];
      for (const item of latest) {
        signal?.throwIfAborted();
        const end = Date.parse(item.timestamp);
        const at = end - args.compareDaysAgo * DAY_MS;
        const [recentDay, earlierDay] = await Promise.all([day(item.name, item.version, end), day(item.name, item.version, at)]);
        const earlierPoint = earlierDay.filter((point) => Date.parse(point.t) <= at).at(-1) ?? null;
        const earlier = earlierPoint ? { value: earlierPoint.value, t: earlierPoint.t } : null;
        const recentMean = weightedMean(recentDay);
        const earlierMean = weightedMean(earlierDay);
        items.push({
          version: item.version,
          stage: stageOf(model, item.version),
          name: item.name,
          value: item.value,
          timestamp: item.timestamp,
          earlier,
          change: earlier ? item.value - earlier.value : null,
          dayMean: recentMean,
          earlierDayMean: earlierMean,
          dayMeanChange: recentMean !== null && earlierMean !== null ? recentMean - earlierMean : null,
        });
      }
      items.sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }) || a.name.localeCompare(b.name));
      return { model: model.name, version: args.version ?? null, metric: args.metric ?? null, comparedDaysAgo: args.compareDaysAgo, items };
    },
    summarize: (args, result) =>
      `${plural(result.items.length, args.metric ? `latest ${args.metric} value` : 'latest metric')} of ${result.model}${args.version ? ` ${args.version}` : ''}` +
      (result.items.length ? `, compared with ${plural(result.comparedDaysAgo, 'day')} earlier` : ''),
  };

  const metricSummary: ToolDefinition<z.output<typeof schemas.metricSummary>, MetricSummaryResult> = {
    name: 'get_metric_summary',
    description:
      "Summary of one metric's series over a period, per version: min, max, mean, first and last bucket means, change and trend (rising, falling, stable). Default period: the last 7 days.",
    schema: schemas.metricSummary,
    async execute(args, signal) {
      const model = await lookups.model(args.model);
      lookups.version(model, args.version);
      const to = args.to ? new Date(args.to) : now();
      const from = args.from ? new Date(args.from) : new Date(to.getTime() - 7 * DAY_MS);
      if (from >= to) throw new ToolError(`The period is empty: from (${from.toISOString()}) must be before to (${to.toISOString()}).`);
      if (to.getTime() - from.getTime() > MAX_SUMMARY_DAYS * DAY_MS)
        throw new ToolError(`The period is longer than ${MAX_SUMMARY_DAYS} days; choose a shorter one.`);
      await lookups.metricName(model.name, args.metric);
      const bucket = summaryBucket(from, to);
      const request = { model: model.name, name: args.metric, version: args.version, from, to, bucket };
      const [avg, min, max] = await Promise.all(
        [MetricAggregate.Avg, MetricAggregate.Min, MetricAggregate.Max].map((agg) => data.metricSeries({ ...request, agg })),
      );
      signal?.throwIfAborted();
      const versions: MetricSummaryResult['versions'] = [];
      for (const series of avg.series) {
        const summary = summariseSeries(
          series.points,
          min.series.find((entry) => entry.version === series.version)?.points ?? [],
          max.series.find((entry) => entry.version === series.version)?.points ?? [],
        );
        if (summary) versions.push({ version: series.version, stage: stageOf(model, series.version), summary });
      }
      versions.sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
      return { model: model.name, metric: args.metric, from: from.toISOString(), to: to.toISOString(), bucket, versions };
    },
    summarize: (args, result) =>
      `${args.metric} of ${result.model}${args.version ? ` ${args.version}` : ''} from ${result.from.slice(0, 16)}Z to ${result.to.slice(0, 16)}Z: ` +
      (result.versions.length ? `${plural(result.versions.length, 'version')} with data (${result.bucket} buckets)` : 'no data'),
  };

  return [metricNames, latestMetrics, metricSummary];
}
