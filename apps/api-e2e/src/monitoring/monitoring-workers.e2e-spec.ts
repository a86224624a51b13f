import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { seededRandom } from '@stress/statistics';
import { upload } from '../datasets/datasets-support';
import { createKey, expectErrorShape, http } from '../support/http';

/**
 * Window computations as durable jobs. On PostgreSQL one process serves requests and two worker processes
 * (PROCESS_ROLES=worker) share the database: every window is computed by exactly one of them, and a worker
 * killed with SIGKILL in the middle of a recomputation loses nothing. The embedded database belongs to the
 * one process that opened it, which then runs requests and jobs together: there, the same process is
 * killed with SIGKILL mid-recomputation and started again on its data directory.
 */
const HOUR = 3_600_000;
const MODEL = 'fleet';
const BASE = `/api/v1/models/${MODEL}/versions/1`;
const WINDOWS = 12;
const ROWS_PER_WINDOW = 120;
const WORKER_ENV = {
  THROTTLE_LIMIT: '100000',
  MONITORING_INTERVAL_MS: '1000',
  MONITORING_DELAY_MS: '0',
  JOB_HEARTBEAT_SECONDS: '10',
};

interface WindowBody {
  start: string;
  status: string;
  rows: number | null;
  computedAt: string | null;
}

let database: TestDatabase;
let api: ApiProcess;
/** Separate worker processes: PostgreSQL only (see above). */
let sharedServer: boolean;
let databaseUrl: string;
const workers: ApiProcess[] = [];
let editor: string;
const firstHour = Math.floor(Date.now() / HOUR) * HOUR - (WINDOWS + 1) * HOUR;
const starts = Array.from({ length: WINDOWS }, (_, index) => new Date(firstHour + index * HOUR).toISOString());

async function startWorker(): Promise<ApiProcess> {
  const worker = await startApi({
    database: { ...database, env: { DATABASE_URL: databaseUrl } },
    env: { ...WORKER_ENV, PROCESS_ROLES: 'worker', LOG_LEVEL: 'info' },
    waitFor: 'ready',
  });
  workers.push(worker);
  return worker;
}

async function windows(): Promise<WindowBody[]> {
  return (await http(api.url, editor).get(`${BASE}/windows`).expect(200)).body.items as WindowBody[];
}

async function waitForWindows(done: (items: WindowBody[]) => boolean, what: string): Promise<WindowBody[]> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const items = await windows();
    if (done(items)) return items;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(items.map((w) => [w.start, w.status]))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** How often each window start appears in the workers' "computed" log lines. */
function computations(processes: ApiProcess[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const process of processes) {
    for (const match of process.output().matchAll(/Window (\S+) of fleet 1: \w+, \d+ rows/g))
      counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  }
  return counts;
}

beforeAll(async () => {
  database = await createTestDatabase();
  sharedServer = database.kind === 'postgres';
  databaseUrl = database.env['DATABASE_URL'] ?? '';
  api = await startApi({ database, env: { ...WORKER_ENV, PROCESS_ROLES: sharedServer ? 'api' : 'api,worker', LOG_LEVEL: 'info' } });
  editor = await createKey(api.url, api.adminKey, 'editor');
  await http(api.url, editor).post('/api/v1/models').send({ name: MODEL, task: 'binary-classification' }).expect(201);
  await http(api.url, editor)
    .post(`/api/v1/models/${MODEL}/versions`)
    .send({ version: '1', features: [{ name: 'x', type: 'numerical', role: 'feature' }] })
    .expect(201);
  const random = seededRandom(7);
  const reference = ['x,prediction', ...Array.from({ length: 300 }, () => `${(random() * 10).toFixed(3)},${random() < 0.5 ? 1 : 0}`)].join(
    '\n',
  );
  const dataset = await upload(api.url, editor, reference, {
    name: 'reference',
    model: MODEL,
    version: '1',
    role: 'reference',
    predictionColumn: 'prediction',
  }).expect(201);
  const rows = starts.flatMap((start, window) =>
    Array.from({ length: ROWS_PER_WINDOW }, (_, index) => ({
      id: `w${window}-${index}`,
      timestamp: new Date(Date.parse(start) + index * 1000).toISOString(),
      features: { x: Math.round((random() * 10 + window * 0.2) * 1000) / 1000 },
      prediction: random() < 0.5 ? 1 : 0,
    })),
  );
  await http(api.url, editor).post(`${BASE}/predictions`).send({ rows }).expect(202);
  if (sharedServer) {
    await startWorker();
    await startWorker();
  }
  await http(api.url, editor)
    .put(`${BASE}/monitoring`)
    .send({ referenceDatasetId: dataset.body.id, window: '1h', enabled: true })
    .expect(200);
}, 300_000);

