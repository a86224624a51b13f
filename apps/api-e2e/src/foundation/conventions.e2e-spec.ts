import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { expectErrorShape, http } from '../support/http';

describe('API conventions: errors, request ids, headers, CORS, rate limits', () => {
  let database: TestDatabase;
  let api: ApiProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({
      database,
      env: { CORS_ORIGINS: 'https://dashboard.example.com', THROTTLE_LIMIT: '5', THROTTLE_TTL_MS: '60000', BODY_LIMIT: '2kb' },
    });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const response = await http(api.url, api.adminKey)
      .post('/api/v1/api-keys')
      .set('Content-Type', 'application/json')
      .send('{"name": "x", "role": ')
      .expect(400);
    expectErrorShape(response.body, 400);
    expect(response.body.message).toMatch(/not valid JSON/);
  });

  it('answers a body over BODY_LIMIT with 413', async () => {
    const response = await http(api.url, api.adminKey)
      .post('/api/v1/api-keys')
      .send({ name: 'x'.repeat(4000), role: 'viewer' })
      .expect(413);
    expectErrorShape(response.body, 413);
  });

  it('answers an unknown /api route with 404 in the error shape', async () => {
    const response = await http(api.url, api.adminKey).get('/api/v1/no-such-thing').expect(404);
    expectErrorShape(response.body, 404);
  });

  it('keeps a caller request id and generates one otherwise, in header and error body', async () => {
    const kept = await http(api.url).get('/api/v1/auth/me').set('X-Request-Id', 'trace-abc-123').expect(401);
    expect(kept.headers['x-request-id']).toBe('trace-abc-123');
    expect(kept.body.requestId).toBe('trace-abc-123');

    const generated = await http(api.url).get('/api/v1/auth/me').set('X-Request-Id', 'bad id with spaces').expect(401);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.body.requestId).toBe(generated.headers['x-request-id']);

    const health = await http(api.url).get('/health/live').expect(200);
    expect(health.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and no X-Powered-By', async () => {
    const response = await http(api.url).get('/health/live').expect(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // HSTS only when PUBLIC_URL is https (security/headers.e2e-spec.ts).
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('allows CORS only for CORS_ORIGINS', async () => {
    const allowed = await http(api.url)
      .options('/api/v1/auth/me')
      .set('Origin', 'https://dashboard.example.com')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.example.com');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/i);

    const refused = await http(api.url)
      .options('/api/v1/auth/me')
      .set('Origin', 'https://evil.example.net')
      .set('Access-Control-Request-Method', 'GET');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const refusedGet = await http(api.url).get('/api/v1/auth/me').set('Origin', 'https://evil.example.net');
    expect(refusedGet.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rate-limits per key with 429 and Retry-After; another key has its own budget; probes are exempt', async () => {
    const created = await http(api.url, api.adminKey).post('/api/v1/api-keys').send({ name: 'limited', role: 'viewer' }).expect(201);
    const other = await http(api.url, api.adminKey).post('/api/v1/api-keys').send({ name: 'other', role: 'viewer' }).expect(201);
    const statuses: number[] = [];
    let limited: { headers: Record<string, string>; body: unknown } | null = null;
    for (let i = 0; i < 7; i++) {
      const response = await http(api.url, created.body.key).get('/api/v1/auth/me');
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(limited).not.toBeNull();
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    expectErrorShape(limited?.body, 429);

    await http(api.url, other.body.key).get('/api/v1/auth/me').expect(200);
    for (let i = 0; i < 10; i++) await http(api.url).get('/health/live').expect(200);
  });

  it('rate-limits anonymous callers per IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await http(api.url).get('/api/v1/auth/me')).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
  });
});
