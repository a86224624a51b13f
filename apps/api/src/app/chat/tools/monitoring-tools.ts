import { DATASET_ROLES, FixedMetricBucket, MetricBucket } from '@stress/contracts';
import { z } from 'zod';
import { DatasetDetail, DatasetQuality, DatasetsAdapter, DatasetSummary, QualityUnavailableError } from '../adapters/datasets.adapter';
import { DriftAdapter, DriftReportDetail, DriftReportSummary } from '../adapters/drift.adapter';
import { MetricsAdapter } from '../adapters/metrics.adapter';
import { ModelDetail, ModelsAdapter, ModelSummary } from '../adapters/models.adapter';
import { summaryBucket, SeriesSummary, summariseSeries } from './series-summary';
import { AnyToolDefinition, ToolDefinition, ToolError } from './tool-registry';

const DAY = 86_400_000;
/** Longest period a summary may cover; beyond it the series API would refuse. */
const MAX_SUMMARY_DAYS = 400;
const TOP_VALUES_SHOWN = 5;

export interface MonitoringAdapters {
  models: ModelsAdapter;
  metrics: MetricsAdapter;
  datasets: DatasetsAdapter;
  drift: DriftAdapter;
}

// ----- results (exported: the rules assistant reads them) -----

export interface ListModelsResult {
  models: ModelSummary[];
}

export type GetModelResult = ModelDetail;

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

export interface ListDriftReportsResult {
  model: string | null;
  reports: DriftReportSummary[];
}

export type DriftReportResult = DriftReportDetail;

export interface ListDatasetsResult {
  datasets: DatasetSummary[];
}

export type DatasetProfileResult = DatasetDetail;

export interface DatasetQualityResult {
  dataset: { id: string; name: string; model: string | null; version: string | null };
  quality: DatasetQuality;
}

// ----- argument schemas -----

const modelName = z.string().trim().min(1).max(100).describe('Model name (slug), e.g. "stress-detector". list_models gives the names.');
const versionName = z.string().trim().min(1).max(100).describe('Model version, e.g. "1.1.0". get_model lists them.');
const isoTime = (what: string) =>
  z
    .string()
    .trim()
    .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'must be an ISO 8601 date or date-time' })
    .describe(what);
const datasetRef = z.string().trim().min(1).max(200).describe('Dataset id (UUID) or exact name. list_datasets gives both.');

const schemas = {
  listModels: z.object({ search: z.string().trim().max(100).optional().describe('Only models whose name contains this text') }).strict(),
  getModel: z.object({ model: modelName }).strict(),
  metricNames: z.object({ model: modelName }).strict(),
  latestMetrics: z
    .object({
      model: modelName,
      version: versionName.optional().describe('Only this version; all versions when omitted'),
      metric: z.string().trim().min(1).max(64).optional().describe('Only this metric; all metrics when omitted'),
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
      metric: z.string().trim().min(1).max(64).describe('Metric name, e.g. accuracy, f1, latency_ms. list_metric_names gives them.'),
      version: versionName.optional().describe('Only this version; every version with data when omitted'),
      from: isoTime('Start of the period (ISO 8601, UTC). Default: 7 days before `to`.').optional(),
      to: isoTime('End of the period (ISO 8601, UTC). Default: now.').optional(),
    })
    .strict(),
  listDriftReports: z
    .object({
      model: modelName.optional().describe('Only reports of this model'),
      limit: z.number().int().min(1).max(20).default(5).describe('How many, newest first (default 5)'),
    })
    .strict(),
  driftReport: z
    .object({
      reportId: z.string().trim().uuid().optional().describe('Report id from list_drift_reports'),
      model: modelName.optional().describe('Without reportId: the newest report of this model'),
    })
    .strict(),
  listDatasets: z
    .object({
      model: modelName.optional().describe('Only datasets of this model'),
      role: z.enum(DATASET_ROLES).optional().describe('Only datasets with this role'),
    })
    .strict(),
  dataset: z.object({ dataset: datasetRef }).strict(),
};