afterAll(async () => {
  for (const worker of workers) await worker.stop().catch(() => undefined);
  await api?.stop();
  await database?.drop();
});

it('answers only probes in a worker-only process', async () => {
  const probeDatabase = sharedServer ? database : await createTestDatabase();
  const worker = sharedServer
    ? workers[0]
    : await startApi({ database: probeDatabase, env: { PROCESS_ROLES: 'worker' }, waitFor: 'ready' });
  try {
    await http(worker.url, editor).get('/health/live').expect(200);
    const response = await http(worker.url, editor).get('/api/v1/models').expect(404);
    expectErrorShape(response.body, 404);
    expect(response.body.message).toContain('PROCESS_ROLES');
  } finally {
    if (!sharedServer) {
      await worker.stop();
      await probeDatabase.drop();
    }
  }
});

it('computes every window exactly once across two worker processes', async () => {
  const items = await waitForWindows((all) => all.length === WINDOWS && all.every((w) => w.status === 'fresh'), 'every window fresh');
  expect(items.map((w) => w.start).sort()).toEqual(starts);
  expect(items.every((w) => w.rows === ROWS_PER_WINDOW)).toBe(true);
  const counts = computations(sharedServer ? workers : [api]);
  expect([...counts.keys()].sort()).toEqual(starts);
  expect([...counts.values()].every((count) => count === 1)).toBe(true);
});

it('finishes a recomputation after a worker is killed with SIGKILL', async () => {
  const before = new Map((await windows()).map((w) => [w.start, w.computedAt]));
  if (sharedServer) await workers[1].stop('SIGTERM');
  const requested = await http(api.url, editor).post(`${BASE}/windows/recompute`).expect(202);
  expect(requested.body).toEqual({ windows: WINDOWS });
  // Kill the computing process as soon as it has recomputed one window: others are queued or running.
  await waitForWindows((all) => all.some((w) => w.computedAt !== before.get(w.start)), 'a first recomputed window');
  let replacement: ApiProcess;
  if (sharedServer) {
    await workers[0].stop('SIGKILL');
    replacement = await startWorker();
  } else {
    await api.stop('SIGKILL');
    api = await startApi({ database, port: api.port, env: { ...WORKER_ENV, LOG_LEVEL: 'info', ADMIN_API_KEY: api.adminKey } });
    replacement = api;
  }
  await waitForWindows(
    (all) => all.length === WINDOWS && all.every((w) => w.status === 'fresh' && w.computedAt !== before.get(w.start)),
    'every window recomputed after the kill',
  );
  expect(computations([replacement]).size).toBeGreaterThan(0);
  const points = await http(api.url, editor)
    .get('/api/v1/metrics/series')
    .query({
      model: MODEL,
      name: 'prediction_count',
      from: starts[0],
      to: new Date(Date.parse(starts[WINDOWS - 1]) + HOUR).toISOString(),
      bucket: '1h',
    })
    .expect(200);
  expect(points.body.series[0].points.map((point: { count: number; value: number }) => [point.count, point.value])).toEqual(
    starts.map(() => [1, ROWS_PER_WINDOW]),
  );
}, 180_000);
