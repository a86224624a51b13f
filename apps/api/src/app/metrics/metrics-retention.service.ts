import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';

const DAY_MS = 86_400_000;
const RUN_INTERVAL_MS = 60 * 60 * 1000;
/** The first pass runs soon after start-up, off the start-up path. */
const FIRST_RUN_DELAY_MS = 2_000;
/** Deleted per statement, so no transaction holds the (embedded) database for long. */
const DELETE_CHUNK_ROWS = 50_000;
/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_KEY_TTL_DAYS = 7;

/**
 * Enforces METRICS_RETENTION_DAYS: a periodic job deletes older points in chunks and
 * forgets idempotency keys after a week. Its timer never keeps the process alive and
 * stops on shutdown; several replicas running it at once only share the work.
 */
@Injectable()
export class MetricsRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsRetentionService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfigService,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_RUN_DELAY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Deletes points older than the retention period; returns how many. */
  async runOnce(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.config.get('METRICS_RETENTION_DAYS') * DAY_MS).toISOString();
    let deleted = 0;
    while (!this.stopping) {
      const rows: Array<{ deleted: number }> = await this.dataSource.query(
        `WITH doomed AS (
           DELETE FROM metric_points WHERE ctid = ANY (ARRAY(SELECT ctid FROM metric_points WHERE ts < $1 LIMIT $2))
           RETURNING 1
         ) SELECT count(*)::int AS deleted FROM doomed`,
        [cutoff, DELETE_CHUNK_ROWS],
      );
      const chunk = rows[0]?.deleted ?? 0;
      deleted += chunk;
      if (chunk < DELETE_CHUNK_ROWS) break;
    }
    await this.dataSource.query(`DELETE FROM metric_ingest_requests WHERE created_at < $1`, [
      new Date(now - IDEMPOTENCY_KEY_TTL_DAYS * DAY_MS).toISOString(),
    ]);
    return deleted;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.running = this.runOnce();
    try {
      const deleted = await this.running;
      if (deleted > 0) {
        this.logger.log(`Deleted ${deleted} metric points older than ${this.config.get('METRICS_RETENTION_DAYS')} days.`);
      }
    } catch (error) {
      // The database may be briefly unreachable; the next run catches up.
      this.logger.warn(`Metric retention failed: ${(error as Error).message}`);
    } finally {
      this.running = null;
      this.schedule(RUN_INTERVAL_MS);
    }
  }
}
