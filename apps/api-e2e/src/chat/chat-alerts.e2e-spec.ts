import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, http } from '../support/http';

/* "Is anything firing?" in rules mode, through the real alert rules, their evaluation and their stored events. */

interface AlertList {
  items: Array<{ ruleId: string; state: string; value: number | null }>;
  firing: number;
}
interface AlertEvent {
  from: string;
  to: string;
  at: string;
}

describe('assistant: alerts in rules mode', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let editor: string;
  let viewer: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000', ALERTS_EVAL_INTERVAL_MS: '1000' } });
    editor = await createKey(api.url, api.adminKey, 'editor');
    viewer = await createKey(api.url, api.adminKey, 'viewer');
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const ask = async (message: string) => {
    const response = await http(api.url, viewer).post('/api/v1/chat').send({ message }).expect(200);
    expect(response.body.mode).toBe('rules');
    return response.body as { reply: string; toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> };
  };

  it('says no rule is enabled, then which rule fires and when it changed state', async () => {
    expect((await ask('Is anything firing?')).reply).toMatch(/^No alert rules are enabled, so nothing can fire\./);

    await http(api.url, editor).post('/api/v1/models').send({ name: 'queue-model', task: 'binary-classification' }).expect(201);
    await http(api.url, editor).post('/api/v1/models/queue-model/versions').send({ version: '3.0.0' }).expect(201);
    await http(api.url, editor).patch('/api/v1/models/queue-model/versions/3.0.0').send({ stage: 'production' }).expect(200);
    const rule = (
      await http(api.url, editor)
        .post('/api/v1/alert-rules')
        .send({
          name: 'queue depth high',
          model: 'queue-model',
          metric: 'queue_depth',
          agg: 'last',
          window: '10m',
          op: 'gt',
          threshold: 100,
          for: '0s',
          severity: 'critical',
        })
        .expect(201)
    ).body as { id: string };
    await http(api.url, editor)
      .post('/api/v1/alert-rules')
      .send({ name: 'queue latency high', model: 'queue-model', metric: 'latency_ms', agg: 'avg', window: '10m', op: 'gt', threshold: 500 })
      .expect(201);
    await http(api.url, editor)
      .post('/api/v1/metrics')
      .send({
        points: [
          {
            model: 'queue-model',
            version: '3.0.0',
            name: 'queue_depth',
            value: 250,
            timestamp: new Date(Date.now() - 5_000).toISOString(),
          },
        ],
      })
      .expect(202);

    const deadline = Date.now() + 60_000;
    let alerts: AlertList;
    for (;;) {
      alerts = (await http(api.url, viewer).get('/api/v1/alerts').expect(200)).body as AlertList;
      if (alerts.items.some((item) => item.ruleId === rule.id && item.state === 'firing')) break;
      if (Date.now() > deadline) throw new Error('the rule never fired');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const events = ((await http(api.url, viewer).get(`/api/v1/alert-rules/${rule.id}/events`).expect(200)).body as { items: AlertEvent[] })
      .items;
    const fired = events.find((event) => event.to === 'firing');
    expect(fired).toBeDefined();

    const answer = await ask('Is anything firing?');
    expect(answer.toolCalls.map((call) => [call.name, call.arguments])).toEqual([['get_alerts', { hours: 24 }]]);
    expect(answer.reply).toContain(`**Yes: ${alerts.firing} of 2 alert rules is firing.**`);
    expect(answer.reply).toContain('| **queue depth high** (critical) | firing | queue-model 3.0.0 | 250 | queue_depth > 100 |');
    expect(answer.reply).not.toContain('queue latency high');
    const at = `${fired?.at.slice(0, 10)} ${fired?.at.slice(11, 16)} UTC`;
    expect(answer.reply).toContain(`- ${at}: **queue depth high** (queue-model) normal → firing, value 250`);
  });
});
