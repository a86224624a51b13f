import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfigService } from '../../config/app-config.service';
import { AuditStore } from './audit.store';
import { AuditEventFilter, AuditEventRecord, NewAuditEvent } from './audit.types';

const DAY_MS = 86_400_000;
const RUN_INTERVAL_MS = 60 * 60 * 1000;
const FIRST_RUN_DELAY_MS = 2_000;

/** Records audit events and enforces AUDIT_RETENTION_DAYS (hourly; the timer never keeps the process alive). */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly store: AuditStore,
    private readonly config: AppConfigService,
  ) {}

  /**
   * Records an event. A failure is logged, never thrown: the change it describes has already been made
   * and answered, and refusing it afterwards would not undo it.
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

  onApplicationBootstrap(): void {
    this.schedule(FIRST_RUN_DELAY_MS);
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const deleted = await this.runRetentionOnce();
      if (deleted > 0) this.logger.log(`Deleted ${deleted} audit events older than ${this.config.get('AUDIT_RETENTION_DAYS')} days.`);
    } catch (error) {
      this.logger.warn(`Audit retention failed: ${(error as Error).message}`);
    } finally {
      this.schedule(RUN_INTERVAL_MS);
    }
  }
}
