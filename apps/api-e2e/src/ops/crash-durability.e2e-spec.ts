import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { http } from '../support/http';

const MINUTE = 60_000;
const POINTS_PER_BATCH = 200;
const CLIENTS = 3;

/** Batch k of a client fills one UTC minute of its own metric, so each batch is countable after the crash. */
function batchMinute(origin: number, k: number): number {
  return origin - (k + 2) * MINUTE;
}

function batch(client: number, k: number, origin: number) {
  const start = batchMinute(origin, k);
  return {
    points: Array.from({ length: POINTS_PER_BATCH }, (_, i) => ({
      model: 'crash-model',
      version: '1',
      name: `ingest_client_${client}`,
      value: k,
      timestamp: new Date(start + i * 250).toISOString(),
    })),
  };
}

describe('kill -9 while 3 clients ingest metric batches', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '1000000' } });
    const admin = http(api.url, api.adminKey);
    await admin.post('/api/v1/models').send({ name: 'crash-model', task: 'binary-classification' }).expect(201);
    await admin.post('/api/v1/models/crash-model/versions').send({ version: '1' }).expect(201);
  });
  afterAll(async () => {
    if (api && api.child.exitCode === null) await api.stop('SIGKILL');
    await database?.drop();
  });

  it('keeps every batch that was answered 202', async () => {
    const origin = Math.floor(Date.now() / MINUTE) * MINUTE;
    const acknowledged: Array<Set<number>> = Array.from({ length: CLIENTS }, () => new Set<number>());
    let crashed = false;

    const client = async (index: number) => {
      for (let k = 0; !crashed && k < 150; k++) {
        try {
          const response = await fetch(`${api.url}/api/v1/metrics`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${api.adminKey}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(batch(index, k, origin)),
          });
          await response.arrayBuffer();
          if (response.status === 202) acknowledged[index]?.add(k);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));
    // Kill mid-stream: once every client has had a few batches acknowledged.
    const deadline = Date.now() + 60_000;
    while (acknowledged.some((set) => set.size < 3) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    api.child.kill('SIGKILL');
    crashed = true;
    expect(await api.exited).toBeNull();
    await Promise.all(clients);
    expect(acknowledged.every((set) => set.size >= 3)).toBe(true);

    api = await startApi({ database, port: api.port });
    for (let index = 0; index < CLIENTS; index++) {
      const batches = [...(acknowledged[index] ?? [])];
      const from = new Date(batchMinute(origin, Math.max(...batches) + 1)).toISOString();
      const to = new Date(origin).toISOString();
      const response = await http(api.url, api.adminKey)
        .get('/api/v1/metrics/series')
        .query({ model: 'crash-model', name: `ingest_client_${index}`, from, to, bucket: '1m', agg: 'count' })
        .expect(200);
      const counts = new Map<number, number>();
      for (const series of response.body.series as Array<{ points: Array<{ t: string; count: number }> }>) {
        for (const point of series.points) counts.set(Date.parse(point.t), (counts.get(Date.parse(point.t)) ?? 0) + point.count);
      }
      const missing = batches.filter((k) => counts.get(batchMinute(origin, k)) !== POINTS_PER_BATCH);
      expect({ client: index, acknowledged: batches.length, missing }).toEqual({
        client: index,
        acknowledged: batches.length,
        missing: [],
      });
    }
  });
});
