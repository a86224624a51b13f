import { BadRequestException, Injectable, Logger, NotFoundException, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AlertDeliveryStatus,
  AlertNotificationKind,
  AlertOperator,
  AlertSeverity,
  CreateNotificationChannelDto,
  CreateSilenceDto,
  NotificationChannelType,
} from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { AuditService } from '../audit/audit.service';
import { ObservabilityService } from '../observability/observability.service';
import { emailMessage, signature, slackBody, webhookBody } from './alert-payloads';
import { AlertNotificationsStore } from './alert-notifications.store';
import { AlertDeliveryRecord, AlertNotification, NotificationChannelRecord, SendOutcome, SilenceRecord } from './alerting.types';
import { EmailTransport, smtpTransport } from './email-transport';
import { checkTarget, NOTIFY_TIMEOUT_MS, postJson, RefusedTargetError } from './notification-sender';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An attempt's claim on a delivery expires after this (a process that died mid-send). */
const DELIVERY_LEASE_MS = 6 * NOTIFY_TIMEOUT_MS;
/** Deliveries picked up per pass of the due-delivery sweep. */
const DUE_BATCH = 100;

function problem(field: string, message: string): BadRequestException {
  return new BadRequestException({ message: `${field}: ${message}`, details: [{ field, message }] });
}

function channelNotFound(id: string): NotFoundException {
  return new NotFoundException(`Notification channel ${id} not found. List channels with GET /api/v1/notification-channels.`);
}

/**
 * Notification channels, silences and deliveries. A notification is stored as one delivery per channel
 * (suppressed when a silence matches) in the evaluation's transaction, then sent with retries.
 */
@Injectable()
export class AlertNotificationsService implements OnApplicationShutdown {
  private readonly logger = new Logger(AlertNotificationsService.name);
  private email: EmailTransport | null = null;
  /** Queues a delivery's next attempt (set by AlertJobsService); without it the next tick's sweep finds it due. */
  private scheduleRetry: (deliveryId: string, delayMs: number) => Promise<void> = async () => undefined;

  constructor(
    private readonly store: AlertNotificationsStore,
    private readonly config: AppConfigService,
    private readonly observability: ObservabilityService,
    private readonly audit: AuditService,
  ) {}

  onApplicationShutdown(): void {
    this.email?.close();
  }

  /** How retries are scheduled (the job queue, from AlertJobsService). */
  setRetryScheduler(schedule: (deliveryId: string, delayMs: number) => Promise<void>): void {
    this.scheduleRetry = schedule;
  }

  // channels

  async createChannel(body: CreateNotificationChannelDto, actor: string): Promise<NotificationChannelRecord> {
    const allowLoopback = this.config.get('NOTIFY_ALLOW_LOOPBACK');
    let url: string | null = null;
    let recipients: string[] = [];
    if (body.type === NotificationChannelType.Email) {
      if (!body.to?.length) throw problem('to', 'an email channel needs at least one recipient');
      if (body.url !== undefined || body.secret !== undefined) throw problem('url', 'an email channel has no url or secret');
      recipients = body.to;
    } else {
      if (!body.url) throw problem('url', `a ${body.type} channel needs an http(s) url`);
      if (body.to !== undefined) throw problem('to', `a ${body.type} channel has no recipients`);
      if (body.type === NotificationChannelType.Slack && body.secret !== undefined)
        throw problem('secret', 'a Slack channel has no secret');
      const refused = await checkTarget(body.url, allowLoopback);
      if (refused) throw problem('url', `refused target: ${refused}`);
      url = body.url;
    }
    const input = { name: body.name.trim(), type: body.type, url, secret: body.secret ?? null, recipients };
    return this.audit.transaction((manager) => this.store.insertChannel(input, actor, manager));
  }

  async getChannel(id: string): Promise<NotificationChannelRecord> {
    const channel = UUID_PATTERN.test(id) ? await this.store.findChannel(id) : null;
    if (!channel) throw channelNotFound(id);
    return channel;
  }

  listChannels(limit: number, offset: number): Promise<{ items: NotificationChannelRecord[]; total: number }> {
    return this.store.listChannels(limit, offset);
  }

  async deleteChannel(id: string): Promise<void> {
    if (!UUID_PATTERN.test(id)) throw channelNotFound(id);
    await this.audit.transaction(async (manager) => {
      if (!(await this.store.deleteChannel(id, manager))) throw channelNotFound(id);
    });
  }

  /** Sends a test notification now (not stored, not retried) and answers with the outcome. */
  async testChannel(id: string): Promise<SendOutcome> {
    const channel = await this.getChannel(id);
    const now = new Date().toISOString();
    const outcome = await this.send(channel, {
      kind: AlertNotificationKind.Test,
      ruleId: null,
      ruleName: 'Test notification',
      model: 'test-model',
      version: '1',
      metric: 'test_metric',
      severity: AlertSeverity.Info,
      value: 1,
      threshold: 0,
      op: AlertOperator.Gt,
      status: 'firing',
      annotations: { summary: `A test of notification channel "${channel.name}".` },
      startsAt: now,
      endsAt: null,
      at: now,
    });
    this.observability.recordAlertDelivery(channel.type, outcome.ok ? 'sent' : 'failed');
    return outcome;
  }

  // silences

  async createSilence(body: CreateSilenceDto, actor: string): Promise<SilenceRecord> {
    const { ruleId, model, severity } = body.matchers;
    if (ruleId === undefined && model === undefined && severity === undefined) {
      throw problem('matchers', 'give at least one of ruleId, model, severity (a silence of everything is refused)');
    }
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    if (!(endsAt > startsAt)) throw problem('endsAt', 'must be after startsAt');
    const input = { ruleId: ruleId ?? null, model: model ?? null, severity: severity ?? null, startsAt, endsAt, comment: body.comment };
    return this.audit.transaction((manager) => this.store.insertSilence(input, actor, manager));
  }

