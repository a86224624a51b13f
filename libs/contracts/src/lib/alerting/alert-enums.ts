/** How the points in a rule's window are combined (`last`: the newest point's value). */
export enum AlertAggregate {
  Avg = 'avg',
  Min = 'min',
  Max = 'max',
  Sum = 'sum',
  Count = 'count',
  P50 = 'p50',
  P95 = 'p95',
  P99 = 'p99',
  Last = 'last',
}
export const ALERT_AGGREGATES: readonly AlertAggregate[] = Object.values(AlertAggregate);

/** Breached when `value <op> threshold`. */
export enum AlertOperator {
  Gt = 'gt',
  Gte = 'gte',
  Lt = 'lt',
  Lte = 'lte',
}
export const ALERT_OPERATORS: readonly AlertOperator[] = Object.values(AlertOperator);

/** What a window without points means. */
export enum AlertNoData {
  /** Not breached: the rule goes (or stays) normal. */
  Ok = 'ok',
  /** Its own state, notified like firing. */
  NoData = 'nodata',
  /** Counts as breached. */
  Alerting = 'alerting',
}
export const ALERT_NO_DATA_MODES: readonly AlertNoData[] = Object.values(AlertNoData);

export enum AlertState {
  Normal = 'normal',
  Pending = 'pending',
  Firing = 'firing',
  NoData = 'nodata',
  Error = 'error',
}
export const ALERT_STATES: readonly AlertState[] = Object.values(AlertState);

export enum AlertSeverity {
  Critical = 'critical',
  Warning = 'warning',
  Info = 'info',
}
export const ALERT_SEVERITIES: readonly AlertSeverity[] = Object.values(AlertSeverity);

export enum NotificationChannelType {
  Webhook = 'webhook',
  Slack = 'slack',
  Email = 'email',
}
export const NOTIFICATION_CHANNEL_TYPES: readonly NotificationChannelType[] = Object.values(NotificationChannelType);

/** Why a notification is sent. */
export enum AlertNotificationKind {
  Firing = 'firing',
  Repeat = 'repeat',
  NoData = 'nodata',
  Resolved = 'resolved',
  Test = 'test',
}

export enum AlertDeliveryStatus {
  /** Stored, waiting for its (next) attempt. */
  Pending = 'pending',
  /** An attempt is in flight. */
  Sending = 'sending',
  Sent = 'sent',
  /** Every attempt failed (or the target was refused). */
  Failed = 'failed',
  /** A silence matched: never sent. */
  Suppressed = 'suppressed',
}

/** Most steps one preview evaluates. */
export const MAX_ALERT_PREVIEW_STEPS = 10_000;
/** Longest rule window. */
export const MAX_ALERT_WINDOW_MS = 7 * 86_400_000;
/** Longest `for` (and `keepFiringFor`). */
export const MAX_ALERT_FOR_MS = 86_400_000;
