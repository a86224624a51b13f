import { createHash } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  autoMetricBucket,
  MAX_REPORTED_POINT_ERRORS,
  MAX_SERIES_BUCKETS,
  MAX_SERIES_RANGE_DAYS,
  METRIC_BUCKET_SECONDS,
  MetricAggregate,
  MetricBucket,
} from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { modelNotFound, ModelsService, versionNotFound } from '../models/models.service';
import { MonitoringChanges } from '../common/monitoring-changes';
import { ingestRejectionOf, ObservabilityService } from '../observability/observability.service';
import { parseIsoTimestamp, parseMetricBatch, ParsedMetricPoint, PointProblem } from './metric-batch';
import { copyPoints, insertPointsWithUnnest, PointColumns } from './metric-points.writer';
import { SeriesIdCache } from './series-id-cache';
import { IngestResult, LatestPoint, MetricPointInput, SeriesQuery, SeriesResult } from './metrics.types';

const DAY_MS = 86_400_000;
const DEFAULT_RANGE_MS = DAY_MS;
/** Series ids are immutable for the life of their version, so they can be remembered. */
const SERIES_CACHE_LIMIT = 100_000;
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

const AGGREGATE_SQL: Record<MetricAggregate, string> = {
  [MetricAggregate.Avg]: 'avg(p.value)',
  [MetricAggregate.Min]: 'min(p.value)',
  [MetricAggregate.Max]: 'max(p.value)',
  [MetricAggregate.Sum]: 'sum(p.value)',
  [MetricAggregate.Count]: 'count(*)::float8',
  [MetricAggregate.P50]: 'percentile_cont(0.5) WITHIN GROUP (ORDER BY p.value)',
  [MetricAggregate.P95]: 'percentile_cont(0.95) WITHIN GROUP (ORDER BY p.value)',
  [MetricAggregate.P99]: 'percentile_cont(0.99) WITHIN GROUP (ORDER BY p.value)',
};

function rejectBatch(problems: PointProblem[], badPoints: number, batchProblem?: string): BadRequestException {
  if (batchProblem) {
    return new BadRequestException({
      message: `Batch rejected, nothing stored: ${batchProblem}`,
      details: [{ field: 'points', message: batchProblem }],
    });
  }
  const first = problems[0];
  return new BadRequestException({
    message:
      `Batch rejected, nothing stored: ${badPoints} bad point${badPoints === 1 ? '' : 's'}` +
      (first ? `; first ${first.field}: ${first.message}` : '') +
      '. Fix them and send the whole batch again.',
    details: problems,
  });
}

function rangeProblem(field: string, message: string): BadRequestException {
  return new BadRequestException({ message: `Invalid range: ${message}`, details: [{ field, message }] });
}

