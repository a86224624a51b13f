import { createHmac } from 'node:crypto';
import { AlertNotificationKind, AlertOperator, AlertSeverity } from '@stress/contracts';
import { emailMessage, fillTemplate, signature, slackBody, webhookBody } from './alert-payloads';
import { AlertNotification } from './alerting.types';

const firing: AlertNotification = {
  kind: AlertNotificationKind.Firing,
  ruleId: '6f1c1b8e-2a53-4f3e-9d55-0d7c7d5f0a11',
  ruleName: 'stress recall low',
  model: 'stress-detector',
  version: '1.2.0',
  metric: 'recall',
  severity: AlertSeverity.Critical,
  value: 0.71234567,
  threshold: 0.8,
  op: AlertOperator.Lt,
  status: 'firing',
  annotations: { summary: 'Recall is low' },
  startsAt: '2026-12-01T10:00:00.000Z',
  endsAt: null,
  at: '2026-12-01T10:00:00.000Z',
};

describe('fillTemplate', () => {
  it('fills the known names and leaves others', () => {
    expect(
      fillTemplate('Recall of {{model}} {{ version }} is {{value}} (< {{threshold}}), {{unknown}}', {
        rule: 'r',
        model: 'm',
        version: null,
        metric: 'recall',
        value: 0.5,
        threshold: 0.8,
      }),
    ).toBe('Recall of m production is 0.5 (< 0.8), {{unknown}}');
  });
});

describe('webhookBody', () => {
  it('has the fields of an Alertmanager version 4 webhook', () => {
    const body = webhookBody(firing, 'ops', 'https://monitor.example.com/') as { alerts: Array<Record<string, unknown>> } & Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'ops',
      groupLabels: { alertname: 'stress recall low' },
      commonLabels: { alertname: 'stress recall low', model: 'stress-detector', version: '1.2.0', metric: 'recall', severity: 'critical' },
      commonAnnotations: { summary: 'Recall is low' },
      externalURL: 'https://monitor.example.com',
    });
    expect(body.alerts[0]).toMatchObject({
      status: 'firing',
      startsAt: '2026-12-01T10:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://monitor.example.com/alerts/rules/6f1c1b8e-2a53-4f3e-9d55-0d7c7d5f0a11',
    });
    expect(body.alerts[0]?.['fingerprint']).toMatch(/^[0-9a-f]{16}$/);
    const resolved = webhookBody(
      { ...firing, status: 'resolved', kind: AlertNotificationKind.Resolved, endsAt: '2026-12-01T11:00:00.000Z' },
      'ops',
      '',
    ) as {
      alerts: Array<Record<string, unknown>>;
    } & Record<string, unknown>;
    expect(resolved['status']).toBe('resolved');
    expect(resolved.alerts[0]?.['endsAt']).toBe('2026-12-01T11:00:00.000Z');
    // Same labels, same alert: the fingerprint does not change when it resolves.
    expect(resolved.alerts[0]?.['fingerprint']).toBe(body.alerts[0]?.['fingerprint']);
  });
});

describe('signature', () => {
  it('is sha256= and the hex HMAC of the raw body', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(signature('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(signature('k', '{"a":1}')).toBe(`sha256=${createHmac('sha256', 'k').update('{"a":1}').digest('hex')}`);
  });
});

describe('slack and email', () => {
  it('titles firing and resolved notifications', () => {
    expect((slackBody(firing, '') as { text: string }).text).toMatch(
      /^\[FIRING\] stress recall low \(stress-detector 1\.2\.0\): recall = 0\.712346/,
    );
    const email = emailMessage({ ...firing, status: 'resolved', kind: AlertNotificationKind.Resolved }, 'https://m.example.com');
    expect(email.subject).toBe('[RESOLVED] stress recall low (stress-detector 1.2.0)');
    expect(email.text).toContain('summary: Recall is low');
    expect(email.html).toContain('<b>summary</b>: Recall is low');
  });

  it('escapes HTML in the email', () => {
    expect(emailMessage({ ...firing, annotations: { summary: '<script>' } }, '').html).toContain('&#60;script&#62;');
  });
});
