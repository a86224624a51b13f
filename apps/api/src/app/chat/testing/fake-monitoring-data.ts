import {
  AlertDto,
  AlertEventDto,
  ColumnRole,
  ColumnType,
  DatasetDto,
  DatasetRole,
  DatasetSummaryDto,
  DatasetWarningCode,
  DriftReportDto,
  DriftReportSummaryDto,
  DriftStatTest,
  LatestMetricDto,
  METRIC_BUCKET_SECONDS,
  MetricAggregate,
  MetricSeriesResponseDto,
  ModelDto,
  ModelStage,
  ModelTask,
  MonitoringWindowDto,
  PerformanceEstimateDto,
  QualityDto,
} from '@stress/contracts';
import { MetricSeriesRequest, ModelWithVersionsDto, MonitoringData, QualityUnavailableError } from '../monitoring/monitoring-data';

/** In-memory monitoring data for unit specs, in the REST API's shapes; raw points are bucketed like the series API does. */
export interface FakeWorld {
  models: ModelWithVersionsDto[];
  points: Array<{ model: string; version: string; name: string; t: string; value: number }>;
  datasets: DatasetDto[];
  quality: Record<string, QualityDto>;
  reports: DriftReportDto[];
  estimates: PerformanceEstimateDto[];
  /** Monitoring windows by `model/version`, in any order. */
  windows?: Record<string, MonitoringWindowDto[]>;
  /** Enabled alert rules' states, in the order `GET /api/v1/alerts` gives (firing first). */
  alerts?: AlertDto[];
  /** Alert state changes, in any order. */
  alertEvents?: AlertEventDto[];
}

export class FakeMonitoringData extends MonitoringData {
  readonly seriesRequests: MetricSeriesRequest[] = [];
  /** Calls per method, to see what a reader fetched. */
  readonly calls: Record<string, number> = {};
  private changes = 0;

  constructor(readonly world: FakeWorld) {
    super();
  }

  get changeVersion(): number {
    return this.changes;
  }

  /** As the services do after a write. */
  changed(): void {
    this.changes++;
  }