/** Metric points: atomic batch ingestion, bucketed aggregates, latest values. */
@Injectable()
export class MetricsService implements OnModuleInit {
  private readonly seriesIds = new SeriesIdCache();
  private readonly useCopy: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly models: ModelsService,
    private readonly config: AppConfigService,
    private readonly observability: ObservabilityService,
    private readonly changes: MonitoringChanges,
  ) {
    this.useCopy = !config.usesEmbeddedDatabase;
  }

  onModuleInit(): void {
    // Points have no foreign key (bulk-insert speed): they leave with their model here.
    this.models.registerDeletionStep(async (manager, model) => {
      await manager.query(
        `DELETE FROM metric_points WHERE series_id IN (
           SELECT s.id FROM metric_series s JOIN model_versions v ON v.id = s.model_version_id WHERE v.model_id = $1)`,
        [model.id],
      );
    });
  }

  /**
   * Stores a batch atomically: every point is valid and refers to a registered model
   * version, or nothing is stored (400 naming each bad point by index and field, first 20).
   * With an idempotency key, a batch already stored under it is not stored again and
   * the first answer is returned. Resolves only after the commit.
   *
   * A caller inside its own transaction must pass its `manager` (on the embedded database a
   * second connection would wait for that transaction forever); the batch then commits or
   * rolls back with the caller's transaction.
   */
  async ingest(
    points: readonly MetricPointInput[],
    actor: string,
    idempotencyKey?: string,
    manager?: EntityManager,
  ): Promise<IngestResult> {
    return this.ingestBody({ points }, actor, idempotencyKey, manager);
  }

  /** As ingest(), for an unchecked request body `{ points: [...] }`. */
  async ingestBody(body: unknown, actor: string, idempotencyKey?: string, outerManager?: EntityManager): Promise<IngestResult> {
    try {
      const result = await this.storeBatch(body, actor, idempotencyKey, outerManager);
      // A replay stored nothing new: count it once, when it was first stored.
      if (!result.replayed) this.observability.recordIngestedBatch(result.accepted);
      return result;
    } catch (error) {
      const points = (body as { points?: unknown } | null)?.points;
      this.observability.recordRejectedBatch(ingestRejectionOf(error), Array.isArray(points) ? points.length : 0);
      throw error;
    }
  }

  private async storeBatch(body: unknown, actor: string, idempotencyKey?: string, outerManager?: EntityManager): Promise<IngestResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new BadRequestException({
        message: 'Idempotency-Key must be 1–200 visible ASCII characters, e.g. a UUID.',
        details: [{ field: 'Idempotency-Key', message: 'must be 1–200 visible ASCII characters' }],
      });
    }
    const parsed = parseMetricBatch(body, this.config.get('METRICS_MAX_BATCH'), Date.now());
    if (!parsed.ok) throw rejectBatch(parsed.problems, parsed.badPoints, parsed.batchProblem);
    const points = parsed.points;
    const requestHash = idempotencyKey
      ? createHash('sha256')
          .update(JSON.stringify((body as { points: unknown }).points))
          .digest()
      : null;

    const createdSeries = new SeriesIdCache();
    const work = async (manager: EntityManager): Promise<IngestResult> => {
      if (idempotencyKey && requestHash) {
        const earlier = await this.claimIdempotencyKey(manager, idempotencyKey, requestHash, points.length, actor);
        if (earlier !== null) return { accepted: earlier, replayed: true };
      }
      const seriesOfPoint = await this.resolveSeries(manager, points, createdSeries);
      // A plain loop: Float64Array.from(points, mapFn) goes through the iterator protocol per point.
      const columns: PointColumns = {
        seriesIds: seriesOfPoint,
        timestampsMs: new Float64Array(points.length),
        values: new Float64Array(points.length),
      };
      points.forEach((point, index) => {
        columns.timestampsMs[index] = point.timestampMs;
        columns.values[index] = point.value;
      });
      if (this.useCopy) await copyPoints(manager, columns);
      else await insertPointsWithUnnest(manager, columns);
      return { accepted: points.length, replayed: false };
    };
    // Inside the caller's transaction (a savepoint when one is open), or in one of our own.
    const result = outerManager ? await outerManager.transaction(work) : await this.dataSource.transaction(work);
    // Series this process did not know yet may carry metric names the assistant has not seen.
    if (createdSeries.size > 0) this.changes.changed();
    // Remembered only once committed: a rolled-back batch's new series ids never existed.
    // The caller's transaction may still roll back, so its series are not remembered.
    if (outerManager) return result;
    if (this.seriesIds.size + createdSeries.size > SERIES_CACHE_LIMIT) this.seriesIds.clear();
    this.seriesIds.addAll(createdSeries);
    return result;
  }

  /** Bucketed aggregates of one metric of a model, one series per version. */
  async series(query: SeriesQuery): Promise<SeriesResult> {
    const to = query.to !== undefined ? parseIsoTimestamp(query.to) : Date.now();
    const from = query.from !== undefined ? parseIsoTimestamp(query.from) : to - DEFAULT_RANGE_MS;
    if (Number.isNaN(to)) throw rangeProblem('to', 'to must be an ISO 8601 date-time');
    if (Number.isNaN(from)) throw rangeProblem('from', 'from must be an ISO 8601 date-time');
    if (from >= to) throw rangeProblem('from', 'from must be before to');
    if (to - from > MAX_SERIES_RANGE_DAYS * DAY_MS) {
      throw rangeProblem('from', `the range may span at most ${MAX_SERIES_RANGE_DAYS} days; narrow from/to`);
    }
    const requested = query.bucket ?? MetricBucket.Auto;
    const bucket = requested === MetricBucket.Auto ? autoMetricBucket(to - from) : requested;
    const widthMs = METRIC_BUCKET_SECONDS[bucket] * 1000;
    const buckets = Math.ceil(to / widthMs) - Math.floor(from / widthMs);
    if (buckets > MAX_SERIES_BUCKETS) {
      throw rangeProblem(
        'bucket',
        `${buckets} buckets of ${bucket} exceed the limit of ${MAX_SERIES_BUCKETS}; use a wider bucket (or auto) or a shorter range`,
      );
    }
    const agg = query.agg ?? MetricAggregate.Avg;

    // One round trip for the model, the version and the series; 404s name what is missing.
    const series: Array<{ model_id: string; version_id: string | null; version: string | null; id: number | null }> =
      await this.dataSource.query(
        `SELECT m.id AS model_id, v.id AS version_id, v.version, s.id
         FROM models m
         LEFT JOIN model_versions v ON v.model_id = m.id AND ($3::text IS NULL OR v.version = $3)
         LEFT JOIN metric_series s ON s.model_version_id = v.id AND s.name = $2
         WHERE m.name = $1
         ORDER BY v.created_at, v.version`,
        [query.model, query.name, query.version ?? null],
      );
    if (series.length === 0) throw modelNotFound(query.model);
    if (query.version !== undefined && series[0]?.version_id === null) throw versionNotFound(query.model, query.version);
    const result: SeriesResult = {
      model: query.model,
      name: query.name,
      agg,
      bucket,
      from: new Date(from),
      to: new Date(to),
      series: [],
    };
    const found = series.filter((row): row is { model_id: string; version_id: string; version: string; id: number } => row.id !== null);
    if (found.length === 0) return result;

    const versionName = new Map<string, string>();
    const versionOrder: string[] = [];
    for (const row of found) {
      if (!versionName.has(row.version_id)) versionOrder.push(row.version_id);
      versionName.set(row.version_id, row.version);
    }
    const rows: Array<{ version_id: string; t: Date; value: number; count: number }> = await this.dataSource.query(
      `SELECT s.version_id, date_bin($4::interval, p.ts, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS t,
              ${AGGREGATE_SQL[agg]} AS value, count(*)::int AS count
       FROM metric_points p
       JOIN unnest($1::int4[], $5::uuid[]) AS s (id, version_id) ON s.id = p.series_id
       WHERE p.series_id = ANY ($1::int4[]) AND p.ts >= $2 AND p.ts < $3
       GROUP BY s.version_id, t ORDER BY s.version_id, t`,
      [
        found.map((row) => row.id),
        new Date(from).toISOString(),
        new Date(to).toISOString(),
        `${METRIC_BUCKET_SECONDS[bucket]} seconds`,
        found.map((row) => row.version_id),
      ],
    );
    const pointsByVersion = new Map<string, SeriesResult['series'][number]['points']>();
    for (const row of rows) {
      let points = pointsByVersion.get(row.version_id);
      if (!points) pointsByVersion.set(row.version_id, (points = []));
      points.push({ t: row.t, value: row.value, count: row.count });
    }
    for (const versionId of versionOrder) {
      const points = pointsByVersion.get(versionId);
      if (points) result.series.push({ version: versionName.get(versionId) as string, points });
    }
    return result;
  }

  /** The newest point per version and metric of a model. */
  async latest(modelName: string): Promise<LatestPoint[]> {
    const model = await this.models.findByName(modelName);
    const rows: Array<{ version: string; name: string; value: number; ts: Date }> = await this.dataSource.query(
      `SELECT version, name, value, ts FROM (
         SELECT DISTINCT ON (v.id, s.name) v.version, v.created_at, s.name, newest.value, newest.ts
         FROM metric_series s
         JOIN model_versions v ON v.id = s.model_version_id
         CROSS JOIN LATERAL (
           SELECT p.value, p.ts FROM metric_points p WHERE p.series_id = s.id ORDER BY p.ts DESC LIMIT 1
         ) newest
         WHERE v.model_id = $1
         ORDER BY v.id, s.name, newest.ts DESC
       ) latest ORDER BY created_at, version, name`,
      [model.id],
    );
    return rows.map((row) => ({ version: row.version, name: row.name, value: row.value, timestamp: row.ts }));
  }

  /** Names of the metrics that have points for a model, sorted. */
  async names(modelName: string): Promise<string[]> {
    const model = await this.models.findByName(modelName);
    const rows: Array<{ name: string }> = await this.dataSource.query(
      `SELECT DISTINCT s.name FROM metric_series s JOIN model_versions v ON v.id = s.model_version_id
       WHERE v.model_id = $1 AND EXISTS (SELECT 1 FROM metric_points p WHERE p.series_id = s.id)
       ORDER BY s.name`,
      [model.id],
    );
    return rows.map((row) => row.name);
  }

  /** True when any metric point is stored (the demo seeder's test). */
  async hasPoints(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM metric_points LIMIT 1`);
    return rows.length > 0;
  }

  /**
   * Inserts the key with the batch's hash. Returns null when the key is new (the caller
   * stores the batch in this same transaction), or the earlier batch's accepted count.
   * A concurrent request with the same key waits on the unique index until the first commits.
   */
  private async claimIdempotencyKey(
    manager: EntityManager,
    key: string,
    hash: Buffer,
    accepted: number,
    actor: string,
  ): Promise<number | null> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO metric_ingest_requests (idempotency_key, request_hash, accepted, actor) VALUES ($1, $2, $3, $4)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
      [key, hash, accepted, actor.slice(0, 100)],
    );
    if (inserted.length > 0) return null;
    const [earlier]: Array<{ request_hash: Buffer; accepted: number }> = await manager.query(
      `SELECT request_hash, accepted FROM metric_ingest_requests WHERE idempotency_key = $1`,
      [key],
    );
    if (!earlier || !earlier.request_hash.equals(hash)) {
      throw new ConflictException(`Idempotency-Key "${key}" was already used for a different batch. Use a new key for new data.`);
    }
    return earlier.accepted;
  }

  /**
   * The series id of every point, creating series as needed. Checks every (model, version)
   * and locks the versions found (KEY SHARE) so a model delete waits for this batch.
   */
  private async resolveSeries(manager: EntityManager, points: ParsedMetricPoint[], createdSeries: SeriesIdCache): Promise<Int32Array> {
    const resolutions = await this.models.resolveVersions(points, { manager, lockVersions: true });
    const problems: PointProblem[] = [];
    let badPoints = 0;
    const versionIds: string[] = new Array(points.length);
    resolutions.forEach((resolution, index) => {
      if (resolution.found) {
        versionIds[index] = resolution.version.id;
        return;
      }
      badPoints++;
      if (problems.length >= MAX_REPORTED_POINT_ERRORS) return;
      const point = points[index] as ParsedMetricPoint;
      problems.push(
        resolution.missing === 'model'
          ? {
              index,
              field: `points.${index}.model`,
              message: `unknown model "${point.model}": register it with POST /api/v1/models`,
            }
          : {
              index,
              field: `points.${index}.version`,
              message: versionNotFound(point.model, point.version).message,
            },
      );
    });
    if (badPoints > 0) throw rejectBatch(problems, badPoints);

    const seriesOfPoint = new Int32Array(points.length);
    const missing = new Map<string, { versionId: string; name: string; labels: string }>();
    for (let index = 0; index < points.length; index++) {
      const point = points[index] as ParsedMetricPoint;
      const versionId = versionIds[index] as string;
      const id = this.seriesIds.get(versionId, point.name, point.labelsKey);
      if (id !== undefined) {
        seriesOfPoint[index] = id;
        continue;
      }
      const key = `${versionId}\u0000${point.name}\u0000${point.labelsKey}`;
      if (!missing.has(key)) missing.set(key, { versionId, name: point.name, labels: point.labelsKey });
    }
    if (missing.size > 0) {
      // Sorted, so two batches creating the same series lock them in the same order.
      const wanted = [...missing.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const parameters = [
        wanted.map(([, series]) => series.versionId),
        wanted.map(([, series]) => series.name),
        wanted.map(([, series]) => series.labels),
      ];
      await manager.query(
        `INSERT INTO metric_series (model_version_id, name, labels)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])
         ON CONFLICT (model_version_id, name, labels) DO NOTHING`,
        parameters,
      );
      const found: Array<{ id: number; ordinal: string }> = await manager.query(
        `SELECT s.id, w.ordinal FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS w (version_id, name, labels, ordinal)
         JOIN metric_series s ON s.model_version_id = w.version_id AND s.name = w.name AND s.labels = w.labels`,
        parameters,
      );
      for (const row of found) {
        const series = wanted[Number(row.ordinal) - 1]?.[1];
        if (series) createdSeries.set(series.versionId, series.name, series.labels, row.id);
      }
      for (let index = 0; index < points.length; index++) {
        if (seriesOfPoint[index] === 0) {
          const point = points[index] as ParsedMetricPoint;
          const id = createdSeries.get(versionIds[index] as string, point.name, point.labelsKey);
          if (id === undefined) throw new Error(`metric series for point ${index} was not created`);
          seriesOfPoint[index] = id;
        }
      }
    }
    return seriesOfPoint;
  }
}
