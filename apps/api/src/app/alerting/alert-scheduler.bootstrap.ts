import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfigService } from '../../config/app-config.service';
import { ObservabilityService } from '../observability/observability.service';
import { AlertEvaluationService } from './alert-evaluation.service';
import { AlertNotificationsService } from './alert-notifications.service';
import { AlertRulesStore } from './alert-rules.store';
import { AlertState } from '@stress/contracts';

/**
 * Runs the evaluation every ALERTS_EVAL_INTERVAL_MS in this process: each tick evaluates every enabled
 * rule (each under its row lock, so concurrent processes evaluate a rule once per tick), sends the
 * notifications it made, then sends deliveries that are due (retries, and any a stopped process left).
 * The timer never keeps the process alive and stops on shutdown.
 */
@Injectable()
export class AlertSchedulerBootstrap implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertSchedulerBootstrap.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly evaluation: AlertEvaluationService,
    private readonly notifications: AlertNotificationsService,
    private readonly config: AppConfigService,
    observability: ObservabilityService,
    rules: AlertRulesStore,
  ) {
    observability.setAlertsFiringSource(() => rules.countsBySeverity(AlertState.Firing));
  }

  onApplicationBootstrap(): void {
    this.schedule(Math.min(this.config.get('ALERTS_EVAL_INTERVAL_MS'), 2_000));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One tick: evaluate at `now`, send what it made, then what is due. */
  async tick(now = new Date()): Promise<void> {
    const pass = await this.evaluation.evaluateAll(now);
    for (const id of pass.deliveries) await this.notifications.deliver(id);
    await this.notifications.deliverDue();
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    const started = Date.now();
    this.running = this.tick(new Date(started));
    try {
      await this.running;
    } catch (error) {
      // The database may be briefly unreachable; the next tick catches up.
      this.logger.warn(`Alert evaluation failed: ${(error as Error).message}`);
    } finally {
      this.running = null;
      const interval = this.config.get('ALERTS_EVAL_INTERVAL_MS');
      this.schedule(Math.max(0, interval - (Date.now() - started)));
    }
  }
}