  private count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }

  async listModels(search?: string): Promise<ModelDto[]> {
    this.count('listModels');
    const wanted = search?.toLowerCase();
    return (
      this.world.models
        .filter((model) => !wanted || model.name.includes(wanted) || model.displayName.toLowerCase().includes(wanted))
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        .map(({ versions, ...model }) => model)
    );
  }

  async getModel(name: string): Promise<ModelWithVersionsDto | null> {
    this.count('getModel');
    return this.world.models.find((model) => model.name === name) ?? null;
  }

  async latestMetrics(model: string): Promise<LatestMetricDto[]> {
    this.count('latestMetrics');
    const newest = new Map<string, LatestMetricDto>();
    for (const point of this.world.points.filter((item) => item.model === model)) {
      const key = `${point.version}/${point.name}`;
      const current = newest.get(key);
      if (!current || current.timestamp < point.t)
        newest.set(key, { version: point.version, name: point.name, value: point.value, timestamp: point.t });
    }
    return [...newest.values()];
  }

  async metricNames(model: string): Promise<string[]> {
    this.count('metricNames');
    return [...new Set(this.world.points.filter((item) => item.model === model).map((item) => item.name))].sort();
  }

  async metricSeries(request: MetricSeriesRequest): Promise<MetricSeriesResponseDto> {
    this.count('metricSeries');
    this.seriesRequests.push(request);
    const width = METRIC_BUCKET_SECONDS[request.bucket] * 1000;
    const groups = new Map<string, Map<number, number[]>>();
    for (const point of this.world.points) {
      const t = Date.parse(point.t);
      if (point.model !== request.model || point.name !== request.name) continue;
      if (request.version !== undefined && point.version !== request.version) continue;
      if (t < request.from.getTime() || t >= request.to.getTime()) continue;
      const bucket = Math.floor(t / width) * width;
      const versions = groups.get(point.version) ?? new Map<number, number[]>();
      versions.set(bucket, [...(versions.get(bucket) ?? []), point.value]);
      groups.set(point.version, versions);
    }
    const aggregate = (values: number[]) =>
      request.agg === MetricAggregate.Min
        ? Math.min(...values)
        : request.agg === MetricAggregate.Max
          ? Math.max(...values)
          : values.reduce((sum, value) => sum + value, 0) / values.length;
    return {
      model: request.model,
      name: request.name,
      agg: request.agg,
      bucket: request.bucket,
      from: request.from.toISOString(),
      to: request.to.toISOString(),
      series: [...groups].map(([version, buckets]) => ({
        version,
        points: [...buckets.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([t, values]) => ({ t: new Date(t).toISOString(), value: aggregate(values), count: values.length })),
      })),
    };
  }

  async listDatasets(filter: { model?: string; role?: DatasetRole; limit: number }): Promise<DatasetSummaryDto[]> {
    this.count('listDatasets');
    return (
      this.world.datasets
        .filter((item) => (!filter.model || item.model === filter.model) && (!filter.role || item.role === filter.role))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, filter.limit)
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        .map(({ profile, ...summary }) => summary)
    );
  }

  async getDataset(id: string): Promise<DatasetDto | null> {
    this.count('getDataset');
    return this.world.datasets.find((item) => item.id === id) ?? null;
  }

  async datasetQuality(id: string): Promise<QualityDto | null> {
    this.count('datasetQuality');
    if (!this.world.datasets.some((item) => item.id === id)) return null;
    const quality = this.world.quality[id];
    if (!quality) throw new QualityUnavailableError('The dataset has no target column; upload it with targetColumn and predictionColumn.');
    return quality;
  }

  async listDriftReports(filter: { model?: string; limit: number }): Promise<DriftReportSummaryDto[]> {
    this.count('listDriftReports');
    return (
      this.world.reports
        .filter((report) => !filter.model || report.model === filter.model)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, filter.limit)
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        .map(({ columns, ...summary }) => summary)
    );
  }

  async getDriftReport(id: string): Promise<DriftReportDto | null> {
    this.count('getDriftReport');
    return this.world.reports.find((report) => report.id === id) ?? null;
  }

  async listPerformanceEstimates(filter: { model: string; version?: string; limit: number }): Promise<PerformanceEstimateDto[]> {
    this.count('listPerformanceEstimates');
    return this.world.estimates
      .filter((estimate) => estimate.model === filter.model && (!filter.version || estimate.version === filter.version))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, filter.limit);
  }

  readonly windowRequests: Array<{ model: string; version: string; from?: Date; to?: Date }> = [];

  async listWindows(filter: { model: string; version: string; from?: Date; to?: Date }): Promise<MonitoringWindowDto[]> {
    this.count('listWindows');
    this.windowRequests.push(filter);
    return (this.world.windows?.[`${filter.model}/${filter.version}`] ?? [])
      .filter(
        (window) =>
          (!filter.from || Date.parse(window.start) >= filter.from.getTime()) &&
          (!filter.to || Date.parse(window.start) < filter.to.getTime()),
      )
      .sort((a, b) => b.start.localeCompare(a.start));
  }

  async listAlerts(): Promise<AlertDto[]> {
    this.count('listAlerts');
    return this.world.alerts ?? [];
  }

  async listAlertEvents(filter: { since: Date; limit: number }): Promise<AlertEventDto[]> {
    this.count('listAlertEvents');
    return (this.world.alertEvents ?? [])
      .filter((event) => Date.parse(event.at) >= filter.since.getTime())
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, filter.limit);
  }
}

const HOUR = 3_600_000;
const CREATED = '2026-10-01T00:00:00.000Z';

function version(model: string, name: string, stage: ModelStage, framework: string, accuracy: number, createdAt: string) {
  return {
    id: `${model}-${name}`,
    model,
    version: name,
    stage,
    description: '',
    framework,
    trainingMetrics: { accuracy },
    features: [],
    createdAt,
    updatedAt: createdAt,
  };
}

export function dataset(
  fields: Partial<DatasetDto> & Pick<DatasetDto, 'id' | 'name' | 'role' | 'rowCount' | 'createdAt' | 'profile'>,
): DatasetDto {
  return {
    model: null,
    version: null,
    sizeBytes: 1000,
    columns: fields.profile.map((column) => ({ name: column.name, type: column.type, role: ColumnRole.Feature })),
    targetColumn: null,
    predictionColumn: null,
    probabilityColumn: null,
    positiveLabel: null,
    delimiter: ',',
    warnings: [],
    createdBy: 'test',
    ...fields,
  };
}

function driftColumn(column: string, type: ColumnType, stattest: DriftStatTest, statistic: number, drifted: boolean) {
  const empty = { histogram: { counts: [] } };
  return { column, type, stattest, statistic, pValue: null, threshold: 0.1, drifted, reference: empty, current: empty };
}

