import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';
import { HttpReceiver, SmtpSink, startHttpReceiver, startSmtpSink, validSignature, waitFor } from './alert-receivers';

interface Rule {
  id: string;
  state: string;
  value: number | null;
  error: string | null;
  warnings: string[];
  lastEvaluatedAt: string | null;
}
interface AlertEvent {
  from: string;
  to: string;
  at: string;
  value: number | null;
  version: string | null;
}
interface Delivery {
  createdAt: string;
  status: string;
  attempts: number;
  kind: string;
  lastError: string | null;
  channelType: string;
}
interface WebhookAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  generatorURL: string;
}

const SECRET = 'a-shared-secret-for-signing';
const MINUTE = 60_000;

let database: TestDatabase;
let api: ApiProcess;
let receiver: HttpReceiver;
let smtp: SmtpSink;
let admin: string;
let editor: string;
let viewer: string;
let webhookId: string;

async function registerModel(name: string, version: string, production: boolean): Promise<void> {
  await http(api.url, editor).post('/api/v1/models').send({ name, task: 'binary-classification' }).expect(201);
  await http(api.url, editor).post(`/api/v1/models/${name}/versions`).send({ version }).expect(201);
  if (production) await http(api.url, editor).patch(`/api/v1/models/${name}/versions/${version}`).send({ stage: 'production' }).expect(200);
}

async function push(model: string, version: string, name: string, values: Array<[number, number]>): Promise<void> {
  await http(api.url, editor)
    .post('/api/v1/metrics')
    .send({ points: values.map(([tsMs, value]) => ({ model, version, name, value, timestamp: new Date(tsMs).toISOString() })) })
    .expect(202);
}

async function createChannel(body: Record<string, unknown>): Promise<string> {
  const response = await http(api.url, admin).post('/api/v1/notification-channels').send(body).expect(201);
  return (response.body as { id: string }).id;
}

async function createRule(body: Record<string, unknown>): Promise<Rule> {
  const response = await http(api.url, editor)
    .post('/api/v1/alert-rules')
    .send({ agg: 'max', window: '1m', op: 'gt', threshold: 60, for: '0s', severity: 'warning', ...body });
  if (response.status !== 201) throw new Error(`rule refused: ${JSON.stringify(response.body)}`);
  return response.body as Rule;
}

const getRule = async (id: string): Promise<Rule> =>
  (await http(api.url, viewer).get(`/api/v1/alert-rules/${id}`).expect(200)).body as Rule;
const events = async (id: string): Promise<AlertEvent[]> =>
  ((await http(api.url, viewer).get(`/api/v1/alert-rules/${id}/events`).expect(200)).body as { items: AlertEvent[] }).items;
const deliveries = async (ruleId: string): Promise<Delivery[]> =>
  ((await http(api.url, viewer).get(`/api/v1/alert-deliveries?ruleId=${ruleId}`).expect(200)).body as { items: Delivery[] }).items;
const webhooksFor = (ruleId: string, path = '/hook') =>
  receiver.requests.filter((request) => request.path === path && request.raw.includes(ruleId));

beforeAll(async () => {
  receiver = await startHttpReceiver();
  smtp = await startSmtpSink();
  database = await createTestDatabase();
  api = await startApi({
    database,
    env: {
      THROTTLE_LIMIT: '100000',
      ALERTS_EVAL_INTERVAL_MS: '1000',
      ALERTS_RETRY_BASE_MS: '400',
      ALERTS_MAX_ATTEMPTS: '3',
      NOTIFY_ALLOW_LOOPBACK: 'true',
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Monitor <alerts@monitor.test>',
      PUBLIC_URL: 'http://monitor.test',
    },
  });
  admin = api.adminKey;
  editor = await createKey(api.url, admin, 'editor');
  viewer = await createKey(api.url, admin, 'viewer');
  webhookId = await createChannel({ name: 'ops-webhook', type: 'webhook', url: `${receiver.url}/hook`, secret: SECRET });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await database?.drop();
  await receiver?.close();
  await smtp?.close();
});

