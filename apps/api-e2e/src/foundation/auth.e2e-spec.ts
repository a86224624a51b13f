import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';

describe('API keys and roles', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let viewerKey: string;
  let editorKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database });
    viewerKey = await createKey(api.url, api.adminKey, 'viewer', 'ana (viewer)');
    editorKey = await createKey(api.url, api.adminKey, 'editor', 'ingest-service');
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const keyEndpoints: Array<{ method: 'get' | 'post' | 'delete'; path: string; body?: object }> = [
    { method: 'get', path: '/api/v1/api-keys' },
    { method: 'post', path: '/api/v1/api-keys', body: { name: 'x', role: 'viewer' } },
    { method: 'delete', path: '/api/v1/api-keys/7d1f4c1e-0000-4000-8000-000000000000' },
  ];

  it.each(keyEndpoints)('$method $path without a key → 401 with the error shape', async ({ method, path, body }) => {
    const response = await http(api.url)[method](path).send(body);
    expect(response.status).toBe(401);
    expectErrorShape(response.body, 401);
    expect(response.body.message).toMatch(/Authorization: Bearer/);
  });

  it.each(keyEndpoints)('$method $path with an unknown key → 401', async ({ method, path, body }) => {
    const response = await http(api.url, 'sam_thisKeyDoesNotExistAnywhere000000000000000')[method](path).send(body);
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/not valid/);
  });

  it.each(keyEndpoints)('$method $path with a viewer or editor key → 403', async ({ method, path, body }) => {
    for (const key of [viewerKey, editorKey]) {
      const response = await http(api.url, key)[method](path).send(body);
      expect(response.status).toBe(403);
      expectErrorShape(response.body, 403);
      expect(response.body.message).toMatch(/admin role/);
    }
  });

  it('GET /auth/me answers every valid key with its name and role, and 401 without one', async () => {
    await http(api.url, viewerKey).get('/api/v1/auth/me').expect(200, { name: 'ana (viewer)', role: 'viewer', via: 'api-key' });
    await http(api.url, editorKey).get('/api/v1/auth/me').expect(200, { name: 'ingest-service', role: 'editor', via: 'api-key' });
    await http(api.url, api.adminKey).get('/api/v1/auth/me').expect(200, { name: 'admin', role: 'admin', via: 'api-key' });
    await http(api.url).get('/api/v1/auth/me').expect(401);
  });

  it('accepts the key as X-API-Key as well as a bearer token', async () => {
    const response = await http(api.url).get('/api/v1/auth/me').set('X-API-Key', viewerKey).expect(200);
    expect(response.body.role).toBe('viewer');
  });

  it('creates a key shown once, lists it without the secret, and revokes it', async () => {
    const created = await http(api.url, api.adminKey)
      .post('/api/v1/api-keys')
      .send({ name: 'billing-service', role: 'editor' })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'billing-service',
      role: 'editor',
      prefix: expect.stringMatching(/^sam_/),
      createdAt: expect.any(String),
      lastUsedAt: null,
      key: expect.stringMatching(/^sam_[A-Za-z0-9_-]{43}$/),
    });
    const key: string = created.body.key;
    expect(key.startsWith(created.body.prefix)).toBe(true);

    await http(api.url, key).get('/api/v1/auth/me').expect(200);
    const listed = await http(api.url, api.adminKey).get('/api/v1/api-keys').expect(200);
    const entry = listed.body.items.find((item: { id: string }) => item.id === created.body.id);
    expect(entry).toEqual(expect.objectContaining({ name: 'billing-service', role: 'editor', prefix: created.body.prefix }));
    expect(entry.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.total).toBe(listed.body.items.length);

    await http(api.url, api.adminKey).delete(`/api/v1/api-keys/${created.body.id}`).expect(204);
    await http(api.url, key).get('/api/v1/auth/me').expect(401);
    const again = await http(api.url, api.adminKey).delete(`/api/v1/api-keys/${created.body.id}`).expect(404);
    expectErrorShape(again.body, 404);
    const after = await http(api.url, api.adminKey).get('/api/v1/api-keys').expect(200);
    expect(after.body.items.map((item: { id: string }) => item.id)).not.toContain(created.body.id);
  });

  it('two created keys differ and carry at least 256 bits', async () => {
    const a = await createKey(api.url, api.adminKey, 'viewer', 'a');
    const b = await createKey(api.url, api.adminKey, 'viewer', 'b');
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(4), 'base64url').length).toBeGreaterThanOrEqual(32);
  });

  it('rejects a bad role, an empty name, unknown fields and a malformed id with 400', async () => {
    const admin = http(api.url, api.adminKey);
    const badRole = await admin.post('/api/v1/api-keys').send({ name: 'x', role: 'owner' }).expect(400);
    expectErrorShape(badRole.body, 400);
    expect(badRole.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'role' })]));
    const emptyName = await admin.post('/api/v1/api-keys').send({ name: '   ', role: 'viewer' }).expect(400);
    expect(emptyName.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name' })]));
    const extra = await admin.post('/api/v1/api-keys').send({ name: 'x', role: 'viewer', admin: true }).expect(400);
    expect(extra.body.details).toEqual([expect.objectContaining({ field: 'admin' })]);
    await admin.delete('/api/v1/api-keys/not-a-uuid').expect(400);
  });
});
