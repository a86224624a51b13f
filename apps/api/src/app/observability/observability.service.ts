import { Injectable, Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Most `model` label values one per-model gauge exports; the rest are counted, not exported. */
export const MODEL_GAUGE_LIMIT = 200;
/** Route label of requests no route matched (404s, static files, body-parser errors). */
export const UNMATCHED_ROUTE = 'unmatched';

/** Why a metric batch was refused; a closed set keeps the label's cardinality bounded. */
export type IngestRejection = 'validation' | 'too_large' | 'unknown_model' | 'rate_limited' | 'unavailable' | 'other';
export type DatasetUploadOutcome = 'stored' | 'rejected';
export type DriftReportOutcome = 'ok' | 'error';

type ModelSample = { model: string; value: number };

/** The rejection reason of an error thrown while storing a metric batch. */
export function ingestRejectionOf(error: unknown): IngestRejection {
  const status = (error as { getStatus?: () => number } | null)?.getStatus?.();
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status === 400) {
    const response = (error as { getResponse?: () => unknown }).getResponse?.();
    return /unknown model|version .* not found|not found/i.test(JSON.stringify(response ?? '')) ? 'unknown_model' : 'validation';
  }
  if (status === 503 || isUnavailable(error)) return 'unavailable';
  return 'other';
}

