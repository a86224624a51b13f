import { BadRequestException, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { JobQueue } from '../jobs/job-queue.service';
import { MetricsService } from '../metrics/metrics.service';
import { ModelsService } from '../models/models.service';
import { PredictionPartitions } from '../predictions/prediction-partitions';
import { PredictionsService } from '../predictions/predictions.service';
import { MonitoringService } from './monitoring.service';
import { MonitoringConfigRecord } from './monitoring.types';
import { MonitoringWindowsStore } from './monitoring-windows.store';
import { DueWindow, MonitoringWindowRecord, WindowResult } from './monitoring-windows.types';
import { WindowComputationService } from './window-computation.service';
import { DRIFT_SCORE_PREFIX, MONITORING_LABELS, WINDOW_METRICS, windowMetricPoints } from './window-metrics';

/** Actor of the metric points windows write. */
export const MONITORING_ACTOR = 'monitoring';
const SCAN_QUEUE = 'monitoring-scan';
const WINDOW_QUEUE = 'monitoring-window';
/** Windows sent per scan; the next scan sends the rest (a backfill of months of hourly windows). */
const WINDOWS_PER_SCAN = 500;
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
    this.monitoring.registerChangeListener({
      inTransaction: (manager, versionId) => this.backfill(manager, versionId),
      afterCommit: () => this.scanSoon(),
    });
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

  /** Asks for a scan now instead of at the next interval (after a configuration change or a recompute request). */
  private async scanSoon(): Promise<void> {
    await this.jobs.send(SCAN_QUEUE, {}).catch((error: Error) => this.logger.warn(`Could not schedule a window scan: ${error.message}`));
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
    // A scan may have sent the window again while it was being computed: once is enough.
    if (stored.status === 'fresh' || stored.status === 'insufficient') return;
    const version = await this.models.findVersionById(window.modelVersionId);
    const config = version ? await this.monitoring.findForVersion(version) : null;
    if (!version || !config || !config.enabled) return;
    let result: WindowResult;
    const startedAt = Date.now();
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
    this.logger.log(
      `Window ${window.start.toISOString()} of ${version.model} ${version.version}: ${result.status}, ${result.rows} rows, ` +
        `${result.drift ? `drift share ${result.drift.driftShare.toFixed(2)}, ` : ''}computed in ${Date.now() - startedAt} ms.`,
    );
  }

  /** A recomputation replaces a window's points: the ones monitoring wrote (its label) at the window's start go first. */
  private async deleteWindowPoints(manager: EntityManager, versionId: string, start: Date): Promise<void> {
    await manager.query(
      `DELETE FROM metric_points WHERE ts = $2 AND series_id IN (
         SELECT id FROM metric_series WHERE model_version_id = $1 AND labels = $5::jsonb
           AND (name = ANY ($3::text[]) OR starts_with(name, $4)))`,
      [versionId, start.toISOString(), WINDOW_METRICS, DRIFT_SCORE_PREFIX, JSON.stringify(MONITORING_LABELS)],
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
    const due = await this.dataSource.transaction((manager) =>
      this.store.backfill(manager, config.modelVersionId, fromDate && fromDate > cutoff ? fromDate : cutoff, toDate),
    );
    await this.scanSoon();
    return due;
  }
}
