import { request as httpRequest } from 'node:http';
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

/**
 * A JSON POST whose body trickles in over `durationMs` (eight pieces), so it is still in flight when a
 * signal or a shutdown arrives. Resolves with the status code.
 */
export function slowPost(url: string, key: string, path: string, payload: unknown, durationMs: number): Promise<number> {
  const body = JSON.stringify(payload);
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const post = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${key}` },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    post.on('error', reject);
    const pieces = 8;
    const size = Math.ceil(body.length / pieces);
    let sent = 0;
    const timer = setInterval(() => {
      post.write(body.slice(sent, sent + size));
      sent += size;
      if (sent >= body.length) {
        clearInterval(timer);
        post.end();
      }
    }, durationMs / pieces);
  });
}
