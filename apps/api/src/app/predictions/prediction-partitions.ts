import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';

export const DAY_MS = 86_400_000;
/** Partitions created ahead of today, so rows arriving around midnight never wait for DDL. */
const DAYS_AHEAD = 2;
const RUN_INTERVAL_MS = 60 * 60 * 1000;
/** The first retention pass runs soon after start-up, off the start-up path. */
const FIRST_RUN_DELAY_MS = 1_000;
/** Deleted per statement, so no transaction holds the (embedded) database for long. */
const DELETE_CHUNK_ROWS = 50_000;
/** Serialises partition DDL between processes sharing the database (any constant unique to this use). */
const PARTITION_LOCK_KEY = 120_412;
const PARTITION_NAME = /^predictions_p(\d{4})(\d{2})(\d{2})$/;

/** The UTC day start (ms) that holds `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `predictions_p20261201` for the day starting at `dayStartMs`. */
export function partitionName(dayStartMs: number): string {
  return `predictions_p${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export interface RetentionResult {
  droppedPartitions: string[];
  deletedKeys: number;
  deletedActuals: number;
}

/**
 * Daily partitions of `predictions` (one per UTC day) and retention. Days from yesterday to
 * DAYS_AHEAD ahead are created by a periodic job; older days within PREDICTIONS_RETENTION_DAYS
 * (back-dated rows) are created on demand before the batch's transaction. Retention drops the
 * partitions that end before the cutoff, then deletes their keys and actuals in chunks, and the
 * actuals that waited longer than ACTUALS_LOOKBACK_DAYS for their prediction.
 */
@Injectable()
export class PredictionPartitions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PredictionPartitions.name);
  /** Day starts known to have a partition (in this process). */
  private readonly known = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfigService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The days around today exist before the first request, so no request (or test snapshot) sees them appear.
    await this.createAround(Date.now()).catch((error: Error) =>
      this.logger.warn(`Could not create prediction partitions at start-up: ${error.message}`),
    );
    this.schedule(FIRST_RUN_DELAY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** The oldest timestamp (ms) a prediction may carry at `now`. */
  retentionCutoff(now: number): number {
    return now - this.config.get('PREDICTIONS_RETENTION_DAYS') * DAY_MS;
  }

  /** Makes sure a partition exists for every day holding one of `timestampsMs`. Not inside a transaction. */
  async ensureFor(timestampsMs: Iterable<number>): Promise<void> {
    const missing = new Set<number>();
    for (const ms of timestampsMs) {
      const day = dayStart(ms);
      if (!this.known.has(day)) missing.add(day);
    }
    if (missing.size > 0) await this.create([...missing]);
  }

  /** Forgets what this process knows (after another process dropped partitions). */
  forget(): void {
    this.known.clear();
  }

  /** Creates the partitions ahead and applies retention; returns what retention removed. */
  async maintain(now = Date.now()): Promise<RetentionResult> {
    await this.createAround(now);
    return this.applyRetention(now);
  }

  /** Yesterday's partition to DAYS_AHEAD days ahead. */
  private async createAround(now: number): Promise<void> {
    const today = dayStart(now);
    const days: number[] = [];
    for (let offset = -1; offset <= DAYS_AHEAD; offset++) days.push(today + offset * DAY_MS);
    await this.create(days);
  }

  private async create(days: number[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [PARTITION_LOCK_KEY]);
      for (const day of days.sort((a, b) => a - b)) {
        const from = new Date(day).toISOString();
        const to = new Date(day + DAY_MS).toISOString();
        await manager.query(
          `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF predictions FOR VALUES FROM ('${from}') TO ('${to}')`,
        );
      }
    });
    for (const day of days) this.known.add(day);
  }

  /** Partitions that end at or before the cutoff's day go whole; then the keys and actuals of their rows. */
  async applyRetention(now = Date.now()): Promise<RetentionResult> {
    const keepFrom = dayStart(this.retentionCutoff(now));
    const partitions: Array<{ name: string }> = await this.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'predictions'::regclass`,
    );
    const droppedPartitions: string[] = [];
    for (const { name } of partitions) {
      const match = PARTITION_NAME.exec(name);
      if (!match) continue;
      const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
      if (day >= keepFrom) continue;
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock($1)`, [PARTITION_LOCK_KEY]);
        await manager.query(`DROP TABLE IF EXISTS ${name}`);
      });
      this.known.delete(day);
      droppedPartitions.push(name);
    }
    const cutoff = new Date(keepFrom).toISOString();
    const deletedKeys = await this.deleteInChunks(`prediction_keys`, `ts < $1`, [cutoff]);
    const lookbackCutoff = new Date(now - this.config.get('ACTUALS_LOOKBACK_DAYS') * DAY_MS).toISOString();
    const deletedActuals =
      (await this.deleteInChunks(`prediction_actuals`, `prediction_ts < $1`, [cutoff])) +
      (await this.deleteInChunks(`prediction_actuals`, `prediction_ts IS NULL AND received_at < $1`, [lookbackCutoff]));
    return { droppedPartitions, deletedKeys, deletedActuals };
  }

  private async deleteInChunks(table: string, condition: string, parameters: unknown[]): Promise<number> {
    let deleted = 0;
    while (!this.stopping) {
      const rows: Array<{ deleted: number }> = await this.dataSource.query(
        `WITH doomed AS (
           DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE ${condition} LIMIT ${DELETE_CHUNK_ROWS}))
           RETURNING 1
         ) SELECT count(*)::int AS deleted FROM doomed`,
        parameters,
      );
      const chunk = rows[0]?.deleted ?? 0;
      deleted += chunk;
      if (chunk < DELETE_CHUNK_ROWS) break;
    }
    return deleted;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const run = this.maintain();
    this.running = run;
    try {
      const result = await run;
      if (result.droppedPartitions.length > 0 || result.deletedActuals > 0) {
        this.logger.log(
          `Prediction retention: dropped ${result.droppedPartitions.length} partitions (${result.droppedPartitions.join(', ')}), ` +
            `${result.deletedKeys} ids and ${result.deletedActuals} actuals.`,
        );
      }
    } catch (error) {
      // The database may be briefly unreachable; the next run catches up, and ingestion creates what it needs.
      this.logger.warn(`Prediction partition maintenance failed: ${(error as Error).message}`);
    } finally {
      this.running = null;
      this.schedule(RUN_INTERVAL_MS);
    }
  }
}
