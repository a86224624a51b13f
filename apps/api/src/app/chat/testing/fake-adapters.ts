import { DatasetDetail, DatasetQuality, DatasetsAdapter, DatasetSummary, QualityUnavailableError } from '../adapters/datasets.adapter';
import { DriftAdapter, DriftReportDetail, DriftReportSummary } from '../adapters/drift.adapter';
import { LatestMetric, MetricsAdapter, SeriesQuery, VersionSeries } from '../adapters/metrics.adapter';
import { ModelDetail, ModelsAdapter, ModelSummary } from '../adapters/models.adapter';
import { MonitoringAdapters } from '../tools/monitoring-tools';

/** In-memory adapters for unit specs: raw points are bucketed like the series API does. */
export interface FakeData {
  models: ModelDetail[];
  points: Array<{ model: string; version: string; name: string; t: string; value: number }>;
  datasets: DatasetDetail[];
  quality: Record<string, DatasetQuality>;
  reports: DriftReportDetail[];
}

const WIDTH: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '6h': 21_600_000, '1d': 86_400_000 };

export function fakeAdapters(data: FakeData): MonitoringAdapters & { calls: SeriesQuery[] } {
  const calls: SeriesQuery[] = [];
  const summary = (model: ModelDetail): ModelSummary => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { versions, ...rest } = model;
    return rest;
  };
  const models: ModelsAdapter = {
    list: async () => data.models.map(summary),
    get: async (name) => data.models.find((model) => model.name === name) ?? null,
  };
  const metrics: MetricsAdapter = {
    async latest(model) {
      const newest = new Map<string, LatestMetric>();
      for (const point of data.points.filter((item) => item.model === model)) {
        const key = `${point.version}/${point.name}`;
        const current = newest.get(key);
        if (!current || current.timestamp < point.t)
          newest.set(key, { version: point.version, name: point.name, value: point.value, timestamp: point.t });
      }
      return [...newest.values()];
    },
    names: async (model) => [...new Set(data.points.filter((item) => item.model === model).map((item) => item.name))].sort(),
    async series(query) {
      calls.push(query);
      const width = WIDTH[query.bucket];
      const groups = new Map<string, Map<number, number[]>>();
      for (const point of data.points) {
        const t = Date.parse(point.t);
        if (point.model !== query.model || point.name !== query.name) continue;
        if (query.version !== undefined && point.version !== query.version) continue;
        if (t < query.from.getTime() || t >= query.to.getTime()) continue;
        const bucket = Math.floor(t / width) * width;
        const versions = groups.get(point.version) ?? new Map<number, number[]>();
        versions.set(bucket, [...(versions.get(bucket) ?? []), point.value]);
        groups.set(point.version, versions);
      }
      const result: VersionSeries[] = [];
      for (const [version, buckets] of groups) {
        const points = [...buckets.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([t, values]) => {
            const value =
              query.agg === 'min'
                ? Math.min(...values)
                : query.agg === 'max'
                  ? Math.max(...values)
                  : values.reduce((s, v) => s + v, 0) / values.length;
            return { t: new Date(t).toISOString(), value, count: values.length };
          });
        result.push({ version, points });
      }
      return result;
    },
  };
  const datasets: DatasetsAdapter = {
    list: async (filter) =>
      data.datasets
        .filter((item) => (!filter.model || item.model === filter.model) && (!filter.role || item.role === filter.role))
        .map(
          ({ id, name, model, version, role, rowCount, createdAt }): DatasetSummary => ({
            id,
            name,
            model,
            version,
            role,
            rowCount,
            createdAt,
          }),
        ),
    get: async (id) => data.datasets.find((item) => item.id === id) ?? null,
    async quality(id) {
      if (!data.datasets.some((item) => item.id === id)) return null;
      const quality = data.quality[id];
      if (!quality)
        throw new QualityUnavailableError('The dataset has no target column; upload it with targetColumn and predictionColumn.');
      return quality;
    },
  };
  const drift: DriftAdapter = {
    list: async (filter) =>
      data.reports
        .filter((report) => !filter.model || report.model === filter.model)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, filter.limit)
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        .map(({ columns, ...rest }): DriftReportSummary => rest),
    get: async (id) => data.reports.find((report) => report.id === id) ?? null,
  };
  return { models, metrics, datasets, drift, calls };
}

const HOUR = 3_600_000;

/** A small world like the demo: one model, three versions, two metrics, two datasets, one report. */
export function demoLikeData(now: Date): FakeData {
  const end = Math.floor(now.getTime() / HOUR) * HOUR;
  const points: FakeData['points'] = [];
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
        name: 'stress-detector',
        displayName: 'Stress detector',
        description: 'Detects stress from wearable signals',
        task: 'binary-classification',
        owner: 'ml-team',
        tags: ['wearables'],
        productionVersion: '1.1.0',
        versions: [
          {
            version: '1.0.0',
            stage: 'archived',
            description: null,
            framework: 'sklearn',
            trainingMetrics: { accuracy: 0.88 },
            createdAt: '2026-10-01T00:00:00.000Z',
          },
          {
            version: '1.1.0',
            stage: 'production',
            description: null,
            framework: 'sklearn',
            trainingMetrics: { accuracy: 0.91 },
            createdAt: '2026-10-15T00:00:00.000Z',
          },
          {
            version: '2.0.0',
            stage: 'staging',
            description: null,
            framework: 'xgboost',
            trainingMetrics: { accuracy: 0.94 },
            createdAt: '2026-11-01T00:00:00.000Z',
          },
        ],
      },
    ],
    points,
    datasets: [
      {
        id: '11111111-1111-4111-8111-111111111111',
        name: 'stress-reference',
        model: 'stress-detector',
        version: '1.1.0',
        role: 'reference',
        rowCount: 5000,
        createdAt: '2026-11-20T00:00:00.000Z',
        warnings: [],
        columns: [
          { name: 'heart_rate', type: 'numerical', count: 5000, missing: 0, distinct: 4100, mean: 72.5, std: 9.25, min: 45, max: 120 },
          { name: 'activity', type: 'categorical', count: 4990, missing: 10, distinct: 3, top: [{ value: 'rest', count: 3000 }] },
        ],
      },
      {
        id: '22222222-2222-4222-8222-222222222222',
        name: 'stress-current',
        model: 'stress-detector',
        version: '1.1.0',
        role: 'current',
        rowCount: 2000,
        createdAt: '2026-11-21T00:00:00.000Z',
        warnings: ['eda: 25% missing'],
        columns: [
          { name: 'heart_rate', type: 'numerical', count: 2000, missing: 0, distinct: 1800, mean: 81.25, std: 10.5, min: 50, max: 130 },
        ],
      },
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
        driftedColumns: 1,
        totalColumns: 4,
        createdAt: '2026-11-21T01:00:00.000Z',
        columns: [
          {
            column: 'heart_rate',
            type: 'numerical',
            stattest: 'wasserstein',
            statistic: 0.8123,
            pValue: null,
            threshold: 0.1,
            drifted: true,
          },
          {
            column: 'activity',
            type: 'categorical',
            stattest: 'jensenshannon',
            statistic: 0.0456,
            pValue: null,
            threshold: 0.1,
            drifted: false,
          },
          {
            column: 'skin_temp',
            type: 'numerical',
            stattest: 'wasserstein',
            statistic: 0.0312,
            pValue: null,
            threshold: 0.1,
            drifted: false,
          },
          {
            column: 'device',
            type: 'categorical',
            stattest: 'jensenshannon',
            statistic: 0.0101,
            pValue: null,
            threshold: 0.1,
            drifted: false,
          },
        ],
      },
    ],
  };
}
