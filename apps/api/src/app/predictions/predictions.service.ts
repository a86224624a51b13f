import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  OnModuleInit,
  PayloadTooLargeException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_PAGE_LIMIT, MAX_REPORTED_POINT_ERRORS } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { parseIsoTimestamp } from '../metrics/metric-batch';
import { modelNotFound, ModelsService, versionNotFound } from '../models/models.service';
import {
  BatchLimits,
  BatchTooLargeError,
  declaredFeaturesOf,
  ParsedPrediction,
  parseActualBatch,
  parsePredictionBatch,
  ParseResult,
  RowProblem,
} from './prediction-batch';
import { DAY_MS, PredictionPartitions } from './prediction-partitions';
import {
  DeclaredFeatures,
  LogActualsResult,
  LogPredictionsResult,
  PredictionListQuery,
  PredictionRecord,
  PredictionTarget,
} from './predictions.types';

const HOUR_MS = 3_600_000;

/** Called after a committed batch with the hours of prediction time it touched (see registerStoredListener). */
export type PredictionsStoredListener = (versionId: string, hours: Date[]) => Promise<void>;

/** The "no partition of relation … found for row" error (a partition dropped by another process). */
const CHECK_VIOLATION = '23514';

interface PredictionRow {
  id: string;
  ts: Date;
  numerical: Array<number | null>;
  categorical: Array<string | null>;
  prediction_value: number | null;
  prediction_label: string | null;
  probability: number | null;
  actual_value: number | null;
  actual_label: string | null;
  actual_ts: Date | null;
}

