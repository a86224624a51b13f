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

/** A POST in progress: `accepted` once the API has read its headers, `status` when it is answered. */
export interface SlowPost {
  accepted: Promise<void>;
  status: Promise<number>;
}

/**
 * A JSON POST whose body trickles in over `durationMs` (eight pieces), so it is still in flight when a
 * signal or a shutdown arrives. It asks for `100 Continue` and sends the body only after it: Node's HTTP
 * server answers that once it has parsed the request's headers, so `accepted` means the API holds the
 * request (a connection merely queued in the kernel would race a signal). Wait for it before signalling.
 */
export function slowPost(url: string, key: string, path: string, payload: unknown, durationMs: number): SlowPost {
  const body = JSON.stringify(payload);
  const target = new URL(path, url);
  const pieces = 8;
  const size = Math.ceil(body.length / pieces);
  let markAccepted: () => void = () => undefined;
  const accepted = new Promise<void>((resolve) => (markAccepted = resolve));
  const status = new Promise<number>((resolve, reject) => {
    const post = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: `Bearer ${key}`,
          Expect: '100-continue',
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    post.on('error', reject);
    post.once('continue', () => {
      markAccepted();
      let written = 0;
      const timer = setInterval(() => {
        post.write(body.slice(written, written + size));
        written += size;
        if (written >= body.length) {
          clearInterval(timer);
          post.end();
        }
      }, durationMs / pieces);
    });
    post.flushHeaders();
  });
  return { accepted, status };
}
