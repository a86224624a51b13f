import { Agent, request as httpRequest } from 'node:http';
import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { http, slowPost } from '../support/http';

/** Resolves once `url` refuses connections; fails after `timeoutMs`. */
async function refusesConnections(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { headers: { Connection: 'close' } });
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`${url} still accepted connections ${timeoutMs} ms after SIGTERM`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('graceful shutdown (SIGTERM)', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
    const admin = http(api.url, api.adminKey);
    await admin.post('/api/v1/models').send({ name: 'drain-model', task: 'regression' }).expect(201);
    await admin.post('/api/v1/models/drain-model/versions').send({ version: '1' }).expect(201);
  });
  afterAll(async () => {
    if (api && api.child.exitCode === null) await api.stop('SIGKILL');
    await database?.drop();
  });

  it('completes every request in flight (writes included), refuses new connections, ignores idle keep-alive sockets, exits 0 within 15 s', async () => {
    // Idle keep-alive connections must not hold the process open.
    const agent = new Agent({ keepAlive: true, maxSockets: 10 });
    await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          new Promise<void>((resolve, reject) => {
            httpRequest(`${api.url}/health/live`, { agent }, (response) => {
              response.resume();
              response.on('end', () => resolve());
            })
              .on('error', reject)
              .end();
          }),
      ),
    );

    const now = Date.now();
    const inFlight = [
      ...Array.from({ length: 6 }, (_, i) =>
        slowPost(
          api.url,
          api.adminKey,
          '/api/v1/metrics',
          {
            points: Array.from({ length: 50 }, (_, j) => ({
              model: 'drain-model',
              version: '1',
              name: 'drain',
              value: i,
              timestamp: new Date(now - (i * 50 + j) * 1000).toISOString(),
            })),
          },
          2_000,
        ),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        slowPost(api.url, api.adminKey, '/api/v1/api-keys', { name: `drain-${i}`, role: 'viewer' }, 2_000),
      ),
    ];
    await Promise.all(inFlight.map((post) => post.accepted));
    const signalled = Date.now();
    api.child.kill('SIGTERM');
    await refusesConnections(`${api.url}/health/live`, 5_000);

    const statuses = await Promise.all(inFlight.map((post) => post.status));
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 201, 201, 201, 201]);
    expect(await api.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(15_000);
    agent.destroy();

    // Everything the drained requests wrote is there after a restart.
    api = await startApi({ database, port: api.port });
    const admin = http(api.url, api.adminKey);
    const series = await admin
      .get('/api/v1/metrics/series')
      .query({
        model: 'drain-model',
        name: 'drain',
        from: new Date(now - 3_600_000).toISOString(),
        to: new Date(now + 1000).toISOString(),
        bucket: '1d',
        agg: 'count',
      })
      .expect(200);
    const total = (series.body.series as Array<{ points: Array<{ count: number }> }>)
      .flatMap((item) => item.points)
      .reduce((sum, point) => sum + point.count, 0);
    expect(total).toBe(300);
    const keys = await admin.get('/api/v1/api-keys').expect(200);
    expect((keys.body.items as Array<{ name: string }>).map((key) => key.name)).toEqual(
      expect.arrayContaining(['drain-0', 'drain-1', 'drain-2', 'drain-3']),
    );
    await api.stop();
  });
});