type Args<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

function weightedMean(points: Array<{ value: number; count: number }>): number | null {
  let total = 0;
  let sum = 0;
  for (const point of points) {
    total += point.count;
    sum += point.value * point.count;
  }
  return total > 0 ? sum / total : null;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * The assistant's tools, shared by LLM and rules mode. Each validates names against the registry
 * and reports unknown ones with the names that exist, so the caller can correct itself.
 */
export function createMonitoringTools(adapters: MonitoringAdapters, now: () => Date = () => new Date()): AnyToolDefinition[] {
  const { models, metrics, datasets, drift } = adapters;

  async function requireModel(name: string): Promise<ModelDetail> {
    const model = await models.get(name);
    if (model) return model;
    const known = (await models.list()).map((item) => item.name);
    throw new ToolError(
      known.length
        ? `Model "${name}" not found. Known models: ${known.join(', ')}.`
        : `Model "${name}" not found: no models are registered yet.`,
    );
  }

  function requireVersion(model: ModelDetail, version: string | undefined): void {
    if (version === undefined || model.versions.some((item) => item.version === version)) return;
    throw new ToolError(
      `Model "${model.name}" has no version "${version}". Its versions: ${model.versions.map((item) => item.version).join(', ') || 'none'}.`,
    );
  }

  async function resolveDataset(reference: string): Promise<DatasetSummary> {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reference)) {
      const found = await datasets.get(reference);
      if (found) return found;
    }
    const all = await datasets.list({});
    const wanted = reference.toLowerCase();
    const matches = all.filter((item) => item.name.toLowerCase() === wanted || item.id === reference);
    if (matches.length === 0) {
      const names = all.slice(0, 20).map((item) => `${item.name} (${item.id})`);
      throw new ToolError(
        names.length
          ? `Dataset "${reference}" not found. Datasets: ${names.join(', ')}.`
          : `Dataset "${reference}" not found: no datasets are uploaded yet.`,
      );
    }
    // Same name twice: the newest is the one people mean.
    return [...matches].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  }

  const stageOf = (model: ModelDetail, version: string) => model.versions.find((item) => item.version === version)?.stage ?? null;

  const listModels: ToolDefinition<Args<'listModels'>, ListModelsResult> = {
    name: 'list_models',
    description: 'List the monitored models with their task, tags and current production version.',
    schema: schemas.listModels,
    async execute(args) {
      const all = await models.list();
      const search = args.search?.toLowerCase();
      return {
        models: search ? all.filter((model) => model.name.includes(search) || model.displayName.toLowerCase().includes(search)) : all,
      };
    },
    summarize: (_args, result) =>
      result.models.length
        ? `${plural(result.models.length, 'model')}: ${result.models.map((model) => model.name).join(', ')}`
        : 'no models',
  };

  const getModel: ToolDefinition<Args<'getModel'>, GetModelResult> = {
    name: 'get_model',
    description:
      'Get one model with all its versions, their stages (none, staging, production, archived), frameworks and training metrics.',
    schema: schemas.getModel,
    execute: (args) => requireModel(args.model),
    summarize: (_args, result) =>
      `${result.name}: ${plural(result.versions.length, 'version')}, production ${result.productionVersion ?? 'none'}`,
  };

  const metricNames: ToolDefinition<Args<'metricNames'>, MetricNamesResult> = {
    name: 'list_metric_names',
    description: 'List the names of the metrics recorded for a model (accuracy, f1, latency_ms, …).',
    schema: schemas.metricNames,
    async execute(args) {
      const model = await requireModel(args.model);
      return { model: model.name, names: await metrics.names(model.name) };
    },
    summarize: (_args, result) => `${plural(result.names.length, 'metric')} of ${result.model}`,
  };

  const latestMetrics: ToolDefinition<Args<'latestMetrics'>, LatestMetricsResult> = {
    name: 'get_latest_metrics',
    description:
      'Latest value of every metric of a model, per version, with the hourly mean the given number of days earlier (default 7) and the change; also the mean of the last 24 h against the same 24 h that many days earlier.',
    schema: schemas.latestMetrics,
    async execute(args, signal) {
      const model = await requireModel(args.model);
      requireVersion(model, args.version);
      const latest = (await metrics.latest(model.name)).filter(
        (item) => (args.version === undefined || item.version === args.version) && (args.metric === undefined || item.name === args.metric),
      );
      if (args.metric !== undefined && latest.length === 0) {
        const names = await metrics.names(model.name);
        if (!names.includes(args.metric)) {
          throw new ToolError(
            names.length
              ? `Model "${model.name}" has no metric "${args.metric}". Its metrics: ${names.join(', ')}.`
              : `Model "${model.name}" has no metrics recorded yet.`,
          );
        }
      }
      const items: LatestMetricItem[] = [];
      /** Hourly buckets of the 24 h ending at `end` (inclusive), for one version's metric. */
      const day = async (name: string, version: string, end: number) => {
        const series = await metrics.series({
          model: model.name,
          name,
          version,
          from: new Date(end - DAY + 1),
          to: new Date(end + 1),
          bucket: MetricBucket.OneHour,
          agg: 'avg',
        });
        return series.find((entry) => entry.version === version)?.points ?? [];
      };
      for (const item of latest) {
        signal?.throwIfAborted();
        const end = Date.parse(item.timestamp);
        const at = end - args.compareDaysAgo * DAY;
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

  const metricSummary: ToolDefinition<Args<'metricSummary'>, MetricSummaryResult> = {
    name: 'get_metric_summary',
    description:
      "Summary of one metric's series over a period, per version: min, max, mean, first and last bucket means, change and trend (rising, falling, stable). Default period: the last 7 days.",
    schema: schemas.metricSummary,
    async execute(args, signal) {
      const model = await requireModel(args.model);
      requireVersion(model, args.version);
      const to = args.to ? new Date(args.to) : now();
      const from = args.from ? new Date(args.from) : new Date(to.getTime() - 7 * DAY);
      if (from >= to) throw new ToolError(`The period is empty: from (${from.toISOString()}) must be before to (${to.toISOString()}).`);
      if (to.getTime() - from.getTime() > MAX_SUMMARY_DAYS * DAY)
        throw new ToolError(`The period is longer than ${MAX_SUMMARY_DAYS} days; choose a shorter one.`);
      const names = await metrics.names(model.name);
      if (!names.includes(args.metric)) {
        throw new ToolError(
          names.length
            ? `Model "${model.name}" has no metric "${args.metric}". Its metrics: ${names.join(', ')}.`
            : `Model "${model.name}" has no metrics recorded yet.`,
        );
      }
      const bucket = summaryBucket(from, to);
      const query = { model: model.name, name: args.metric, version: args.version, from, to, bucket };
      const [avg, min, max] = await Promise.all([
        metrics.series({ ...query, agg: 'avg' }),
        metrics.series({ ...query, agg: 'min' }),
        metrics.series({ ...query, agg: 'max' }),
      ]);
      signal?.throwIfAborted();
      const versions: MetricSummaryResult['versions'] = [];
      for (const series of avg) {
        const summary = summariseSeries(
          series.points,
          min.find((entry) => entry.version === series.version)?.points ?? [],
          max.find((entry) => entry.version === series.version)?.points ?? [],
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

  const listDriftReports: ToolDefinition<Args<'listDriftReports'>, ListDriftReportsResult> = {
    name: 'list_drift_reports',
    description: 'List drift reports, newest first: whether the dataset drifted, the share and number of drifted columns.',
    schema: schemas.listDriftReports,
    async execute(args) {
      const model = args.model ? (await requireModel(args.model)).name : undefined;
      return { model: model ?? null, reports: await drift.list({ model, limit: args.limit }) };
    },
    summarize: (args, result) => `${plural(result.reports.length, 'drift report')}${args.model ? ` of ${args.model}` : ''}`,
  };

  const driftReport: ToolDefinition<Args<'driftReport'>, DriftReportResult> = {
    name: 'get_drift_report',
    description:
      'One drift report with per-column results (test, statistic, p-value, threshold, drifted). By reportId, or the newest report of a model, or the newest overall.',
    schema: schemas.driftReport,
    async execute(args) {
      if (args.reportId) {
        const report = await drift.get(args.reportId);
        if (!report) throw new ToolError(`Drift report ${args.reportId} not found. list_drift_reports gives the existing ones.`);
        return report;
      }
      const model = args.model ? (await requireModel(args.model)).name : undefined;
      const [newest] = await drift.list({ model, limit: 1 });
      if (!newest) throw new ToolError(model ? `No drift report exists for model "${model}" yet.` : 'No drift report exists yet.');
      const report = await drift.get(newest.id);
      if (!report) throw new ToolError(`Drift report ${newest.id} disappeared while being read; ask again.`);
      return report;
    },
    summarize: (_args, result) =>
      `drift report ${result.id.slice(0, 8)}: ${result.driftedColumns} of ${result.totalColumns} columns drifted` +
      (result.datasetDrift ? ', dataset drift' : ', no dataset drift'),
  };

  const listDatasets: ToolDefinition<Args<'listDatasets'>, ListDatasetsResult> = {
    name: 'list_datasets',
    description: 'List uploaded datasets (id, name, model, version, role, row count). Never returns rows.',
    schema: schemas.listDatasets,
    async execute(args) {
      const model = args.model ? (await requireModel(args.model)).name : undefined;
      return { datasets: await datasets.list({ model, role: args.role }) };
    },
    summarize: (_args, result) => plural(result.datasets.length, 'dataset'),
  };

  const datasetProfile: ToolDefinition<Args<'dataset'>, DatasetProfileResult> = {
    name: 'get_dataset_profile',
    description:
      "A dataset's profile: per column type, count, missing, distinct, and mean, std, min, max and quantiles for numbers or the most frequent values for categories; plus warnings. Aggregates only.",
    schema: schemas.dataset,
    async execute(args) {
      const summary = await resolveDataset(args.dataset);
      const detail = await datasets.get(summary.id);
      if (!detail) throw new ToolError(`Dataset "${args.dataset}" not found.`);
      return {
        ...detail,
        columns: detail.columns.map((column) => ({ ...column, top: column.top ? column.top.slice(0, TOP_VALUES_SHOWN) : column.top })),
      };
    },
    summarize: (_args, result) => `profile of ${result.name}: ${result.rowCount} rows, ${plural(result.columns.length, 'column')}`,
  };

  const datasetQuality: ToolDefinition<Args<'dataset'>, DatasetQualityResult> = {
    name: 'get_dataset_quality',
    description:
      'Classification quality of a dataset with target and prediction columns: accuracy, precision, recall, F1, ROC AUC and log loss when probabilities exist, confusion matrix.',
    schema: schemas.dataset,
    async execute(args) {
      const summary = await resolveDataset(args.dataset);
      let quality: DatasetQuality | null;
      try {
        quality = await datasets.quality(summary.id);
      } catch (error) {
        if (error instanceof QualityUnavailableError) throw new ToolError(error.message);
        throw error;
      }
      if (!quality) throw new ToolError(`Dataset "${args.dataset}" not found.`);
      return { dataset: { id: summary.id, name: summary.name, model: summary.model, version: summary.version }, quality };
    },
    summarize: (_args, result) => `quality of ${result.dataset.name}: ${result.quality.support} labelled rows`,
  };

  return [
    listModels,
    getModel,
    metricNames,
    latestMetrics,
    metricSummary,
    listDriftReports,
    driftReport,
    listDatasets,
    datasetProfile,
    datasetQuality,
  ];
}