/** A small world like the demo: one model, three versions, two metrics, two datasets, one report. */
export function demoLikeWorld(now: Date): FakeWorld {
  const end = Math.floor(now.getTime() / HOUR) * HOUR;
  const points: FakeWorld['points'] = [];
  for (let hour = 0; hour < 14 * 24; hour++) {
    const t = new Date(end - hour * HOUR).toISOString();
    // Production degrades over the last 7 days: accuracy falls 0.001 per hour there.
    const degradation = hour < 7 * 24 ? (7 * 24 - hour) * 0.001 : 0;
    points.push({ model: 'stress-detector', version: '1.1.0', name: 'accuracy', t, value: 0.9 - degradation });
    points.push({ model: 'stress-detector', version: '1.1.0', name: 'latency_ms', t, value: 40 + (hour % 3) });
    points.push({ model: 'stress-detector', version: '2.0.0', name: 'accuracy', t, value: 0.93 });
  }
  return {
    models: [
      {
        id: 'model-1',
        name: 'stress-detector',
        displayName: 'Stress detector',
        description: 'Detects stress from wearable signals',
        task: ModelTask.BinaryClassification,
        owner: 'ml-team',
        tags: ['wearables'],
        productionVersion: '1.1.0',
        createdAt: CREATED,
        updatedAt: CREATED,
        versions: [
          version('stress-detector', '1.0.0', ModelStage.Archived, 'sklearn', 0.88, '2026-10-01T00:00:00.000Z'),
          version('stress-detector', '1.1.0', ModelStage.Production, 'sklearn', 0.91, '2026-10-15T00:00:00.000Z'),
          version('stress-detector', '2.0.0', ModelStage.Staging, 'xgboost', 0.94, '2026-11-01T00:00:00.000Z'),
        ],
      },
    ],
    points,
    datasets: [
      dataset({
        id: '11111111-1111-4111-8111-111111111111',
        name: 'stress-reference',
        model: 'stress-detector',
        version: '1.1.0',
        role: DatasetRole.Reference,
        rowCount: 5000,
        createdAt: '2026-11-20T00:00:00.000Z',
        profile: [
          {
            name: 'heart_rate',
            type: ColumnType.Numerical,
            count: 5000,
            missing: 0,
            distinct: 4100,
            mean: 72.5,
            std: 9.25,
            min: 45,
            max: 120,
          },
          { name: 'activity', type: ColumnType.Categorical, count: 4990, missing: 10, distinct: 3, top: [{ value: 'rest', count: 3000 }] },
        ],
      }),
      dataset({
        id: '22222222-2222-4222-8222-222222222222',
        name: 'stress-current',
        model: 'stress-detector',
        version: '1.1.0',
        role: DatasetRole.Current,
        rowCount: 2000,
        createdAt: '2026-11-21T00:00:00.000Z',
        warnings: [{ code: DatasetWarningCode.ManyMissing, column: 'eda', message: 'eda: 25% missing' }],
        profile: [
          {
            name: 'heart_rate',
            type: ColumnType.Numerical,
            count: 2000,
            missing: 0,
            distinct: 1800,
            mean: 81.25,
            std: 10.5,
            min: 50,
            max: 130,
          },
        ],
      }),
    ],
    quality: {
      '22222222-2222-4222-8222-222222222222': {
        task: 'binary-classification',
        support: 2000,
        accuracy: 0.8125,
        precision: 0.7625,
        recall: 0.70125,
        f1: 0.7306,
        rocAuc: 0.8842,
        logLoss: 0.4211,
        confusionMatrix: {
          labels: ['0', '1'],
          matrix: [
            [1200, 150],
            [225, 425],
          ],
        },
        targetColumn: 'label',
        predictionColumn: 'prediction',
      },
    },
    reports: [
      {
        id: '33333333-3333-4333-8333-333333333333',
        referenceDatasetId: '11111111-1111-4111-8111-111111111111',
        currentDatasetId: '22222222-2222-4222-8222-222222222222',
        model: 'stress-detector',
        version: '1.1.0',
        datasetDrift: false,
        driftShare: 0.25,
        driftShareThreshold: 0.5,
        driftedColumns: 1,
        totalColumns: 4,
        stattest: null,
        threshold: null,
        createdBy: 'test',
        createdAt: '2026-11-21T01:00:00.000Z',
        columns: [
          driftColumn('heart_rate', ColumnType.Numerical, 'wasserstein', 0.8123, true),
          driftColumn('activity', ColumnType.Categorical, 'jensenshannon', 0.0456, false),
          driftColumn('skin_temp', ColumnType.Numerical, 'wasserstein', 0.0312, false),
          driftColumn('device', ColumnType.Categorical, 'jensenshannon', 0.0101, false),
        ],
      },
    ],
    estimates: [],
  };
}
