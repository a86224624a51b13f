import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { JobQueue } from '../jobs/job-queue.service';
import { pendingAuditEvents, resourceIdOf } from './audit-context';
import { AuditStore } from './audit.store';
import { AuditEventFilter, AuditEventRecord, NewAuditEvent } from './audit.types';

const DAY_MS = 86_400_000;
/** One run per hour across every worker process (and one soon after start-up). */
export const AUDIT_RETENTION_QUEUE = 'audit-retention';
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** Records audit events (in the change's transaction where it can) and enforces AUDIT_RETENTION_DAYS. */
@Injectable()
export class AuditService implements OnModuleInit {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly store: AuditStore,
    private readonly config: AppConfigService,
    private readonly jobs: JobQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.work(AUDIT_RETENTION_QUEUE, async () => {
      const deleted = await this.runRetentionOnce();
      if (deleted > 0) this.logger.log(`Deleted ${deleted} audit events older than ${this.config.get('AUDIT_RETENTION_DAYS')} days.`);
    });
    this.jobs.every(AUDIT_RETENTION_QUEUE, RETENTION_INTERVAL_MS);
  }

  /**
   * Runs a change in one transaction. Inside a request that changes something (see AuditInterceptor), the request's
   * audit event is inserted in the same transaction, after `work`: if the change fails, there is no event; if the
   * event cannot be written, the change is rolled back and the request fails. `work` must throw (not return) when it
   * finds nothing to change, so that a refused change leaves no event. Outside a request (jobs, the demo seed) it is a
   * plain transaction. Only the first such transaction of a request records the event.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const pending = pendingAuditEvents.getStore();
    const records = pending !== undefined && !pending.recorded;
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await work(manager);
      if (records) await this.store.insert({ ...pending.event, resourceId: resourceIdOf(value, pending.params) }, manager);
      return value;
    });
    if (records) pending.recorded = true;
    return result;
  }

  /**
   * Records the request's pending change now, for a handler that writes its own response (`@Res()`, e.g. a stream):
   * call it once the change has succeeded and before the response ends, so a client that has the whole answer also
   * finds the event. Does nothing outside a change or when the event is already recorded.
   */
  async recordPending(status: number, result?: unknown): Promise<void> {
    const pending = pendingAuditEvents.getStore();
    if (!pending || pending.recorded) return;
    pending.recorded = true;
    await this.record({ ...pending.event, status, resourceId: resourceIdOf(result, pending.params) });
  }

  /**
   * Records an event on its own (sign-ins, and changes whose route does not use `transaction`). A failure is logged,
   * never thrown: the change it describes has already been made and answered, and refusing it afterwards would not
   * undo it.
   */
  async record(event: NewAuditEvent): Promise<void> {
    try {
      await this.store.insert(event);
    } catch (error) {
      this.logger.error(`Could not record audit event ${event.method} ${event.route} by ${event.actor}: ${(error as Error).message}`);
    }
  }

  list(filter: AuditEventFilter): Promise<{ items: AuditEventRecord[]; total: number }> {
    return this.store.list(filter);
  }

  async runRetentionOnce(now = Date.now()): Promise<number> {
    return this.store.deleteBefore(new Date(now - this.config.get('AUDIT_RETENTION_DAYS') * DAY_MS));
  }
}