function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (/^08/.test(code) || /^57P0[123]$/.test(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET');
}

/** One per-model gauge: `collect` is called at scrape time (from the registry, not per request). */
export interface ModelGaugeSource {
  /** Prometheus metric name, e.g. `model_versions`. */
  name: string;
  help: string;
  collect(): Promise<ModelSample[]>;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DRIFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * Everything `GET /metrics` exports. Features call the record* methods; HTTP timings come
 * from the middleware in bootstrap/http-metrics.ts. One registry per process (per worker
 * with WEB_CONCURRENCY > 1; the cluster primary aggregates them).
 */
@Injectable()
export class ObservabilityService {
  readonly registry = new Registry();
  private readonly logger = new Logger(ObservabilityService.name);

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  private readonly ingestedPoints = new Counter({
    name: 'metric_ingest_points_total',
    help: 'Metric points accepted by POST /api/v1/metrics.',
    registers: [this.registry],
  });
  private readonly ingestedBatches = new Counter({
    name: 'metric_ingest_batches_total',
    help: 'Metric batches accepted (answered 202).',
    registers: [this.registry],
  });
  private readonly rejectedBatches = new Counter({
    name: 'metric_ingest_rejected_batches_total',
    help: 'Metric batches refused, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly rejectedPoints = new Counter({
    name: 'metric_ingest_rejected_points_total',
    help: 'Metric points in refused batches, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly uploadBytes = new Counter({
    name: 'dataset_upload_bytes_total',
    help: 'Bytes received by dataset uploads, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly uploads = new Counter({
    name: 'dataset_uploads_total',
    help: 'Dataset uploads, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly driftDuration = new Histogram({
    name: 'drift_report_duration_seconds',
    help: 'Time to compute a drift report, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: DRIFT_BUCKETS,
    registers: [this.registry],
  });
  private readonly alertDeliveries = new Counter({
    name: 'alert_notifications_total',
    help: 'Alert notification attempts, by channel type and outcome (sent, retried, failed, suppressed).',
    labelNames: ['channel_type', 'outcome'] as const,
    registers: [this.registry],
  });
  private alertsFiringSource: (() => Promise<Array<{ severity: string; count: number }>>) | null = null;
  private readonly modelSources = new Map<string, ModelGaugeSource>();
  private snapshot: Promise<Map<string, { kept: ModelSample[]; dropped: number }>> | null = null;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const snapshot = () => this.modelSnapshot();
    new Gauge({
      name: 'model_gauge_series_dropped',
      help: `Models left out of a per-model gauge at this scrape (only the ${MODEL_GAUGE_LIMIT} highest values are exported).`,
      labelNames: ['gauge'] as const,
      registers: [this.registry],
      aggregator: 'max',
      async collect() {
        this.reset();
        for (const [gauge, { dropped }] of await snapshot()) this.set({ gauge }, dropped);
      },
    });
    if (cluster.isWorker) {
      // Answer the cluster primary's collection requests with this registry (WEB_CONCURRENCY > 1).
      new AggregatorRegistry();
      AggregatorRegistry.setRegistries([this.registry]);
    }
    // Both start at 0 for every reason, so rate() works before the first rejection.
    for (const reason of ['validation', 'too_large', 'unknown_model', 'rate_limited', 'unavailable', 'other'] as const) {
      this.rejectedBatches.inc({ reason }, 0);
      this.rejectedPoints.inc({ reason }, 0);
    }
    for (const outcome of ['stored', 'rejected'] as const) {
      this.uploadBytes.inc({ outcome }, 0);
      this.uploads.inc({ outcome }, 0);
    }
    const firing = () => this.alertsFiringSource?.() ?? Promise.resolve([]);
    const logger = this.logger;
    new Gauge({
      name: 'alerts_firing',
      help: 'Enabled alert rules firing now, by severity.',
      labelNames: ['severity'] as const,
      registers: [this.registry],
      // Every worker reads the same database: report one, never the sum.
      aggregator: 'first',
      async collect() {
        this.reset();
        for (const severity of ['critical', 'warning', 'info']) this.set({ severity }, 0);
        try {
          for (const row of await firing()) this.set({ severity: row.severity }, row.count);
        } catch (error) {
          logger.warn(`Could not collect alerts_firing: ${(error as Error).message}`);
        }
      },
    });
  }

  /** An alert notification attempt ended (`sent`, `retried`, `failed`) or was not sent (`suppressed`). */
  recordAlertDelivery(channelType: string, outcome: 'sent' | 'retried' | 'failed' | 'suppressed'): void {
    this.alertDeliveries.inc({ channel_type: channelType, outcome });
  }

  /** Where `alerts_firing` reads its counts at scrape time. */
  setAlertsFiringSource(source: () => Promise<Array<{ severity: string; count: number }>>): void {
    this.alertsFiringSource = source;
  }

  /** Called by the HTTP middleware when a response finishes. */
  observeHttpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** A batch of `points` metric points was stored (answered 202). */
  recordIngestedBatch(points: number): void {
    this.ingestedBatches.inc();
    this.ingestedPoints.inc(points);
  }

  /** A batch was refused; `points` is how many it carried (0 when unknown). */
  recordRejectedBatch(reason: IngestRejection, points = 0): void {
    this.rejectedBatches.inc({ reason });
    if (points > 0) this.rejectedPoints.inc({ reason }, points);
  }

  /** A dataset upload finished; `bytes` is what was received from the client. */
  recordDatasetUpload(bytes: number, outcome: DatasetUploadOutcome): void {
    this.uploads.inc({ outcome });
    if (bytes > 0) this.uploadBytes.inc({ outcome }, bytes);
  }

  /** How long a drift report took. */
  observeDriftReport(seconds: number, outcome: DriftReportOutcome = 'ok'): void {
    this.driftDuration.observe({ outcome }, seconds);
  }

  /** Times `work` as a drift report (outcome `error` when it throws) and returns its result. */
  async timeDriftReport<T>(work: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await work();
      this.observeDriftReport(seconds(), 'ok');
      return result;
    } catch (error) {
      this.observeDriftReport(seconds(), 'error');
      throw error;
    }
  }

  /**
   * Registers a gauge labelled by `model`, filled at scrape time by `source.collect()`.
   * Only the MODEL_GAUGE_LIMIT models with the highest values are exported, so a registry
   * of thousands of models cannot blow up Prometheus; `model_gauge_series_dropped` says how
   * many were left out. Registering the same name twice is a no-op (modules may re-init in tests).
   */
  addModelGauge(source: ModelGaugeSource): void {
    if (this.modelSources.has(source.name)) return;
    this.modelSources.set(source.name, source);
    const snapshot = () => this.modelSnapshot();
    new Gauge({
      name: source.name,
      help: source.help,
      labelNames: ['model'] as const,
      registers: [this.registry],
      // Every worker reads the same database: with WEB_CONCURRENCY > 1 report one, never the sum.
      aggregator: 'first',
      async collect() {
        this.reset();
        const rows = (await snapshot()).get(source.name)?.kept ?? [];
        for (const row of rows) this.set({ model: row.model }, row.value);
      },
    });
  }

  /**
   * Runs every per-model source once per scrape (the gauges and the dropped-series gauge
   * share the result, whatever order the registry collects them in).
   */
  private modelSnapshot(): Promise<Map<string, { kept: ModelSample[]; dropped: number }>> {
    this.snapshot ??= (async () => {
      const result = new Map<string, { kept: ModelSample[]; dropped: number }>();
      await Promise.all(
        [...this.modelSources.values()].map(async (source) => {
          try {
            const finite = (await source.collect()).filter((row) => Number.isFinite(row.value));
            finite.sort((a, b) => b.value - a.value || a.model.localeCompare(b.model));
            result.set(source.name, { kept: finite.slice(0, MODEL_GAUGE_LIMIT), dropped: Math.max(0, finite.length - MODEL_GAUGE_LIMIT) });
          } catch (error) {
            // A scrape during a database outage still returns the process metrics.
            this.logger.warn(`Could not collect ${source.name}: ${(error as Error).message}`);
          }
        }),
      );
      return result;
    })().finally(() => setImmediate(() => (this.snapshot = null)));
    return this.snapshot;
  }

  /** The Prometheus text exposition of this process. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
