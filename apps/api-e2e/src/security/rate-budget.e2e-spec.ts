import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';

const LIMIT = 8;

// Found by a security probe: limits counted per route, so a client out of budget on one route had a fresh
// budget on each of ~30 others.
describe('one rate budget per caller across all routes', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: String(LIMIT), THROTTLE_TTL_MS: '60000', CHAT_THROTTLE_LIMIT: '2' } });
  });
  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('answers 429 on another route once a key has spent its budget on one', async () => {
    const key = await createKey(api.url, api.adminKey, 'viewer', 'budget-key');
    for (let index = 0; index < LIMIT; index++) await http(api.url, key).get('/api/v1/auth/me').expect(200);
    for (const path of ['/api/v1/models', '/api/v1/datasets', '/api/v1/auth/me']) {
      const response = await http(api.url, key).get(path).expect(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expectErrorShape(response.body, 429);
    }
    // Another key has its own budget; probes are never limited.
    const other = await createKey(api.url, api.adminKey, 'viewer', 'other-key');
    await http(api.url, other).get('/api/v1/models').expect(200);
    await http(api.url).get('/health/live').expect(200);
  });

  it('counts callers without a valid key per client IP, across routes', async () => {
    let statuses: number[] = [];
    for (let index = 0; index < LIMIT; index++) statuses.push((await http(api.url, 'not-a-key').get('/api/v1/models')).status);
    expect(statuses.every((status) => status === 401)).toBe(true);
    statuses = [];
    for (const path of ['/api/v1/datasets', '/api/v1/drift-reports']) statuses.push((await http(api.url).get(path)).status);
    expect(statuses).toEqual([429, 429]);
  });

  it('keeps the stricter chat limit, and chat requests spend the global budget too', async () => {
    const key = await createKey(api.url, api.adminKey, 'viewer', 'chat-budget-key');
    await http(api.url, key).post('/api/v1/chat').send({ message: 'hello' }).expect(200);
    await http(api.url, key).post('/api/v1/chat').send({ message: 'hello' }).expect(200);
    await http(api.url, key).post('/api/v1/chat').send({ message: 'hello' }).expect(429); // CHAT_THROTTLE_LIMIT 2
    // 3 requests spent (the refused one counts too) + the key creation is the admin's: 5 left of 8.
    for (let index = 0; index < LIMIT - 3; index++) await http(api.url, key).get('/api/v1/models').expect(200);
    await http(api.url, key).get('/api/v1/models').expect(429);
  });
});
