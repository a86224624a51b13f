import {
  AlertAggregate,
  AlertDeliveryStatus,
  AlertNoData,
  AlertNotificationKind,
  AlertOperator,
  AlertSeverity,
  AlertState,
  NotificationChannelType,
} from '@stress/contracts';

/** A rule as stored, durations in ms. */
export interface AlertRuleRecord {
  id: string;
  name: string;
  model: string;
  version: string | null;
  metric: string;
  labels: Record<string, string>;
  agg: AlertAggregate;
  windowMs: number;
  op: AlertOperator;
  threshold: number;
  forMs: number;
  keepFiringForMs: number;
  repeatIntervalMs: number;
  severity: AlertSeverity;
  noData: AlertNoData;
  channelIds: string[];
  annotations: Record<string, string>;
  enabled: boolean;
  state: AlertState;
  stateSince: Date;
  lastBreachAt: Date | null;
  lastNotifiedAt: Date | null;
  lastValue: number | null;
  lastVersion: string | null;
  lastError: string | null;
  lastEvaluatedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a caller sets (create, and each optional in an update). */
export type AlertRuleInput = Pick<
  AlertRuleRecord,
  | 'name'
  | 'model'
  | 'version'
  | 'metric'
  | 'labels'
  | 'agg'
  | 'windowMs'
  | 'op'
  | 'threshold'
  | 'forMs'
  | 'keepFiringForMs'
  | 'repeatIntervalMs'
  | 'severity'
  | 'noData'
  | 'channelIds'
  | 'annotations'
  | 'enabled'
>;

/** A rule with what GET reports about names not (yet) known. */
export interface AlertRuleView {
  rule: AlertRuleRecord;
  warnings: string[];
}

export interface AlertRuleListQuery {
  model?: string;
  state?: AlertState;
  severity?: AlertSeverity;
  limit: number;
  offset: number;
}

export interface AlertEventRecord {
  ruleId: string;
  from: AlertState;
  to: AlertState;
  at: Date;
  value: number | null;
  version: string | null;
  error: string | null;
}

export interface NotificationChannelRecord {
  id: string;
  name: string;
  type: NotificationChannelType;
  url: string | null;
  secret: string | null;
  recipients: string[];
  createdBy: string;
  createdAt: Date;
}

export type NotificationChannelInput = Pick<NotificationChannelRecord, 'name' | 'type' | 'url' | 'secret' | 'recipients'>;

export interface SilenceRecord {
  id: string;
  ruleId: string | null;
  model: string | null;
  severity: AlertSeverity | null;
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string;
  createdAt: Date;
}

export type SilenceInput = Pick<SilenceRecord, 'ruleId' | 'model' | 'severity' | 'startsAt' | 'endsAt' | 'comment'>;

/** What a notification says, stored with its delivery (so a retry sends the same thing). */
export interface AlertNotification {
  kind: AlertNotificationKind;
  ruleId: string | null;
  ruleName: string;
  model: string;
  version: string | null;
  metric: string;
  severity: AlertSeverity;
  value: number | null;
  threshold: number;
  op: AlertOperator;
  /** `firing`, `resolved` or `nodata` (Alertmanager knows only the first two; nodata is sent as firing). */
  status: 'firing' | 'resolved' | 'nodata';
  annotations: Record<string, string>;
  /** ISO 8601. */
  startsAt: string;
  /** ISO 8601, resolved only. */
  endsAt: string | null;
  /** ISO 8601: when the notification was made. */
  at: string;
}

export interface AlertDeliveryRecord {
  id: string;
  ruleId: string | null;
  channelId: string;
  channelType: NotificationChannelType;
  kind: AlertNotificationKind;
  payload: AlertNotification;
  status: AlertDeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The outcome of sending one notification to one channel. */
export interface SendOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  /** True when retrying cannot help (a refused target, a bad channel). */
  permanent?: boolean;
}