describe('rules: validation and roles', () => {
  it('refuses bad durations, bounds and unknown channels, naming the field', async () => {
    const base = { name: 'r', model: 'nobody', metric: 'recall', agg: 'avg', window: '1h', op: 'lt', threshold: 0.8 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ window: '1w' }, 'window'],
      [{ window: '8d' }, 'window'],
      [{ for: '25h' }, 'for'],
      [{ agg: 'median' }, 'agg'],
      [{ op: 'eq' }, 'op'],
      [{ noData: 'maybe' }, 'noData'],
      [{ channels: ['00000000-0000-4000-8000-000000000000'] }, 'channels'],
    ];
    for (const [change, field] of cases) {
      const response = await http(api.url, editor)
        .post('/api/v1/alert-rules')
        .send({ ...base, ...change })
        .expect(400);
      expectErrorShape(response.body, 400);
      expect((response.body as { details: Array<{ field: string }> }).details[0]?.field).toBe(field);
    }
    await http(api.url, viewer).post('/api/v1/alert-rules').send(base).expect(403);
  });

  it('accepts unknown model and metric names and says so, and filters the list', async () => {
    const unknownModel = await createRule({ name: 'later model', model: 'not-yet-registered', metric: 'recall', severity: 'info' });
    expect(unknownModel.warnings.join(' ')).toMatch(/model "not-yet-registered" is not registered/);
    await registerModel('known-model', '1', true);
    const unknownMetric = await createRule({ name: 'later metric', model: 'known-model', metric: 'not_yet', severity: 'info' });
    expect(unknownMetric.warnings.join(' ')).toMatch(/no metric "not_yet"/);

    const listed = await http(api.url, viewer).get('/api/v1/alert-rules?model=known-model&severity=info').expect(200);
    expect((listed.body as { items: Rule[]; total: number }).items.map((rule) => rule.id)).toEqual([unknownMetric.id]);

    // The unknown model puts the rule in error (with the reason); an unknown metric is just no data.
    const errored = await waitFor(
      'an error state',
      () => getRule(unknownModel.id),
      (rule) => rule.state === 'error',
    );
    expect(errored.error).toMatch(/not registered/);
    await http(api.url, editor).delete(`/api/v1/alert-rules/${unknownModel.id}`).expect(403);
    await http(api.url, admin).delete(`/api/v1/alert-rules/${unknownModel.id}`).expect(204);
    await http(api.url, viewer).get(`/api/v1/alert-rules/${unknownModel.id}`).expect(404);
    await http(api.url, admin).delete(`/api/v1/alert-rules/${unknownMetric.id}`).expect(204);
  });
});

describe('channels: refused targets and masking', () => {
  it('refuses link-local, metadata and non-http targets with a 400', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://[fe80::1]/x', 'file:///etc/passwd', 'ftp://example.com/x']) {
      const response = await http(api.url, admin)
        .post('/api/v1/notification-channels')
        .send({ name: 'bad', type: 'webhook', url })
        .expect(400);
      expectErrorShape(response.body, 400);
    }
    await http(api.url, editor)
      .post('/api/v1/notification-channels')
      .send({ name: 'x', type: 'slack', url: `${receiver.url}/s` })
      .expect(403);
  });

  it('never answers with secrets or tokenised URLs', async () => {
    const slackId = await createChannel({ name: 'slack', type: 'slack', url: `${receiver.url}/services/T000/B000/TOKENXYZ` });
    const slack = (await http(api.url, viewer).get(`/api/v1/notification-channels/${slackId}`).expect(200)).body as Record<string, unknown>;
    expect(slack['url']).toBe(`${receiver.url}/…`);
    const webhook = (await http(api.url, viewer).get(`/api/v1/notification-channels/${webhookId}`).expect(200)).body as Record<
      string,
      unknown
    >;
    expect(webhook['hasSecret']).toBe(true);
    const listed = await http(api.url, viewer).get('/api/v1/notification-channels').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain('TOKENXYZ');
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    await http(api.url, admin).delete(`/api/v1/notification-channels/${slackId}`).expect(204);
  });

  it('sends a signed test message and answers with the outcome', async () => {
    const before = receiver.requests.length;
    const response = await http(api.url, admin).post(`/api/v1/notification-channels/${webhookId}/test`).expect(200);
    expect(response.body).toEqual({ ok: true, status: 200, error: null });
    const request = receiver.requests[before];
    expect(request?.path).toBe('/hook');
    expect(validSignature(SECRET, request?.raw ?? '', request?.headers['x-signature-256'])).toBe(true);
  });
});

