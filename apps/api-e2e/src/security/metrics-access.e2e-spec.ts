import { ApiProcess, DatabaseServer, freePort, startApi, startDatabaseServer } from '@stress/e2e-support';
import { expectErrorShape } from '../support/http';

// Found by a security probe: /metrics (model names, Node version, the route list) was public unless
// METRICS_TOKEN was set, in production too.
describe('GET /metrics in production', () => {
  let databaseServer: DatabaseServer;
  const apis: ApiProcess[] = [];
  const production = async (env: Record<string, string>) => {
    const database = { kind: 'postgres' as const, env: { DATABASE_URL: databaseServer.url }, url: null, drop: async () => undefined };
    const api = await startApi({ database, env: { NODE_ENV: 'production', ...env } });
    apis.push(api);
    return api;
  };
  beforeAll(async () => {
    databaseServer = await startDatabaseServer();
  });
  afterAll(async () => {
    for (const api of apis) await api.stop();
    await databaseServer?.stop();
  });

  it('refuses /metrics without METRICS_TOKEN or METRICS_PORT, saying which to set', async () => {
    const api = await production({});
    const response = await fetch(`${api.url}/metrics`);
    expect(response.status).toBe(401);
    const body = await response.json();
    expectErrorShape(body, 401);
    expect(body.message).toMatch(/METRICS_TOKEN .* or METRICS_PORT/);
  });

  it('serves /metrics only on METRICS_PORT when it is set', async () => {
    const metricsPort = await freePort();
    const api = await production({ METRICS_PORT: String(metricsPort) });
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^http_request_duration_seconds_bucket\{/m);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/models`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/health/live`)).status).toBe(404);
  });

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'metrics-access-token-0123456789';
    const api = await production({ METRICS_TOKEN: token });
    expect((await fetch(`${api.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${api.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
