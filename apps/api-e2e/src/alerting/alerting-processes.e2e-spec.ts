import { ApiProcess, DatabaseServer, startApi, startDatabaseServer, TestDatabase } from '@stress/e2e-support';
import { createKey, http } from '../support/http';
import { HttpReceiver, startHttpReceiver, waitFor } from './alert-receivers';

interface Rule {
  id: string;
  state: string;
  lastEvaluatedAt: string | null;
}
interface Delivery {
  status: string;
  attempts: number;
  lastError: string | null;
}

const ENV = {
  THROTTLE_LIMIT: '100000',
  ALERTS_EVAL_INTERVAL_MS: '1000',
  ALERTS_RETRY_BASE_MS: '3000',
  ALERTS_MAX_ATTEMPTS: '4',
  NOTIFY_ALLOW_LOOPBACK: 'true',
};

let server: DatabaseServer;
let database: TestDatabase;
let receiver: HttpReceiver;
let first: ApiProcess | undefined;
let second: ApiProcess | undefined;
let editor: string;
let admin: string;

const getRule = async (api: ApiProcess, id: string): Promise<Rule> =>
  (await http(api.url, editor).get(`/api/v1/alert-rules/${id}`).expect(200)).body as Rule;
const deliveries = async (api: ApiProcess, ruleId: string): Promise<Delivery[]> =>
  ((await http(api.url, editor).get(`/api/v1/alert-deliveries?ruleId=${ruleId}`).expect(200)).body as { items: Delivery[] }).items;
const hooksFor = (ruleId: string, path: string) =>
  receiver.requests.filter((request) => request.path === path && request.raw.includes(ruleId));

/** A model, a webhook channel on `path`, and a rule that fires at once: its metric has no points and `noData` is `alerting`
 * (no metric points are written: the TCP server of the embedded database used without TEST_DATABASE_URL does not take COPY). */
async function setUp(api: ApiProcess, model: string, path: string): Promise<string> {
  await http(api.url, editor).post('/api/v1/models').send({ name: model, task: 'binary-classification' }).expect(201);
  await http(api.url, editor).post(`/api/v1/models/${model}/versions`).send({ version: '1' }).expect(201);
  const channel = await http(api.url, admin)
    .post('/api/v1/notification-channels')
    .send({ name: path, type: 'webhook', url: `${receiver.url}${path}` })
    .expect(201);
  const rule = await http(api.url, editor)
    .post('/api/v1/alert-rules')
    .send({
      name: `${model} errors`,
      model,
      version: '1',
      metric: 'absent_metric',
      noData: 'alerting',
      agg: 'max',
      window: '1h',
      op: 'gt',
      threshold: 1,
      repeatInterval: '1h',
      channels: [(channel.body as { id: string }).id],
    })
    .expect(201);
  return (rule.body as { id: string }).id;
}

beforeAll(async () => {
  receiver = await startHttpReceiver();
  server = await startDatabaseServer();
  database = { kind: 'postgres', env: { DATABASE_URL: server.url }, url: null, drop: async () => undefined };
  // The same ADMIN_API_KEY for every process, so keys made through one work on all.
  const adminKey = `test-admin-${'k'.repeat(40)}`;
  first = await startApi({ database, env: { ...ENV, ADMIN_API_KEY: adminKey } });
  second = await startApi({ database, env: { ...ENV, ADMIN_API_KEY: adminKey } });
  admin = adminKey;
  editor = await createKey(first.url, admin, 'editor');
}, 180_000);

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await server?.stop();
  await receiver?.close();
});

it('evaluates and notifies once with two processes on one database', async () => {
  const api = first as ApiProcess;
  const ruleId = await setUp(api, 'twin-model', '/twin');
  await waitFor(
    'the firing webhook',
    () => hooksFor(ruleId, '/twin'),
    (found) => found.length >= 1,
  );
  // Let both processes run several more ticks: the rule is evaluated again and again meanwhile.
  const seen = Date.parse((await getRule(api, ruleId)).lastEvaluatedAt ?? '');
  await waitFor(
    'three more evaluations',
    () => getRule(second as ApiProcess, ruleId),
    (rule) => Date.parse(rule.lastEvaluatedAt ?? '') >= seen + 3_000,
  );
  expect(hooksFor(ruleId, '/twin')).toHaveLength(1);
  expect(await deliveries(api, ruleId)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
  const events = (await http(api.url, editor).get(`/api/v1/alert-rules/${ruleId}/events`).expect(200)).body as {
    items: Array<{ from: string; to: string }>;
  };
  expect(events.items.map((event) => `${event.from}>${event.to}`)).toEqual(['normal>firing']);
});

it('resumes a delivery whose retry was pending when every process stopped', async () => {
  receiver.failNext('/retry', Infinity);
  const ruleId = await setUp(first as ApiProcess, 'retry-model', '/retry');
  await waitFor(
    'a failed first attempt',
    () => deliveries(first as ApiProcess, ruleId),
    (found) => found[0]?.attempts === 1 && found[0]?.status === 'pending',
  );
  await first?.stop();
  await second?.stop();
  first = undefined;
  second = undefined;
  receiver.failNext('/retry', 0);

  const restarted = await startApi({ database, env: { ...ENV, ADMIN_API_KEY: admin } });
  first = restarted;
  const [delivery] = await waitFor(
    'the retry sent after the restart',
    () => deliveries(restarted, ruleId),
    (found) => found[0]?.status === 'sent',
  );
  expect(delivery?.attempts).toBe(2);
  expect(hooksFor(ruleId, '/retry')).toHaveLength(2);
});