describe('evaluation and notifications', () => {
  it('goes pending, fires after `for`, notifies by signed webhook, Slack and email, and resolves', async () => {
    await registerModel('lat-model', '2.0.0', true);
    const slackId = await createChannel({ name: 'team-slack', type: 'slack', url: `${receiver.url}/slack` });
    const emailId = await createChannel({ name: 'on-call', type: 'email', to: ['oncall@example.com'] });
    const rule = await createRule({
      name: 'latency high',
      model: 'lat-model',
      version: null,
      metric: 'latency_ms',
      window: '4s',
      for: '2s',
      severity: 'critical',
      channels: [webhookId, slackId, emailId],
      annotations: { summary: 'Latency of {{model}} {{version}} is {{value}}' },
    });
    // Keep the condition true (a fresh 100 ms point every 300 ms) until the rule fires.
    let pushing = true;
    const pusher = (async () => {
      while (pushing) {
        await push('lat-model', '2.0.0', 'latency_ms', [[Date.now() - 100, 100]]);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    try {
      await waitFor(
        'firing',
        () => getRule(rule.id),
        (current) => current.state === 'firing',
      );
    } finally {
      pushing = false;
      await pusher;
    }
    const resolved = await waitFor(
      'resolved',
      () => getRule(rule.id),
      (current) => current.state === 'normal',
    );
    expect(resolved.value).toBeNull();

    const history = (await events(rule.id)).reverse();
    expect(history.map((event) => `${event.from}>${event.to}`)).toEqual(['normal>pending', 'pending>firing', 'firing>normal']);
    const [pending, firing] = history as [AlertEvent, AlertEvent];
    expect(Date.parse(firing.at) - Date.parse(pending.at)).toBeGreaterThanOrEqual(2_000);
    expect(firing.value).toBe(100);
    expect(firing.version).toBe('2.0.0');

    const hooks = await waitFor(
      'two webhooks',
      () => webhooksFor(rule.id),
      (found) => found.length >= 2,
    );
    for (const hook of hooks) expect(validSignature(SECRET, hook.raw, hook.headers['x-signature-256'])).toBe(true);
    const [firingHook, resolvedHook] = hooks.map((hook) => hook.body as Record<string, unknown> & { alerts: WebhookAlert[] });
    expect(firingHook).toMatchObject({ version: '4', status: 'firing', receiver: 'ops-webhook', externalURL: 'http://monitor.test' });
    expect(firingHook?.alerts[0]).toMatchObject({
      status: 'firing',
      labels: { alertname: 'latency high', model: 'lat-model', version: '2.0.0', metric: 'latency_ms', severity: 'critical' },
      annotations: { summary: 'Latency of lat-model 2.0.0 is 100' },
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: `http://monitor.test/alerts/rules/${rule.id}`,
    });
    expect(resolvedHook?.['status']).toBe('resolved');
    expect(resolvedHook?.alerts[0]?.fingerprint).toBe(firingHook?.alerts[0]?.fingerprint);
    expect(Date.parse(resolvedHook?.alerts[0]?.endsAt ?? '')).toBeGreaterThan(Date.parse(resolvedHook?.alerts[0]?.startsAt ?? ''));

    const slack = await waitFor(
      'two Slack messages',
      () => receiver.requests.filter((request) => request.path === '/slack'),
      (found) => found.length >= 2,
    );
    expect((slack[0]?.body as { text: string }).text).toMatch(/^\[FIRING\] latency high \(lat-model 2\.0\.0\)/);
    expect(Array.isArray((slack[0]?.body as { blocks: unknown[] }).blocks)).toBe(true);
    expect((slack[1]?.body as { text: string }).text).toMatch(/^\[RESOLVED\]/);

    const mails = await waitFor(
      'two emails',
      () => smtp.messages,
      (found) => found.length >= 2,
    );
    expect(mails[0]?.to).toEqual(['oncall@example.com']);
    expect(mails[0]?.from).toBe('alerts@monitor.test');
    expect(mails[0]?.raw).toMatch(/Subject: \[FIRING\] latency high \(lat-model 2\.0\.0\)/);
    expect(mails[0]?.raw).toMatch(/Content-Type: text\/html/);
    expect(mails[0]?.raw).toMatch(/Content-Type: text\/plain/);
    expect(mails[1]?.raw).toMatch(/Subject: \[RESOLVED\] latency high/);

    const sent = await waitFor(
      '6 deliveries sent',
      () => deliveries(rule.id),
      (found) => found.filter((delivery) => delivery.status === 'sent').length === 6,
    );
    expect(sent.map((delivery) => delivery.channelType).sort()).toEqual(['email', 'email', 'slack', 'slack', 'webhook', 'webhook']);

    const metrics = await http(api.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/alert_notifications_total\{channel_type="email",outcome="sent"\} 2/);
    expect(metrics.text).toMatch(/alerts_firing\{severity="critical"\} 0/);
  });

  it('computes the window aggregate in the database as by hand (p95 by linear interpolation)', async () => {
    await registerModel('agg-model', '1', false);
    const now = Date.now();
    // Values 1..10 within the last 30 minutes: p95 at position 0.95 × 9 = 8.55 → 9 + 0.55 × (10 − 9) = 9.55.
    await push(
      'agg-model',
      '1',
      'score',
      Array.from({ length: 10 }, (_, index) => [now - (index + 1) * MINUTE, 10 - index] as [number, number]),
    );
    const rule = await createRule({
      name: 'p95',
      model: 'agg-model',
      version: '1',
      metric: 'score',
      agg: 'p95',
      window: '1h',
      threshold: 100,
    });
    const evaluated = await waitFor(
      'an evaluation',
      () => getRule(rule.id),
      (current) => current.lastEvaluatedAt !== null,
    );
    expect(evaluated.state).toBe('normal');
    expect(evaluated.value).toBeCloseTo(9.55, 9);
    await http(api.url, editor).patch(`/api/v1/alert-rules/${rule.id}`).send({ agg: 'count', enabled: false }).expect(200);
  });

  it('repeats the notification every repeatInterval while firing', async () => {
    await registerModel('repeat-model', '1', false);
    await push('repeat-model', '1', 'errors', [[Date.now() - 1000, 5]]);
    const rule = await createRule({
      name: 'repeating',
      model: 'repeat-model',
      version: '1',
      metric: 'errors',
      window: '10m',
      threshold: 1,
      repeatInterval: '2s',
      channels: [webhookId],
    });
    const hooks = await waitFor(
      'three notifications',
      () => webhooksFor(rule.id),
      (found) => found.length >= 3,
    );
    expect(hooks.slice(0, 3).map((hook) => hook.body['status'])).toEqual(['firing', 'firing', 'firing']);
    // Each repeat is made at least repeatInterval (2 s) after the one before, by the evaluation's clock.
    const made = (await deliveries(rule.id)).reverse().slice(0, 3);
    expect(made.map((delivery) => delivery.kind)).toEqual(['firing', 'repeat', 'repeat']);
    expect(Date.parse(made[1]?.createdAt ?? '') - Date.parse(made[0]?.createdAt ?? '')).toBeGreaterThanOrEqual(2_000);
    expect(Date.parse(made[2]?.createdAt ?? '') - Date.parse(made[1]?.createdAt ?? '')).toBeGreaterThanOrEqual(2_000);
    await http(api.url, editor).patch(`/api/v1/alert-rules/${rule.id}`).send({ enabled: false }).expect(200);
  });

  it('applies each noData mode', async () => {
    await registerModel('quiet-model', '1', false);
    const base = { model: 'quiet-model', version: '1', metric: 'silent_metric', window: '1m' };
    const ok = await createRule({ ...base, name: 'nodata ok', noData: 'ok' });
    const nodata = await createRule({ ...base, name: 'nodata own state', noData: 'nodata', channels: [webhookId] });
    const alerting = await createRule({ ...base, name: 'nodata alerting', noData: 'alerting' });
    await waitFor(
      'nodata',
      () => getRule(nodata.id),
      (rule) => rule.state === 'nodata',
    );
    await waitFor(
      'alerting',
      () => getRule(alerting.id),
      (rule) => rule.state === 'firing',
    );
    const quiet = await waitFor(
      'evaluated',
      () => getRule(ok.id),
      (rule) => rule.lastEvaluatedAt !== null,
    );
    expect(quiet.state).toBe('normal');
    const [hook] = await waitFor(
      'a nodata webhook',
      () => webhooksFor(nodata.id),
      (found) => found.length >= 1,
    );
    expect((hook?.body as { alerts: WebhookAlert[] }).alerts[0]?.labels['alertstate']).toBe('nodata');

    const current = (await http(api.url, viewer).get('/api/v1/alerts').expect(200)).body as {
      items: Array<{ ruleId: string; state: string }>;
      firing: number;
    };
    expect(current.firing).toBeGreaterThanOrEqual(1);
    // Firing first.
    const states = current.items.map((item) => item.state);
    expect(states.indexOf('firing')).toBe(0);
    expect(states.lastIndexOf('firing')).toBeLessThan(states.indexOf('normal'));
    for (const rule of [ok, nodata, alerting])
      await http(api.url, editor).patch(`/api/v1/alert-rules/${rule.id}`).send({ enabled: false }).expect(200);
  });

  it('records notifications a silence matches as suppressed and sends nothing; states still change', async () => {
    await registerModel('silenced-model', '1', false);
    const silence = await http(api.url, editor)
      .post('/api/v1/silences')
      .send({
        matchers: { model: 'silenced-model' },
        startsAt: new Date(Date.now() - MINUTE).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        comment: 'maintenance',
      })
      .expect(201);
    expect((silence.body as { status: string }).status).toBe('active');
    await push('silenced-model', '1', 'errors', [[Date.now() - 1000, 5]]);
    const rule = await createRule({
      name: 'silenced',
      model: 'silenced-model',
      version: '1',
      metric: 'errors',
      window: '10m',
      threshold: 1,
      channels: [webhookId],
    });
    await waitFor(
      'firing',
      () => getRule(rule.id),
      (current) => current.state === 'firing',
    );
    const [delivery] = await waitFor(
      'a suppressed delivery',
      () => deliveries(rule.id),
      (found) => found.length >= 1,
    );
    expect(delivery?.status).toBe('suppressed');
    expect(webhooksFor(rule.id)).toEqual([]);

    // Expired, the next notification (a repeat) is sent.
    const expired = await http(api.url, editor)
      .delete(`/api/v1/silences/${(silence.body as { id: string }).id}`)
      .expect(200);
    expect((expired.body as { status: string }).status).toBe('expired');
    await http(api.url, editor).patch(`/api/v1/alert-rules/${rule.id}`).send({ repeatInterval: '1s' }).expect(200);
    await waitFor(
      'a webhook after the silence',
      () => webhooksFor(rule.id),
      (found) => found.length >= 1,
    );
    await http(api.url, editor).patch(`/api/v1/alert-rules/${rule.id}`).send({ enabled: false }).expect(200);
  });

  it('retries a failing receiver with exponential backoff, then gives up after ALERTS_MAX_ATTEMPTS', async () => {
    await registerModel('flaky-model', '1', false);
    const flakyId = await createChannel({ name: 'flaky', type: 'webhook', url: `${receiver.url}/flaky` });
    const downId = await createChannel({ name: 'down', type: 'webhook', url: `${receiver.url}/down` });
    receiver.failNext('/flaky', 2);
    receiver.failNext('/down', Infinity);
    await push('flaky-model', '1', 'errors', [[Date.now() - 1000, 5]]);
    const rule = await createRule({
      name: 'flaky',
      model: 'flaky-model',
      version: '1',
      metric: 'errors',
      window: '10m',
      threshold: 1,
      channels: [flakyId, downId],
    });

    const done = await waitFor(
      'both deliveries finished',
      () => deliveries(rule.id),
      (found) => found.length === 2 && found.every((delivery) => delivery.status === 'sent' || delivery.status === 'failed'),
    );
    const byType = done.map((delivery) => [delivery.status, delivery.attempts]).sort();
    expect(byType).toEqual([
      ['failed', 3],
      ['sent', 3],
    ]);
    expect(done.find((delivery) => delivery.status === 'failed')?.lastError).toMatch(/attempt 3: HTTP 500/);
    const attempts = webhooksFor(rule.id, '/flaky');
    expect(attempts).toHaveLength(3);
    // Backoff: ALERTS_RETRY_BASE_MS (400) before the first retry, twice that before the second.
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(400);
    expect((attempts[2]?.at ?? 0) - (attempts[1]?.at ?? 0)).toBeGreaterThanOrEqual(800);
    await http(api.url, editor).patch(`/api/v1/alert-rules/${rule.id}`).send({ enabled: false }).expect(200);
  });
});

describe('preview', () => {
  it('evaluates the rule at every step over known data', async () => {
    await registerModel('preview-model', '1', true);
    // One point a minute from t0: 1 1 1 9 9 9 9 1 1 1.
    const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MINUTE) * MINUTE;
    const values = [1, 1, 1, 9, 9, 9, 9, 1, 1, 1];
    await push(
      'preview-model',
      '1',
      'drift_share',
      values.map((value, index) => [t0 + index * MINUTE, value] as [number, number]),
    );
    const response = await http(api.url, editor)
      .post('/api/v1/alert-rules/preview')
      .send({
        name: 'preview',
        model: 'preview-model',
        metric: 'drift_share',
        agg: 'max',
        window: '2m',
        op: 'gt',
        threshold: 5,
        for: '1m',
        from: new Date(t0 + MINUTE).toISOString(),
        to: new Date(t0 + 11 * MINUTE).toISOString(),
        step: '1m',
      })
      .expect(200);
    const body = response.body as { version: string; steps: Array<{ at: string; value: number | null; state: string }>; firing: unknown[] };
    // By hand: at t the window is [t − 2m, t); breached from t0+4m (pending), firing at t0+5m, resolved at t0+9m.
    expect(body.version).toBe('1');
    expect(body.steps.map((step) => step.value)).toEqual([1, 1, 1, 9, 9, 9, 9, 9, 1, 1, 1]);
    expect(body.steps.map((step) => step.state)).toEqual([
      'normal',
      'normal',
      'normal',
      'pending',
      'firing',
      'firing',
      'firing',
      'firing',
      'normal',
      'normal',
      'normal',
    ]);
    expect(body.firing).toEqual([{ startsAt: new Date(t0 + 5 * MINUTE).toISOString(), endsAt: new Date(t0 + 9 * MINUTE).toISOString() }]);

    // avg over all ten points: (6 × 1 + 4 × 9) / 10 = 4.2.
    const single = await http(api.url, editor)
      .post('/api/v1/alert-rules/preview')
      .send({
        name: 'p',
        model: 'preview-model',
        metric: 'drift_share',
        agg: 'avg',
        window: '10m',
        op: 'gt',
        threshold: 5,
        from: new Date(t0 + 10 * MINUTE).toISOString(),
        to: new Date(t0 + 10 * MINUTE + 1000).toISOString(),
        step: '1m',
      })
      .expect(200);
    expect((single.body as { steps: Array<{ value: number }> }).steps.map((step) => step.value)).toEqual([4.2]);

    const tooMany = await http(api.url, editor)
      .post('/api/v1/alert-rules/preview')
      .send({
        name: 'p',
        model: 'preview-model',
        metric: 'drift_share',
        agg: 'avg',
        window: '1m',
        op: 'gt',
        threshold: 5,
        from: new Date(t0 - 30 * 86_400_000).toISOString(),
        to: new Date(t0).toISOString(),
        step: '1m',
      })
      .expect(400);
    expect((tooMany.body as { message: string }).message).toMatch(/10000/);
  });
});
