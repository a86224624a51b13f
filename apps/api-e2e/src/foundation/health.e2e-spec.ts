import { ApiProcess, DatabaseServer, startApi, startDatabaseServer } from '@stress/e2e-support';
import { expectErrorShape, http } from '../support/http';
import { TcpProxy } from '../support/tcp-proxy';

describe('health probes', () => {
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
    });
  });

  afterAll(async () => {
    await api?.stop();
    await proxy?.cut();
    await databaseServer?.stop();
  });

  it('live and ready answer 200 with no key and no rate limit', async () => {
    const live = await http(api.url).get('/health/live').expect(200);
    expect(live.body.status).toBe('ok');
    const ready = await http(api.url).get('/health/ready').expect(200);
    expect(ready.body.details.database.status).toBe('up');
  });

  it('ready answers 503 with JSON detail while the database is unreachable, live stays 200, and both recover', async () => {
    await proxy.cut();
    const started = Date.now();
    const ready = await http(api.url).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    expectErrorShape(ready.body, 503);
    expect(ready.body.details.database.status).toBe('down');

    const live = await http(api.url).get('/health/live').expect(200);
    expect(live.body.status).toBe('ok');

    const apiCall = await http(api.url, api.adminKey).get('/api/v1/api-keys');
    expect(apiCall.status).toBe(503);
    expectErrorShape(apiCall.body, 503);

    await proxy.restore();
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await http(api.url).get('/health/ready')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
    await http(api.url, api.adminKey).get('/api/v1/api-keys').expect(200);
  });
});
