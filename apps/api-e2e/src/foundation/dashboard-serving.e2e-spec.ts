import { existsSync, readdirSync } from 'node:fs';
import { ApiProcess, createTestDatabase, DASHBOARD_DIR, startApi, TestDatabase } from '@stress/e2e-support';
import { expectErrorShape, http } from '../support/http';

describe('one process, one URL: the API serves the dashboard', () => {
  let database: TestDatabase;
  let api: ApiProcess;

  beforeAll(async () => {
    if (!existsSync(`${DASHBOARD_DIR}/index.html`)) throw new Error('Build the dashboard first (npx nx build dashboard).');
    database = await createTestDatabase();
    api = await startApi({ database, env: { DASHBOARD_DIR } });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('serves index.html at / and for deep links, uncached', async () => {
    for (const path of ['/', '/models/stress-detector', '/signin', '/datasets/123?x=1']) {
      const response = await http(api.url).get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.text).toContain('<sam-root>');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed bundles with a long immutable cache', async () => {
    const bundle = readdirSync(DASHBOARD_DIR).find((file) => /^main-[A-Z0-9]+\.js$/.test(file));
    expect(bundle).toBeDefined();
    const response = await http(api.url).get(`/${bundle}`).expect(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('serves /config.json with a same-origin API base and no host name', async () => {
    const response = await http(api.url).get('/config.json').expect(200);
    // apiKeySignIn: the sign-in page offers the pasted-key form (AUTH_API_KEY_SIGNIN); no `sso` without OIDC_ISSUER_URL.
    expect(response.body).toEqual({ apiBaseUrl: '', apiKeySignIn: true });
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('never shadows /api, /health or missing files', async () => {
    expectErrorShape((await http(api.url).get('/api/v1/unknown').expect(404)).body, 404);
    expectErrorShape((await http(api.url).get('/api').expect(404)).body, 404);
    await http(api.url).get('/health/live').expect(200).expect('Content-Type', /json/);
    await http(api.url).get('/main-DOESNOTEXIST.js').expect(404);
  });
});
