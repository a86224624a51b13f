import { BadRequestException, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { METRIC_NAME_PATTERN } from '@stress/contracts';
import { MetricPointInput } from '../metrics/metrics.types';
import { AppConfigService } from '../../config/app-config.service';
import { JobQueue } from '../jobs/job-queue.service';
import { MetricsService } from '../metrics/metrics.service';
import { ModelsService } from '../models/models.service';
import { ModelVersionRecord } from '../models/models.types';
import { PredictionPartitions } from '../predictions/prediction-partitions';
import { PredictionsService } from '../predictions/predictions.service';
import { MonitoringService } from './monitoring.service';
import { MonitoringConfigRecord } from './monitoring.types';
import { MonitoringWindowsStore } from './monitoring-windows.store';
import { DueWindow, MonitoringWindowRecord, WindowResult } from './monitoring-windows.types';
import { WindowComputationService } from './window-computation.service';

/** Actor of the metric points windows write. */
export const MONITORING_ACTOR = 'monitoring';
const SCAN_QUEUE = 'monitoring-scan';
const WINDOW_QUEUE = 'monitoring-window';
/** Windows sent per scan; the next scan sends the rest (a backfill of months of hourly windows). */
const WINDOWS_PER_SCAN = 500;
/** Metric names every computed window writes (besides drift_score.<column>). */
const WINDOW_METRICS = [
  'drift_share',
  'dataset_drift',
  'prediction_count',
  'actual_coverage',
  'accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'log_loss',
] as const;
const DRIFT_SCORE_PREFIX = 'drift_score.';

/**
 * `drift_score.<column>` for a column name, made to fit the metric-name pattern predictably: every
 * character outside [A-Za-z0-9_.] becomes `_`, and the whole name is cut to 64 characters.
 */
export function driftScoreMetric(column: string): string {
  return `${DRIFT_SCORE_PREFIX}${column.replace(/[^a-zA-Z0-9_.]/g, '_')}`.slice(0, 64);
}

/** The metric points of a computed window, at its start. */
export function windowMetricPoints(
  version: Pick<ModelVersionRecord, 'model' | 'version'>,
  start: Date,
  result: WindowResult,
): MetricPointInput[] {
  const timestamp = start.toISOString();
  const point = (name: string, value: number): MetricPointInput => ({
    model: version.model,
    version: version.version,
    name,
    value,
    timestamp,
  });
  const points = [
    point('prediction_count', result.rows),
    point('actual_coverage', result.rows === 0 ? 0 : result.rowsWithActual / result.rows),
  ];
  if (result.drift) {
    points.push(point('drift_share', result.drift.driftShare), point('dataset_drift', result.drift.datasetDrift ? 1 : 0));
    for (const column of result.drift.columns) {
      if (Number.isFinite(column.statistic)) points.push(point(driftScoreMetric(column.column), column.statistic));
    }
  }
  const quality = result.quality;
  if (quality) {
    points.push(
      point('accuracy', quality.accuracy),
      point('precision', quality.precision),
      point('recall', quality.recall),
      point('f1', quality.f1),
    );
    if (quality.rocAuc !== undefined && Number.isFinite(quality.rocAuc)) points.push(point('roc_auc', quality.rocAuc));
    if (quality.logLoss !== undefined && Number.isFinite(quality.logLoss)) points.push(point('log_loss', quality.logLoss));
  }
  return points.filter((entry) => METRIC_NAME_PATTERN.test(entry.name) && Number.isFinite(entry.value));
}

function parseInstant(text: string | undefined, field: string): Date | null {
  if (text === undefined) return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new BadRequestException({ message: `${field} must be an ISO 8601 date-time`, details: [{ field, message: 'not a date-time' }] });
  }
  return date;
}

/**
 * Monitoring windows: marks them due when predictions or actuals arrive, schedules the due ones as
 * durable jobs (one per window at a time, across processes), computes them in worker processes and
 * writes their results and metric points; lists and recomputes them on request.
 */
@Injectable()
export class MonitoringWindowsService implements OnModuleInit {
  private readonly logger = new Logger(MonitoringWindowsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MonitoringWindowsStore,
    private readonly computation: WindowComputationService,
    private readonly monitoring: MonitoringService,
    private readonly models: ModelsService,
    private readonly metrics: MetricsService,
    private readonly predictions: PredictionsService,
    private readonly partitions: PredictionPartitions,
    private readonly jobs: JobQueue,
    private readonly config: AppConfigService,
  ) {}

  onModuleInit(): void {
    this.predictions.registerStoredListener(async (versionId, hours) => {
      await this.store.markArrivals(versionId, hours);
    });
    this.monitoring.registerChangeListener((manager, versionId) => this.backfill(manager, versionId));
    this.jobs.every(SCAN_QUEUE, this.config.get('MONITORING_INTERVAL_MS'));
    this.jobs.work(SCAN_QUEUE, () => this.scan(new Date()));
    this.jobs.work<{ modelVersionId: string; start: string }>(WINDOW_QUEUE, (data) =>
      this.computeWindow({ modelVersionId: data.modelVersionId, start: new Date(data.start) }),
    );
  }

