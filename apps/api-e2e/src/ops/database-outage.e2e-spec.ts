import { ApiProcess, DatabaseServer, startApi, startDatabaseServer } from '@stress/e2e-support';
import { expectErrorShape, http } from '../support/http';
import { TcpProxy } from '../support/tcp-proxy';

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe('database outage (TCP proxy cut between the API and its database)', () => {
  let databaseServer: DatabaseServer;
  let proxy: TcpProxy;
  let api: ApiProcess;

  beforeAll(async () => {
    databaseServer = await startDatabaseServer();
    proxy = await TcpProxy.start(databaseServer.host, databaseServer.port);
    api = await startApi({
      database: {
        kind: 'postgres',
        env: { DATABASE_URL: databaseServer.urlVia('127.0.0.1', proxy.port) },
        url: null,
        drop: async () => undefined,
      },
      env: { THROTTLE_LIMIT: '100000' },
    });
    const admin = http(api.url, api.adminKey);
    await admin.post('/api/v1/models').send({ name: 'outage-model', task: 'regression' }).expect(201);
  });

  afterAll(async () => {
    await api?.stop();
    await proxy?.cut();
    await databaseServer?.stop();
  });

  it('ready 503 within 10 s, live 200, requests 503 quickly, and full recovery within 30 s of the return', async () => {
    const admin = http(api.url, api.adminKey);
    await admin.get('/api/v1/models').expect(200);
    await proxy.cut();
    const cutAt = Date.now();

    let readyStatus = 0;
    while (Date.now() - cutAt < 10_000) {
      readyStatus = (await http(api.url).get('/health/ready')).status;
      if (readyStatus === 503) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(readyStatus).toBe(503);
    expect(Date.now() - cutAt).toBeLessThan(10_000);

    for (let i = 0; i < 5; i++) {
      const live = await timed(() => http(api.url).get('/health/live'));
      expect(live.value.status).toBe(200);
      for (const path of ['/api/v1/models', '/api/v1/models/outage-model', '/api/v1/api-keys']) {
        const call = await timed(() => admin.get(path));
        // A valid key was cached or not: either way the answer is the database's absence, never a hang.
        expect({ path, status: call.value.status }).toEqual({ path, status: 503 });
        expectErrorShape(call.value.body, 503);
        expect(call.value.headers['retry-after']).toBeDefined();
        expect(call.ms).toBeLessThan(5_000);
      }
      const write = await timed(() =>
        admin.post('/api/v1/metrics').send({ points: [{ model: 'outage-model', version: '1', name: 'x', value: 1 }] }),
      );
      expect(write.value.status).toBe(503);
      expect(write.ms).toBeLessThan(5_000);
    }

    await proxy.restore();
    const restoredAt = Date.now();
    let recovered = false;
    while (Date.now() - restoredAt < 30_000) {
      const ready = (await http(api.url).get('/health/ready')).status;
      const models = (await admin.get('/api/v1/models')).status;
      if (ready === 200 && models === 200) {
        recovered = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(true);
    expect(Date.now() - restoredAt).toBeLessThan(30_000);
    const model = await admin.get('/api/v1/models/outage-model').expect(200);
    expect(model.body.name).toBe('outage-model');
  });
});
