import request from 'supertest';

/** supertest against a running API, optionally with a key. */
export function http(url: string, key?: string) {
  const withKey = <T extends request.Test>(test: T): T => (key ? (test.set('Authorization', `Bearer ${key}`) as T) : test);
  const agent = request(url);
  return {
    get: (path: string) => withKey(agent.get(path)),
    post: (path: string) => withKey(agent.post(path)),
    patch: (path: string) => withKey(agent.patch(path)),
    put: (path: string) => withKey(agent.put(path)),
    delete: (path: string) => withKey(agent.delete(path)),
    head: (path: string) => withKey(agent.head(path)),
    options: (path: string) => withKey(agent.options(path)),
  };
}

/** Creates a key with `role` through the API (as admin) and returns it. */
export async function createKey(url: string, adminKey: string, role: 'viewer' | 'editor' | 'admin', name = `${role}-key`): Promise<string> {
  const response = await http(url, adminKey).post('/api/v1/api-keys').send({ name, role }).expect(201);
  return (response.body as { key: string }).key;
}

/** Asserts the one error shape of the API. */
export function expectErrorShape(body: unknown, statusCode: number): void {
  expect(body).toEqual(
    expect.objectContaining({
      statusCode,
      error: expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    }),
  );
  const keys = Object.keys(body as object).sort();
  expect(keys.every((key) => ['details', 'error', 'message', 'requestId', 'statusCode'].includes(key))).toBe(true);
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
}