  /** Every closed window with predictions within retention becomes due (newest are computed first). */
  private async backfill(manager: EntityManager, versionId: string): Promise<void> {
    // Windows of another width (the width changed) go, with the metric points they wrote.
    for (const start of await this.store.deleteOtherWidths(manager, versionId)) await this.deleteWindowPoints(manager, versionId, start);
    await this.store.backfill(manager, versionId, new Date(this.partitions.retentionCutoff(Date.now())), null);
  }

  /** Sends a job for each due window, newest first; a window already waiting is not sent twice. */
  async scan(now: Date): Promise<void> {
    await this.store.deleteBefore(new Date(this.partitions.retentionCutoff(now.getTime())));
    const due = await this.store.due(now, this.config.get('MONITORING_DELAY_MS'), WINDOWS_PER_SCAN);
    for (const window of due) {
      await this.jobs.send(
        WINDOW_QUEUE,
        { modelVersionId: window.modelVersionId, start: window.start.toISOString() },
        // Newest first: what happened last matters most during a long backfill.
        {
          singletonKey: `${window.modelVersionId}/${window.start.toISOString()}`,
          priority: Math.floor(window.start.getTime() / 3_600_000),
        },
      );
    }
  }

  /** Computes one window and stores its result and metric points (replacing the previous ones). */
  async computeWindow(window: DueWindow): Promise<void> {
    const stored = await this.store.find(window.modelVersionId, window.start);
    if (!stored) return; // Deleted since it was sent (configuration changed, retention).
    const version = await this.models.findVersionById(window.modelVersionId);
    const config = version ? await this.monitoring.findForVersion(version) : null;
    if (!version || !config || !config.enabled) return;
    let result: WindowResult;
    try {
      result = await this.computation.compute(version, config, window.start);
    } catch (error) {
      const message = (error as Error).message;
      this.logger.warn(`Window ${window.start.toISOString()} of ${version.model} ${version.version} failed: ${message}`);
      await this.store.saveFailure(window, stored.dataVersion, message);
      throw error; // Retried with backoff by the job queue.
    }
    const points = windowMetricPoints(version, window.start, result);
    await this.dataSource.transaction(async (manager) => {
      await this.deleteWindowPoints(manager, version.id, window.start);
      if (points.length > 0) await this.metrics.ingest(points, MONITORING_ACTOR, undefined, manager);
      await this.store.saveResult(manager, window, stored.dataVersion, result);
    });
  }

  /** A recomputation replaces a window's points: the ones monitoring wrote at the window's start go first. */
  private async deleteWindowPoints(manager: EntityManager, versionId: string, start: Date): Promise<void> {
    await manager.query(
      `DELETE FROM metric_points WHERE ts = $2 AND series_id IN (
         SELECT id FROM metric_series WHERE model_version_id = $1 AND labels = '{}'::jsonb
           AND (name = ANY ($3::text[]) OR starts_with(name, $4)))`,
      [versionId, start.toISOString(), WINDOW_METRICS, DRIFT_SCORE_PREFIX],
    );
  }

  async list(name: string, version: string, from?: string, to?: string): Promise<{ items: MonitoringWindowRecord[]; total: number }> {
    const found = await this.models.findVersion(name, version);
    const items = await this.store.list(found.id, parseInstant(from, 'from'), parseInstant(to, 'to'));
    return { items, total: items.length };
  }

  async get(name: string, version: string, start: string): Promise<MonitoringWindowRecord> {
    const found = await this.models.findVersion(name, version);
    const instant = parseInstant(start, 'start') as Date;
    const window = await this.store.find(found.id, instant);
    if (!window) {
      throw new NotFoundException(
        `Version "${version}" of model "${name}" has no monitoring window starting at ${instant.toISOString()}. ` +
          `List its windows with GET /api/v1/models/${name}/versions/${version}/windows.`,
      );
    }
    return window;
  }

  /** Marks the windows with predictions in [from, to) due again (creating missing ones); returns how many. */
  async recompute(name: string, version: string, from?: string, to?: string): Promise<number> {
    const config: MonitoringConfigRecord = await this.monitoring.get(name, version);
    if (!config.enabled) {
      throw new BadRequestException(
        `Monitoring of version "${version}" of model "${name}" is disabled: enable it with PUT /api/v1/models/${name}/versions/${version}/monitoring first.`,
      );
    }
    const fromDate = parseInstant(from, 'from');
    const toDate = parseInstant(to, 'to');
    const cutoff = new Date(this.partitions.retentionCutoff(Date.now()));
    return this.dataSource.transaction((manager) =>
      this.store.backfill(manager, config.modelVersionId, fromDate && fromDate > cutoff ? fromDate : cutoff, toDate),
    );
  }
}
