import {
  AlertDeliveryDto,
  AlertDto,
  AlertEventDto,
  AlertPreviewResultDto,
  AlertRuleDto,
  formatDuration,
  NotificationChannelDto,
  NotificationChannelType,
  SilenceDto,
} from '@stress/contracts';
import { Preview } from './alert-preview';
import {
  AlertDeliveryRecord,
  AlertEventRecord,
  AlertRuleRecord,
  AlertRuleView,
  NotificationChannelRecord,
  SilenceRecord,
} from './alerting.types';
import { maskUrl } from './outbound-address';

export function toAlertRuleDto({ rule, warnings }: AlertRuleView): AlertRuleDto {
  return {
    id: rule.id,
    name: rule.name,
    model: rule.model,
    version: rule.version,
    metric: rule.metric,
    labels: rule.labels,
    agg: rule.agg,
    window: formatDuration(rule.windowMs),
    op: rule.op,
    threshold: rule.threshold,
    for: formatDuration(rule.forMs),
    keepFiringFor: formatDuration(rule.keepFiringForMs),
    repeatInterval: formatDuration(rule.repeatIntervalMs),
    severity: rule.severity,
    noData: rule.noData,
    channels: rule.channelIds,
    annotations: rule.annotations,
    enabled: rule.enabled,
    state: rule.state,
    stateSince: rule.stateSince.toISOString(),
    value: rule.lastValue,
    lastEvaluatedAt: rule.lastEvaluatedAt?.toISOString() ?? null,
    error: rule.lastError,
    warnings,
    createdBy: rule.createdBy,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

export function toAlertDto(rule: AlertRuleRecord): AlertDto {
  return {
    ruleId: rule.id,
    name: rule.name,
    model: rule.model,
    version: rule.lastVersion ?? rule.version,
    metric: rule.metric,
    severity: rule.severity,
    state: rule.state,
    value: rule.lastValue,
    threshold: rule.threshold,
    op: rule.op,
    since: rule.stateSince.toISOString(),
    error: rule.lastError,
  };
}

export function toAlertEventDto(event: AlertEventRecord): AlertEventDto {
  return {
    ruleId: event.ruleId,
    from: event.from,
    to: event.to,
    at: event.at.toISOString(),
    value: event.value,
    version: event.version,
    error: event.error,
  };
}

/** Secrets never leave; Slack URLs (the token is the path) and query strings are masked. */
export function toNotificationChannelDto(channel: NotificationChannelRecord): NotificationChannelDto {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    url: channel.url === null ? null : maskUrl(channel.url, channel.type === NotificationChannelType.Slack),
    hasSecret: channel.secret !== null,
    to: channel.recipients,
    createdBy: channel.createdBy,
    createdAt: channel.createdAt.toISOString(),
  };
}

export function toSilenceDto(silence: SilenceRecord, now = Date.now()): SilenceDto {
  return {
    id: silence.id,
    matchers: {
      ...(silence.ruleId ? { ruleId: silence.ruleId } : {}),
      ...(silence.model ? { model: silence.model } : {}),
      ...(silence.severity ? { severity: silence.severity } : {}),
    },
    startsAt: silence.startsAt.toISOString(),
    endsAt: silence.endsAt.toISOString(),
    comment: silence.comment,
    createdBy: silence.createdBy,
    createdAt: silence.createdAt.toISOString(),
    status: silence.endsAt.getTime() <= now ? 'expired' : silence.startsAt.getTime() > now ? 'pending' : 'active',
  };
}

export function toAlertDeliveryDto(delivery: AlertDeliveryRecord): AlertDeliveryDto {
  return {
    id: delivery.id,
    ruleId: delivery.ruleId,
    channelId: delivery.channelId,
    channelType: delivery.channelType,
    kind: delivery.kind,
    status: delivery.status,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    sentAt: delivery.sentAt?.toISOString() ?? null,
  };
}

export function toAlertPreviewDto(preview: Preview & { version: string | null }): AlertPreviewResultDto {
  return {
    version: preview.version,
    steps: preview.steps.map((step) => ({ at: new Date(step.atMs).toISOString(), value: step.value, state: step.state })),
    firing: preview.firing.map((span) => ({
      startsAt: new Date(span.startsAtMs).toISOString(),
      endsAt: span.endsAtMs === null ? null : new Date(span.endsAtMs).toISOString(),
    })),
  };
}
