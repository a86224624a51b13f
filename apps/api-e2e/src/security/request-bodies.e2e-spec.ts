import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';

/** `count` keys `${prefix}0`, `${prefix}1`, … with small values. */
function keyed(count: number, prefix = 'k'): Record<string, number> {
  const object: Record<string, number> = {};
  for (let index = 0; index < count; index++) object[`${prefix}${index}`] = index;
  return object;
}

/** POSTs JSON with fetch and measures how long the answer took. */
async function timedPost(url: string, key: string, body: string): Promise<{ status: number; body: unknown; elapsedMs: number }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), elapsedMs: performance.now() - started };
}

// Found by a security probe: a 1 MB body of 80,000 unknown keys to the assistant froze the event loop for 5 s
// (/health/live waited 4.9 s) and came back as a 5 MB error listing every key.
describe('JSON body key limits', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let viewer: string;
  let editor: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
    viewer = await createKey(api.url, api.adminKey, 'viewer');
    editor = await createKey(api.url, api.adminKey, 'editor');
    await http(api.url, editor).post('/api/v1/models').send({ name: 'keys-model', task: 'regression' }).expect(201);
  });
  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('refuses an 80,000-key body at once while /health/live keeps answering', async () => {
    const keys = Object.fromEntries(Array.from({ length: 80_000 }, (_, index) => [index.toString(36), 0]));
    const body = JSON.stringify({ message: 'hello', ...keys });
    expect(body.length).toBeLessThan(1024 * 1024); // under BODY_LIMIT: the keys, not the size, are refused
    const refused = timedPost(`${api.url}/api/v1/chat`, viewer, body);
    // Probe while the body is being handled.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const probeStarted = performance.now();
    await http(api.url).get('/health/live').expect(200);
    const probeMs = performance.now() - probeStarted;
    const answer = await refused;
    expect(answer.status).toBe(400);
    expectErrorShape(answer.body, 400);
    expect((answer.body as { message: string }).message).toMatch(/more than 1000 keys/);
    // The issue asks < 200 ms and a probe < 100 ms; the bounds are wider for loaded test machines (load
    // average 20 on 2 cores measured 270 ms for the probe) and still far below the 5 s this took.
    expect(answer.elapsedMs).toBeLessThan(1_000);
    expect(probeMs).toBeLessThan(1_000);
  });

  it('refuses a body of more than 10,000 keys in all, even spread over small objects', async () => {
    const features = Array.from({ length: 12 }, (_, index) => keyed(900, `f${index}_`));
    const answer = await timedPost(`${api.url}/api/v1/models/keys-model/versions`, editor, JSON.stringify({ version: '0.1.0', features }));
    expect(answer.status).toBe(400);
    expect((answer.body as { message: string }).message).toMatch(/more than 10000 keys in all/);
  });

  it('validates a body full of nested unknown keys and lists at most 20 problems', async () => {
    // 10 objects of 998 unknown keys: about the most unknown fields a body under the limits can carry.
    const features = Array.from({ length: 10 }, (_, index) => ({ name: `feature${index}`, ...keyed(998, `x${index}_`) }));
    const answer = await timedPost(`${api.url}/api/v1/models/keys-model/versions`, editor, JSON.stringify({ version: '0.2.0', features }));
    expect(answer.status).toBe(400);
    const { message, details } = answer.body as { message: string; details: unknown[] };
    expect(details).toHaveLength(20);
    expect(message).toMatch(/unknown field .* \(and \d+ more problems\)$/);
  });

  it('still accepts a full metric batch (its key budget scales with METRICS_MAX_BATCH)', async () => {
    await http(api.url, editor).post('/api/v1/models/keys-model/versions').send({ version: '1.0.0' }).expect(201);
    const points = Array.from({ length: 5_000 }, (_, index) => ({
      model: 'keys-model',
      version: '1.0.0',
      name: 'accuracy',
      value: index / 5_000,
      labels: { region: `r${index % 3}`, device: 'watch' },
    }));
    await http(api.url, editor).post('/api/v1/metrics').send({ points }).expect(202);
  });
});
