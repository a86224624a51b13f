import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertState } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { JobQueue } from '../jobs/job-queue.service';
import { ObservabilityService } from '../observability/observability.service';
import { AlertEvaluationService } from './alert-evaluation.service';
import { AlertNotificationsService } from './alert-notifications.service';
import { AlertRulesStore } from './alert-rules.store';

/** One job per ALERTS_EVAL_INTERVAL_MS across all worker processes: evaluate every enabled rule. */
export const ALERT_EVALUATION_QUEUE = 'alert-evaluation';
/** One job per delivery attempt: `{ deliveryId }`. */
export const ALERT_NOTIFICATION_QUEUE = 'alert-notification';
/** Notification attempts sent at once by one worker process. */
const NOTIFICATION_CONCURRENCY = 4;

interface NotificationJob {
  deliveryId: string;
}

/**
 * Wires alerting to the durable job queue. The evaluation is a periodic job (`every`: once per interval
 * across processes; each rule's row lock guards it besides). Each delivery attempt is a job keyed by the
 * delivery (so one waits at most), scheduled after the evaluation commits and, for a retry, after its
 * backoff. The delivery row stays the record of attempts and the next attempt's time; the queue's own
 * retries only cover a handler that crashed. Each tick also queues deliveries that are due and have no job
 * (e.g. a process stopped between recording a failure and queueing the retry).
 */
@Injectable()
export class AlertJobsService implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly evaluation: AlertEvaluationService,
    private readonly notifications: AlertNotificationsService,
    private readonly config: AppConfigService,
    private readonly observability: ObservabilityService,
    private readonly rules: AlertRulesStore,
  ) {}

  onModuleInit(): void {
    this.observability.setAlertsFiringSource(() => this.rules.countsBySeverity(AlertState.Firing));
    this.notifications.setRetryScheduler((deliveryId, delayMs) => this.queueDelivery(deliveryId, delayMs));
    this.jobs.work(ALERT_EVALUATION_QUEUE, () => this.tick(new Date()));
    this.jobs.work<NotificationJob>(
      ALERT_NOTIFICATION_QUEUE,
      async ({ deliveryId }) => {
        await this.notifications.deliver(deliveryId);
      },
      { concurrency: NOTIFICATION_CONCURRENCY },
    );
    this.jobs.every(ALERT_EVALUATION_QUEUE, this.config.get('ALERTS_EVAL_INTERVAL_MS'));
  }

  /** One evaluation: every enabled rule at `now`, then a job for each delivery it stored and each one due. */
  async tick(now: Date): Promise<void> {
    const pass = await this.evaluation.evaluateAll(now);
    const due = await this.notifications.dueDeliveryIds();
    for (const deliveryId of new Set([...pass.deliveries, ...due])) await this.queueDelivery(deliveryId, 0);
  }

  private async queueDelivery(deliveryId: string, delayMs: number): Promise<void> {
    await this.jobs.send<NotificationJob>(
      ALERT_NOTIFICATION_QUEUE,
      { deliveryId },
      {
        singletonKey: deliveryId,
        startAfterSeconds: Math.ceil(delayMs / 1000),
        retryLimit: 3,
        retryDelaySeconds: 1,
        retryBackoff: true,
      },
    );
  }
}
