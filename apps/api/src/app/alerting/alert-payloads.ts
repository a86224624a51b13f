import { createHash, createHmac } from 'node:crypto';
import { AlertOperator } from '@stress/contracts';
import { AlertNotification } from './alerting.types';

const OPERATOR_TEXT: Record<AlertOperator, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };
/** Alertmanager's "no end yet". */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Values the annotation templates may use. */
export interface TemplateValues {
  rule: string;
  model: string;
  version: string | null;
  metric: string;
  value: number | null;
  threshold: number;
}

function formatValue(value: number | null): string {
  if (value === null) return 'no data';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** Fills `{{model}}`, `{{version}}`, `{{metric}}`, `{{value}}`, `{{threshold}}`, `{{rule}}`; other `{{…}}` stay as written. */
export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    switch (name) {
      case 'rule':
        return values.rule;
      case 'model':
        return values.model;
      case 'version':
        return values.version ?? 'production';
      case 'metric':
        return values.metric;
      case 'value':
        return formatValue(values.value);
      case 'threshold':
        return formatValue(values.threshold);
      default:
        return whole;
    }
  });
}

/** The labels of the alert: what a receiver routes and groups on. */
export function alertLabels(notification: AlertNotification): Record<string, string> {
  const labels: Record<string, string> = {
    alertname: notification.ruleName,
    model: notification.model,
    version: notification.version ?? '',
    metric: notification.metric,
    severity: notification.severity,
  };
  if (notification.status === 'nodata') labels['alertstate'] = 'nodata';
  if (notification.ruleId) labels['rule_id'] = notification.ruleId;
  return labels;
}

/** Alertmanager's fingerprint is a hash of the sorted label set; ours is the first 16 hex digits of SHA-256 over it. */
export function fingerprint(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0000${labels[name]}`)
    .join('\u0001');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The body Alertmanager (webhook format version 4) would send for this notification. */
export function webhookBody(notification: AlertNotification, receiver: string, externalUrl: string): Record<string, unknown> {
  const labels = alertLabels(notification);
  const status = notification.status === 'resolved' ? 'resolved' : 'firing';
  const base = externalUrl.replace(/\/+$/, '');
  return {
    version: '4',
    groupKey: `{}:{alertname=${JSON.stringify(notification.ruleName)}}`,
    truncatedAlerts: 0,
    status,
    receiver,
    groupLabels: { alertname: notification.ruleName },
    commonLabels: labels,
    commonAnnotations: notification.annotations,
    externalURL: base,
    alerts: [
      {
        status,
        labels,
        annotations: notification.annotations,
        startsAt: notification.startsAt,
        endsAt: notification.endsAt ?? ZERO_TIME,
        generatorURL: notification.ruleId ? `${base}/alerts/rules/${notification.ruleId}` : `${base}/alerts`,
        fingerprint: fingerprint(labels),
      },
    ],
  };
}

/** `X-Signature-256` for a body: `sha256=` and the hex HMAC-SHA256 of the raw bytes with the channel's secret. */
export function signature(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** `[FIRING] stress recall low (stress-detector 1.2.0)` */
export function notificationTitle(notification: AlertNotification): string {
  const tag =
    notification.kind === 'test'
      ? 'TEST'
      : notification.status === 'resolved'
        ? 'RESOLVED'
        : notification.status === 'nodata'
          ? 'NO DATA'
          : 'FIRING';
  return `[${tag}] ${notification.ruleName} (${notification.model} ${notification.version ?? 'production'})`;
}

/** One line: what was measured against what. */
export function notificationDetail(notification: AlertNotification): string {
  const condition = `${notification.metric} ${OPERATOR_TEXT[notification.op]} ${formatValue(notification.threshold)}`;
  return `${notification.metric} = ${formatValue(notification.value)} (condition: ${condition}, severity ${notification.severity})`;
}

/** Slack incoming-webhook JSON: `text` (the fallback) plus blocks. */
export function slackBody(notification: AlertNotification, externalUrl: string): Record<string, unknown> {
  const title = notificationTitle(notification);
  const lines = [notificationDetail(notification), ...Object.entries(notification.annotations).map(([name, text]) => `*${name}*: ${text}`)];
  const link = notification.ruleId && externalUrl ? `${externalUrl.replace(/\/+$/, '')}/alerts/rules/${notification.ruleId}` : null;
  return {
    text: `${title}: ${notificationDetail(notification)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } },
      ...(link ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${link}|Open the rule>` }] }] : []),
    ],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Subject, text and HTML of the email. */
export function emailMessage(notification: AlertNotification, externalUrl: string): { subject: string; text: string; html: string } {
  const subject = notificationTitle(notification);
  const detail = notificationDetail(notification);
  const annotations = Object.entries(notification.annotations);
  const link = notification.ruleId && externalUrl ? `${externalUrl.replace(/\/+$/, '')}/alerts/rules/${notification.ruleId}` : null;
  const text = [detail, '', ...annotations.map(([name, value]) => `${name}: ${value}`), ...(link ? ['', link] : [])].join('\n');
  const html =
    `<p>${escapeHtml(detail)}</p>` +
    (annotations.length
      ? `<ul>${annotations.map(([name, value]) => `<li><b>${escapeHtml(name)}</b>: ${escapeHtml(value)}</li>`).join('')}</ul>`
      : '') +
    (link ? `<p><a href="${escapeHtml(link)}">Open the rule</a></p>` : '');
  return { subject, text, html };
}
