import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfigService } from '../../config/app-config.service';
import { DatabaseConnection } from '../../database/database-options';
import { PgBoss } from './pg-boss-adapter';
import { hasRole } from './process-roles';

export const JOBS_DATABASE = Symbol('JOBS_DATABASE');

export interface SendJobOptions {
  /** With a `singletonKey`, a queue holds at most one waiting and one running job per key. */
  singletonKey?: string;
  startAfterSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  priority?: number;
}

export interface WorkOptions {
  /** Jobs of this queue run at once in this process. */
  concurrency?: number;
}

type Handler = (data: never) => Promise<void>;

interface Registration {
  queue: string;
  handler: Handler;
  options: WorkOptions;
}

/** Job tables live in their own schema, next to the application's tables. */
const JOBS_SCHEMA = 'pgboss';
/** Waits this long for running jobs when the process stops; the rest are retried by another process. */
const STOP_GRACE_MS = 20_000;

/**
 * Durable jobs in PostgreSQL (pg-boss: `SKIP LOCKED` fetches, retries, heartbeats), on the server and on
 * the embedded database alike. Every process can send; only processes with the `worker` role
 * (PROCESS_ROLES) run handlers. Queues use the `stately` policy: per singleton key at most one job
 * waits and one runs, so a window is never computed twice at the same time, across processes.
 *
 * Register handlers and periodic jobs in `onModuleInit`; they start when the application has started.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly registrations: Registration[] = [];
  private readonly periodic: Array<{ queue: string; intervalMs: number }> = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly queues = new Set<string>();
  private boss: PgBoss | null = null;
  private started: Promise<PgBoss> | null = null;

  constructor(
    @Inject(JOBS_DATABASE) private readonly database: DatabaseConnection,
    private readonly config: AppConfigService,
  ) {}

  get runsWorkers(): boolean {
    return hasRole(this.config.get('PROCESS_ROLES'), 'worker');
  }

  /** Runs `handler` for the queue's jobs in worker processes; a thrown error retries the job. */
  work<T>(queue: string, handler: (data: T) => Promise<void>, options: WorkOptions = {}): void {
    this.queues.add(queue);
    this.registrations.push({ queue, handler: handler as Handler, options });
  }

  /**
   * One job of `queue` per interval across every worker process (each process ticks; the database
   * lets one job through per interval slot), so a periodic task runs once, not once per replica.
   */
  every(queue: string, intervalMs: number): void {
    this.queues.add(queue);
    this.periodic.push({ queue, intervalMs });
  }

  /** Queues a job; null when a job with the same singleton key is already waiting. */
  async send<T extends object>(queue: string, data: T, options: SendJobOptions = {}): Promise<string | null> {
    const boss = await this.ready();
    return boss.send(queue, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
      ...(options.retryDelaySeconds !== undefined ? { retryDelay: options.retryDelaySeconds } : {}),
      ...(options.retryBackoff !== undefined ? { retryBackoff: options.retryBackoff } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    });
  }

  /** Jobs waiting or running per queue (for /metrics and the docs' scaling advice). */
  async depth(queue: string): Promise<{ queued: number; active: number }> {
    const boss = await this.ready();
    const found = await boss.getQueue(queue);
    return { queued: found?.queuedCount ?? 0, active: found?.activeCount ?? 0 };
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.ready();
    if (!this.runsWorkers) return;
    for (const { queue, handler, options } of this.registrations) {
      await boss.work(
        queue,
        { localConcurrency: options.concurrency ?? 1, pollingIntervalSeconds: 0.5 },
        async (jobs: Array<{ data: unknown }>) => {
          for (const job of jobs) await handler(job.data as never);
        },
      );
    }
    for (const { queue, intervalMs } of this.periodic) {
      const seconds = Math.max(1, Math.round(intervalMs / 1000));
      const tick = () =>
        boss
          .sendThrottled(queue, {}, null, seconds, 'tick')
          .catch((error: Error) => this.logger.warn(`Could not schedule ${queue}: ${error.message}`));
      void tick();
      const timer = setInterval(tick, intervalMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    const boss = this.boss;
    this.boss = null;
    this.started = null;
    if (boss) await boss.stop({ graceful: true, timeout: STOP_GRACE_MS }).catch(() => undefined);
  }

  private ready(): Promise<PgBoss> {
    this.started ??= this.start();
    return this.started;
  }

  private async start(): Promise<PgBoss> {
    const heartbeatSeconds = this.config.get('JOB_HEARTBEAT_SECONDS');
    const boss = new PgBoss({
      connectionString: this.database.url,
      schema: JOBS_SCHEMA,
      application_name: 'stress-ai-monitoring-jobs',
      // Few connections: jobs are few and long; the application's pool serves the requests.
      max: this.database.embedded ? 2 : 4,
      // A killed worker's job is failed (and retried) once its heartbeat is this overdue.
      superviseIntervalSeconds: Math.max(1, Math.floor(heartbeatSeconds / 3)),
      monitorIntervalSeconds: Math.max(1, Math.floor(heartbeatSeconds / 3)),
    });
    boss.on('error', (error: Error) => this.logger.warn(`Job queue: ${error.message}`));
    await boss.start();
    for (const queue of this.queues) {
      await boss.createQueue(queue, {
        policy: 'stately',
        heartbeatSeconds,
        retryLimit: 5,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: 3_600,
      });
    }
    this.boss = boss;
    return boss;
  }
}