/** A PostgreSQL array literal of text elements (NULL for null), for a `text[]` parameter element. */
function textArrayLiteral(values: ReadonlyArray<string | null>): string {
  return `{${values.map((value) => (value === null ? 'NULL' : `"${value.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/** A PostgreSQL array literal of float8 elements; String(number) is the shortest text that reads back exactly. */
function numberArrayLiteral(values: ReadonlyArray<number | null>): string {
  return `{${values.map((value) => (value === null ? 'NULL' : String(value))).join(',')}}`;
}

function rejectBatch<T>(result: Exclude<ParseResult<T>, { ok: true }>): BadRequestException {
  if (result.batchProblem) {
    return new BadRequestException({
      message: `Batch rejected, nothing stored: ${result.batchProblem}`,
      details: [{ field: 'rows', message: result.batchProblem }],
    });
  }
  const first = result.problems[0];
  return new BadRequestException({
    message:
      `Batch rejected, nothing stored: ${result.badRows} bad row${result.badRows === 1 ? '' : 's'}` +
      (first ? `; first ${first.field}: ${first.message}` : '') +
      '. Fix them and send the whole batch again.',
    details: result.problems,
  });
}

function conflict(ids: Array<{ index: number; id: string }>): ConflictException {
  const named = ids.slice(0, MAX_REPORTED_POINT_ERRORS);
  const details: RowProblem[] = named.map(({ index, id }) => ({
    index,
    field: `rows.${index}.id`,
    message: `id "${id}" is already logged for this model with different content`,
  }));
  return new ConflictException({
    message:
      `Batch rejected, nothing stored: ${ids.length} id${ids.length === 1 ? ' is' : 's are'} already logged for this model with ` +
      `different content (${named.map(({ id }) => `"${id}"`).join(', ')}${ids.length > named.length ? ', …' : ''}). ` +
      'A prediction cannot be changed; log a new prediction under a new id.',
    details,
  });
}

/**
 * Logged predictions and their actuals: atomic batches, idempotent re-sends, actuals joined by id
 * across the model's versions (also when they arrive first), listing with the joined actual.
 */
@Injectable()
export class PredictionsService implements OnModuleInit {
  private readonly logger = new Logger(PredictionsService.name);
  private readonly storedListeners: PredictionsStoredListener[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly models: ModelsService,
    private readonly partitions: PredictionPartitions,
    private readonly config: AppConfigService,
  ) {}

  onModuleInit(): void {
    // Predictions and their keys have no foreign key (bulk-insert speed): they leave with their model here.
    // Actuals go by ON DELETE CASCADE.
    this.models.registerDeletionStep(async (manager, model) => {
      await manager.query(`DELETE FROM predictions WHERE model_version_id IN (SELECT id FROM model_versions WHERE model_id = $1)`, [
        model.id,
      ]);
      await manager.query(`DELETE FROM prediction_keys WHERE model_id = $1`, [model.id]);
    });
  }

  /**
   * Called after each committed batch of predictions or actuals with the hours (UTC) of the prediction
   * times it touched, per version: monitoring marks those windows due or stale.
   */
  registerStoredListener(listener: PredictionsStoredListener): void {
    this.storedListeners.push(listener);
  }

  private async notifyStored(touched: ReadonlyArray<{ versionId: string; hours: Date[] }>): Promise<void> {
    for (const { versionId, hours } of touched) {
      if (hours.length === 0) continue;
      for (const listener of this.storedListeners) {
        // The rows are committed: a failed notification must not fail the request (the next arrival or a recompute catches up).
        await listener(versionId, hours).catch((error: Error) =>
          this.logger.warn(`Could not mark monitoring windows of version ${versionId}: ${error.message}`),
        );
      }
    }
  }

  /** The version rows are logged to; 404 when unknown, 422 when it declares no features. */
  async target(name: string, version: string): Promise<PredictionTarget> {
    const found = await this.models.findVersion(name, version);
    const features = declaredFeaturesOf(found.features);
    if (features.all.length === 0) {
      throw new UnprocessableEntityException(
        `Version "${version}" of model "${name}" declares no features (role "feature"), so logged rows could not be checked or ` +
          `monitored. Register a version with its features: POST /api/v1/models/${name}/versions with ` +
          `"features": [{ "name": "heart_rate", "type": "numerical", "role": "feature" }, …].`,
      );
    }
    return { modelId: found.modelId, versionId: found.id, features };
  }

  /** Stores a batch of predictions all or nothing; resolves after the commit. */
  async logPredictions(name: string, version: string, body: unknown): Promise<LogPredictionsResult> {
    const target = await this.target(name, version);
    const now = Date.now();
    const parsed = this.parse(() => parsePredictionBatch(body, target.features, this.limits(now, this.partitions.retentionCutoff(now))));

    // Within the batch: a repeated id with the same content counts as a duplicate, with other content as a conflict.
    const firstOfId = new Map<string, ParsedPrediction>();
    const fresh: ParsedPrediction[] = [];
    const conflicts: Array<{ index: number; id: string }> = [];
    let duplicates = 0;
    parsed.forEach((row, index) => {
      const first = firstOfId.get(row.id);
      if (!first) {
        firstOfId.set(row.id, row);
        fresh.push(row);
      } else if (first.contentHash.equals(row.contentHash) && (!row.timestampGiven || row.timestampMs === first.timestampMs)) {
        duplicates++;
      } else {
        conflicts.push({ index, id: row.id });
      }
    });
    if (conflicts.length > 0) throw conflict(conflicts);
    const indexOfId = new Map(parsed.map((row, index) => [row.id, index]));

    // Ids are claimed in one order by every batch, so two batches sharing ids wait for each other instead of deadlocking.
    fresh.sort(compareIds);
    await this.partitions.ensureFor(fresh.map((row) => row.timestampMs));
    const store = (): Promise<LogPredictionsResult> =>
      this.dataSource.transaction(async (manager) => {
        await this.lockVersion(manager, name, version, target.versionId);
        const stored = await this.storePredictions(manager, target, fresh, indexOfId, now);
        return { accepted: stored.accepted, duplicates: duplicates + stored.duplicates };
      });
    let result: LogPredictionsResult;
    try {
      result = await store();
    } catch (error) {
      // Another process dropped a partition this one believed in (clock edge at retention): create and retry once.
      if ((error as { code?: string }).code !== CHECK_VIOLATION) throw error;
      this.partitions.forget();
      await this.partitions.ensureFor(fresh.map((row) => row.timestampMs));
      result = await store();
    }
    if (result.accepted > 0) {
      const hours = new Set(fresh.map((row) => Math.floor(row.timestampMs / HOUR_MS) * HOUR_MS));
      await this.notifyStored([{ versionId: target.versionId, hours: [...hours].map((ms) => new Date(ms)) }]);
    }
    return result;
  }

  private async storePredictions(
    manager: EntityManager,
    target: PredictionTarget,
    rows: ParsedPrediction[],
    indexOfId: Map<string, number>,
    now: number,
  ): Promise<LogPredictionsResult> {
    const ids = rows.map((row) => row.id);
    const timestamps = rows.map((row) => new Date(row.timestampMs).toISOString());
    // Claims the ids; an id claimed by a concurrent batch waits for that batch to commit or roll back.
    const claimed: Array<{ id: string }> = await manager.query(
      `WITH claimed AS (
         INSERT INTO prediction_keys (model_id, id, model_version_id, ts, content_hash)
         SELECT $1, u.id, $2, u.ts, decode(u.hash, 'hex')
         FROM unnest($3::text[], $4::timestamptz[], $5::text[]) AS u (id, ts, hash)
         ON CONFLICT (model_id, id) DO NOTHING
         RETURNING id
       ) SELECT id FROM claimed`,
      [target.modelId, target.versionId, ids, timestamps, rows.map((row) => row.contentHash.toString('hex'))],
    );
    const claimedIds = new Set(claimed.map((row) => row.id));
    const earlier = rows.filter((row) => !claimedIds.has(row.id));
    let duplicates = 0;
    if (earlier.length > 0) {
      const existing: Array<{ id: string; model_version_id: string; ts: Date; hash: string }> = await manager.query(
        `SELECT id, model_version_id, ts, encode(content_hash, 'hex') AS hash FROM prediction_keys WHERE model_id = $1 AND id = ANY ($2::text[])`,
        [target.modelId, earlier.map((row) => row.id)],
      );
      const byId = new Map(existing.map((row) => [row.id, row]));
      const conflicts: Array<{ index: number; id: string }> = [];
      for (const row of earlier) {
        const stored = byId.get(row.id);
        const same =
          stored !== undefined &&
          stored.model_version_id === target.versionId &&
          stored.hash === row.contentHash.toString('hex') &&
          (!row.timestampGiven || stored.ts.getTime() === row.timestampMs);
        if (same) duplicates++;
        else conflicts.push({ index: indexOfId.get(row.id) ?? 0, id: row.id });
      }
      if (conflicts.length > 0) throw conflict(conflicts.sort((a, b) => a.index - b.index));
    }
    const inserted = rows.filter((row) => claimedIds.has(row.id));
    if (inserted.length > 0) {
      await manager.query(
        `INSERT INTO predictions (model_version_id, ts, id, numerical, categorical, prediction_value, prediction_label, probability)
         SELECT $1, u.ts, u.id, u.numerical::float8[], u.categorical::text[], u.prediction_value, u.prediction_label, u.probability
         FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::float8[])
           AS u (ts, id, numerical, categorical, prediction_value, prediction_label, probability)`,
        [
          target.versionId,
          inserted.map((row) => new Date(row.timestampMs).toISOString()),
          inserted.map((row) => row.id),
          inserted.map((row) => numberArrayLiteral(row.numerical)),
          inserted.map((row) => textArrayLiteral(row.categorical)),
          inserted.map((row) => row.predictionValue),
          inserted.map((row) => row.predictionLabel),
          inserted.map((row) => row.probability),
        ],
      );
      // Actuals that arrived first (within the lookback) are joined now.
      await manager.query(
        `UPDATE prediction_actuals a SET model_version_id = $2, prediction_ts = u.ts
         FROM unnest($3::text[], $4::timestamptz[]) AS u (id, ts)
         WHERE a.model_id = $1 AND a.id = u.id AND a.prediction_ts IS NULL AND a.received_at >= $5`,
        [
          target.modelId,
          target.versionId,
          inserted.map((row) => row.id),
          inserted.map((row) => new Date(row.timestampMs).toISOString()),
          new Date(now - this.config.get('ACTUALS_LOOKBACK_DAYS') * DAY_MS).toISOString(),
        ],
      );
    }
    return { accepted: inserted.length, duplicates };
  }

  /** Stores a batch of actuals all or nothing, joining each to the model's prediction with its id. */
  async logActuals(name: string, body: unknown): Promise<LogActualsResult> {
    const model = await this.models.findByName(name);
    const parsed = this.parse(() => parseActualBatch(body, this.limits(Date.now(), null)));
    // A later actual for an id replaces an earlier one, also within the batch: the last one wins.
    const lastOfId = new Map(parsed.map((row) => [row.id, row]));
    // Sorted by id: concurrent batches correcting the same ids lock them in one order (no deadlock).
    const rows = [...lastOfId.values()].sort(compareIds);
    const touched = await this.dataSource.transaction(async (manager) => {
      const locked: unknown[] = await manager.query(`SELECT id FROM models WHERE id = $1 FOR KEY SHARE`, [model.id]);
      if (locked.length === 0) throw modelNotFound(name);
      // Per joined version (NULL: pending), how many rows and which hours of prediction time they touch.
      const groups: Array<{ model_version_id: string | null; rows: number; hours: Date[] | null }> = await manager.query(
        `WITH stored AS (
           INSERT INTO prediction_actuals AS a (model_id, id, actual_value, actual_label, actual_ts, model_version_id, prediction_ts)
           SELECT $1, u.id, u.actual_value, u.actual_label, u.ts, k.model_version_id, k.ts
           FROM unnest($2::text[], $3::float8[], $4::text[], $5::timestamptz[]) AS u (id, actual_value, actual_label, ts)
           LEFT JOIN prediction_keys k ON k.model_id = $1 AND k.id = u.id
           ON CONFLICT (model_id, id) DO UPDATE SET
             actual_value = EXCLUDED.actual_value,
             actual_label = EXCLUDED.actual_label,
             actual_ts = EXCLUDED.actual_ts,
             received_at = now(),
             model_version_id = EXCLUDED.model_version_id,
             prediction_ts = EXCLUDED.prediction_ts
           RETURNING a.model_version_id, a.prediction_ts
         ) SELECT model_version_id, count(*)::int AS rows,
             array_agg(DISTINCT date_trunc('hour', prediction_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
               FILTER (WHERE prediction_ts IS NOT NULL) AS hours
           FROM stored GROUP BY model_version_id`,
        [
          model.id,
          rows.map((row) => row.id),
          rows.map((row) => row.actualValue),
          rows.map((row) => row.actualLabel),
          rows.map((row) => new Date(row.timestampMs).toISOString()),
        ],
      );
      return groups;
    });
    await this.notifyStored(
      touched
        .filter((group) => group.model_version_id !== null)
        .map((group) => ({ versionId: group.model_version_id as string, hours: group.hours ?? [] })),
    );
    const accepted = touched.reduce((sum, group) => sum + group.rows, 0);
    const matched = touched.reduce((sum, group) => sum + (group.model_version_id === null ? 0 : group.rows), 0);
    return { accepted, matched, pending: accepted - matched };
  }

  /** A version's logged rows with their joined actual, newest first, and how many match in all. */
  async list(name: string, version: string, query: PredictionListQuery): Promise<{ items: PredictionRecord[]; total: number }> {
    const found = await this.models.findVersion(name, version);
    const features = declaredFeaturesOf(found.features);
    const where = ['p.model_version_id = $1'];
    const parameters: unknown[] = [found.id, found.modelId];
    for (const [field, operator] of [
      ['from', '>='],
      ['to', '<'],
    ] as const) {
      const text = query[field];
      if (text === undefined) continue;
      const ms = parseIsoTimestamp(text);
      if (Number.isNaN(ms)) {
        throw new BadRequestException({
          message: `${field} must be an ISO 8601 date-time`,
          details: [{ field, message: 'not a date-time' }],
        });
      }
      parameters.push(new Date(ms).toISOString());
      where.push(`p.ts ${operator} $${parameters.length}`);
    }
    if (query.hasActual !== undefined) where.push(query.hasActual ? 'a.id IS NOT NULL' : 'a.id IS NULL');
    // An actual is joined once it carries the prediction's version (set when the two meet).
    const from = `FROM predictions p
      LEFT JOIN prediction_actuals a ON a.model_id = $2 AND a.id = p.id AND a.model_version_id = p.model_version_id
      WHERE ${where.join(' AND ')}`;
    const rows: Array<PredictionRow & { total: number }> = await this.dataSource.query(
      `SELECT p.id, p.ts, p.numerical, p.categorical, p.prediction_value, p.prediction_label, p.probability,
              a.actual_value, a.actual_label, a.actual_ts, count(*) OVER ()::int AS total
       ${from}
       ORDER BY p.ts DESC, p.id LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
      [...parameters, query.limit ?? DEFAULT_PAGE_LIMIT, query.offset ?? 0],
    );
    const items = rows.map((row) => toRecord(row, features));
    if (rows.length > 0) return { items, total: rows[0].total };
    if (!query.offset) return { items, total: 0 };
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, parameters);
    return { items, total };
  }

  private limits(nowMs: number, oldestMs: number | null): BatchLimits {
    return { maxBatch: this.config.get('PREDICTIONS_MAX_BATCH'), nowMs, oldestMs };
  }

  private parse<T>(run: () => ParseResult<T>): T[] {
    let result: ParseResult<T>;
    try {
      result = run();
    } catch (error) {
      if (error instanceof BatchTooLargeError) throw new PayloadTooLargeException(`Batch rejected, nothing stored: ${error.message}`);
      throw error;
    }
    if (!result.ok) throw rejectBatch(result);
    return result.rows;
  }

  /** KEY SHARE on the version: the model cannot be deleted until this batch commits (promotions are not blocked). */
  private async lockVersion(manager: EntityManager, name: string, version: string, versionId: string): Promise<void> {
    const locked: unknown[] = await manager.query(`SELECT id FROM model_versions WHERE id = $1 FOR KEY SHARE`, [versionId]);
    if (locked.length === 0) throw versionNotFound(name, version);
  }
}

function compareIds(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function toRecord(row: PredictionRow, features: DeclaredFeatures): PredictionRecord {
  const values: PredictionRecord['features'] = {};
  features.numerical.forEach((name, index) => (values[name] = row.numerical[index] ?? null));
  features.categorical.forEach((name, index) => (values[name] = row.categorical[index] ?? null));
  const ordered: PredictionRecord['features'] = {};
  for (const name of features.all) ordered[name] = values[name] ?? null;
  return {
    id: row.id,
    timestamp: row.ts,
    features: ordered,
    prediction: row.prediction_label ?? (row.prediction_value as number),
    probability: row.probability,
    actual: row.actual_label ?? row.actual_value,
    actualTimestamp: row.actual_ts,
  };
}