  listSilences(limit: number, offset: number): Promise<{ items: SilenceRecord[]; total: number }> {
    return this.store.listSilences(limit, offset);
  }

  async expireSilence(id: string): Promise<SilenceRecord> {
    const notFound = () => new NotFoundException(`Silence ${id} not found. List silences with GET /api/v1/silences.`);
    if (!UUID_PATTERN.test(id)) throw notFound();
    return this.audit.transaction(async (manager) => {
      const silence = await this.store.expireSilence(id, manager);
      if (!silence) throw notFound();
      return silence;
    });
  }

  // deliveries

  listDeliveries(ruleId: string | undefined, limit: number, offset: number): Promise<{ items: AlertDeliveryRecord[]; total: number }> {
    return this.store.listDeliveries(ruleId, limit, offset);
  }

  /**
   * Stores one delivery per channel inside the caller's transaction: `suppressed` when a silence
   * matches, else `pending` (due now). Returns the pending ones' ids, to send after the commit.
   */
  async enqueue(manager: EntityManager, channelIds: readonly string[], notification: AlertNotification): Promise<string[]> {
    const channels = await this.store.findChannels(channelIds, manager);
    if (channels.length === 0) return [];
    const at = new Date(notification.at);
    const silenced = await this.store.silenced(manager, notification.ruleId, notification.model, notification.severity, at);
    const pending: string[] = [];
    for (const channel of channels) {
      const status = silenced ? AlertDeliveryStatus.Suppressed : AlertDeliveryStatus.Pending;
      const id = await this.store.insertDelivery(manager, {
        ruleId: notification.ruleId,
        channelId: channel.id,
        channelType: channel.type,
        payload: notification,
        status,
        at,
      });
      if (silenced) this.observability.recordAlertDelivery(channel.type, 'suppressed');
      else pending.push(id);
    }
    return pending;
  }

  /**
   * One attempt at a delivery, if it is due and no other process holds it. A failure is retried after
   * ALERTS_RETRY_BASE_MS × 2^(attempt − 1), up to ALERTS_MAX_ATTEMPTS attempts; a refused target is not retried.
   * Returns the outcome, or null when there was nothing to do.
   */
  async deliver(id: string): Promise<SendOutcome | null> {
    const delivery = await this.store.claimDelivery(id, DELIVERY_LEASE_MS);
    if (!delivery) return null;
    const channel = await this.store.findChannel(delivery.channelId);
    const outcome: SendOutcome = channel
      ? await this.send(channel, delivery.payload)
      : { ok: false, status: null, error: 'the channel was deleted', permanent: true };
    if (outcome.ok) {
      await this.store.markSent(id);
      this.observability.recordAlertDelivery(delivery.channelType, 'sent');
      return outcome;
    }
    const maxAttempts = this.config.get('ALERTS_MAX_ATTEMPTS');
    const retryInMs =
      outcome.permanent || delivery.attempts >= maxAttempts ? null : this.config.get('ALERTS_RETRY_BASE_MS') * 2 ** (delivery.attempts - 1);
    const error = `attempt ${delivery.attempts}: ${outcome.error ?? 'failed'}`;
    await this.store.markFailed(id, error, retryInMs === null ? null : new Date(Date.now() + retryInMs));
    if (retryInMs === null) {
      this.observability.recordAlertDelivery(delivery.channelType, 'failed');
      this.logger.warn(`Alert delivery ${id} failed for good after ${delivery.attempts} attempt(s): ${outcome.error}`);
    } else {
      this.observability.recordAlertDelivery(delivery.channelType, 'retried');
      // If this fails the delivery is still due in the table: the next evaluation tick queues it.
      await this.scheduleRetry(id, retryInMs).catch((error: Error) =>
        this.logger.warn(`Could not queue the retry of ${id}: ${error.message}`),
      );
    }
    return outcome;
  }

  /** Ids of deliveries that are due (retries whose time has come, and those a stopped process left mid-send). */
  dueDeliveryIds(): Promise<string[]> {
    return this.store.dueDeliveries(DUE_BATCH);
  }

  /** Sends a notification to a channel; never throws. */
  private async send(channel: NotificationChannelRecord, notification: AlertNotification): Promise<SendOutcome> {
    const externalUrl = this.config.get('PUBLIC_URL') ?? '';
    const allowLoopback = this.config.get('NOTIFY_ALLOW_LOOPBACK');
    try {
      if (channel.type === NotificationChannelType.Email) {
        const smtpUrl = this.config.get('SMTP_URL');
        if (!smtpUrl) return { ok: false, status: null, error: 'SMTP_URL is not set: email channels cannot send', permanent: true };
        this.email ??= smtpTransport(smtpUrl, NOTIFY_TIMEOUT_MS);
        await this.email.send({ from: this.config.get('SMTP_FROM'), to: channel.recipients, ...emailMessage(notification, externalUrl) });
        return { ok: true, status: null, error: null };
      }
      const body = JSON.stringify(
        channel.type === NotificationChannelType.Slack
          ? slackBody(notification, externalUrl)
          : webhookBody(notification, channel.name, externalUrl),
      );
      const headers: Record<string, string> = channel.secret ? { 'x-signature-256': signature(channel.secret, body) } : {};
      const answer = await postJson(channel.url as string, body, headers, allowLoopback);
      if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status, error: null };
      return { ok: false, status: answer.status, error: `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 200)}` : ''}` };
    } catch (error) {
      const refused = error instanceof RefusedTargetError;
      return {
        ok: false,
        status: null,
        error: refused ? `refused target: ${(error as Error).message}` : (error as Error).message,
        permanent: refused,
      };
    }
  }
}
