import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from './api-error';
import { createClient as createNodeClient } from '../node';
import { createClient } from './client';
import { fakeServer, json } from './fake-server.spec-helpers';

const FAST = { baseDelayMs: 1, maxDelayMs: 50 };

describe('MonitorClient against a fake server', () => {
  it('sends the API key, calls generated operations and returns their data', async () => {
    const server = await fakeServer(json(200, { items: [{ name: 'churn' }], total: 1 }));
    try {
      const client = createClient({ baseUrl: `${server.url}/`, apiKey: 'sk-test', retry: FAST });
      const page = await client.listModels({ search: 'ch', limit: 5 });
      expect(page).toEqual({ items: [{ name: 'churn' }], total: 1 });
      expect(server.requests[0]).toEqual(expect.objectContaining({ method: 'GET', url: '/api/v1/models?search=ch&limit=5' }));
      expect(server.requests[0]?.headers['x-api-key']).toBe('sk-test');
    } finally {
      await server.close();
    }
  });

  it("listAlerts: GET /api/v1/alerts, filtered by model, state and severity in the API's order, firing recounted", async () => {
    const alert = (ruleId: string, model: string, state: string, severity: string) => ({ ruleId, model, state, severity });
    const items = [
      alert('1', 'churn', 'firing', 'critical'),
      alert('2', 'fraud', 'firing', 'warning'),
      alert('3', 'churn', 'pending', 'warning'),
      alert('4', 'churn', 'normal', 'info'),
    ];
    const server = await fakeServer(json(200, { items, firing: 2 }));
    try {
      const client = createClient({ baseUrl: server.url, retry: FAST });
      expect(await client.listAlerts()).toEqual({ items, firing: 2 });
      expect(await client.listAlerts({ model: 'churn' })).toEqual({ items: [items[0], items[2], items[3]], firing: 1 });
      expect(await client.listAlerts({ state: ['pending', 'normal'] })).toEqual({ items: [items[2], items[3]], firing: 0 });
      expect(await client.listAlerts({ severity: 'warning', model: 'churn' })).toEqual({ items: [items[2]], firing: 0 });
      expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(4).fill('GET /api/v1/alerts'));
    } finally {
      await server.close();
    }
  });

  it('retries a scripted 429 (Retry-After: 0) and 503 and then succeeds', async () => {
    const server = await fakeServer(
      json(429, { statusCode: 429, message: 'slow down' }, { 'Retry-After': '0' }),
      json(503, { statusCode: 503, message: 'database unavailable' }),
      json(201, { accepted: 2 }),
    );
    try {
      const client = createClient({ baseUrl: server.url, retry: FAST });
      const points = [
        { model: 'm', version: '1', name: 'acc', value: 0.9 },
        { model: 'm', version: '1', name: 'acc', value: 0.8 },
      ];
      expect(await client.logMetrics(points)).toEqual({ accepted: 2, batches: 1, replayed: 0 });
      expect(server.requests).toHaveLength(3);
      const bodies = server.requests.map((request) => request.body.toString());
      expect(new Set(bodies).size).toBe(1);
      expect(JSON.parse(bodies[0] ?? '')).toEqual({ points });
      const keys = server.requests.map((request) => request.headers['idempotency-key']);
      expect(new Set(keys).size).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('splits 20,001 points into 3 batches with content-derived keys, equal on a re-run, and counts replays', async () => {
    const server = await fakeServer((request, response) => {
      const { points } = JSON.parse(request.body.toString()) as { points: unknown[] };
      const replay = server.requests.filter((r) => r.headers['idempotency-key'] === request.headers['idempotency-key']).length > 1;
      response.writeHead(201, { 'Content-Type': 'application/json', ...(replay ? { 'Idempotent-Replayed': 'true' } : {}) });
      response.end(JSON.stringify({ accepted: points.length }));
    });
    try {
      const client = createClient({ baseUrl: server.url, retry: FAST });
      const points = Array.from({ length: 20_001 }, (_, i) => ({ model: 'm', version: '1', name: 'latency', value: i }));
      const progress: number[] = [];
      const first = await client.logMetrics(points, { onBatch: (done) => progress.push(done) });
      expect(first).toEqual({ accepted: 20_001, batches: 3, replayed: 0 });
      expect(progress).toEqual([10_000, 20_000, 20_001]);
      const sizes = server.requests.map((request) => (JSON.parse(request.body.toString()) as { points: unknown[] }).points.length);
      expect(sizes).toEqual([10_000, 10_000, 1]);
      const firstKeys = server.requests.map((request) => request.headers['idempotency-key']);
      expect(new Set(firstKeys).size).toBe(3);

      const second = await client.logMetrics(points);
      expect(second).toEqual({ accepted: 20_001, batches: 3, replayed: 3 });
      expect(server.requests.slice(3).map((request) => request.headers['idempotency-key'])).toEqual(firstKeys);
    } finally {
      await server.close();
    }
  });

  it('maps an error answer to ApiError with statusCode, message, details and requestId', async () => {
    const server = await fakeServer(
      json(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid metric points',
        details: [{ field: 'points[0].value' }],
        requestId: 'req-1',
      }),
      (_request, response) => {
        response.writeHead(502, { 'Content-Type': 'text/plain', 'X-Request-Id': 'req-2' });
        response.end('Bad gateway');
      },
    );
    try {
      const client = createClient({ baseUrl: server.url, retry: FAST });
      const error = (await client.logMetrics([{ model: 'm', version: '1', name: 'x', value: 1 }]).catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect({ ...error, message: error.message }).toEqual(
        expect.objectContaining({
          statusCode: 400,
          message: 'Invalid metric points',
          details: [{ field: 'points[0].value' }],
          requestId: 'req-1',
        }),
      );
      const text = (await client.api.modelsGet({ path: { name: 'x' } }).catch((e: unknown) => e)) as ApiError;
      expect(text).toBeInstanceOf(ApiError);
      expect([text.statusCode, text.message, text.requestId]).toEqual([502, 'Bad gateway', 'req-2']);
    } finally {
      await server.close();
    }
  });

  it('maps a refused connection to ApiError with statusCode 0 after retrying an idempotent call', async () => {
    const server = await fakeServer(json(200, {}));
    await server.close();
    let attempts = 0;
    const client = createClient({
      baseUrl: server.url,
      retry: { ...FAST, retries: 2 },
      fetch: (request) => {
        attempts++;
        return fetch(request);
      },
    });
    const error = (await client.listModels().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.statusCode).toBe(0);
    expect(error.isNetworkError).toBe(true);
    expect(attempts).toBe(3);
  });
});

describe('uploadDataset', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'client-spec-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a file as multipart (fields first), reports progress up to the file size, and re-reads it on a 503', async () => {
    const csv = 'a,b\n' + Array.from({ length: 50_000 }, (_, i) => `${i},"x,${i % 7}"`).join('\n') + '\n';
    const path = join(dir, 'data.csv');
    await writeFile(path, csv);
    const server = await fakeServer(json(503, { statusCode: 503, message: 'busy' }), json(201, { id: 'd1', rowCount: 50_000 }));
    try {
      const client = createNodeClient({ baseUrl: server.url, apiKey: 'k', retry: FAST });
      const progress: { loaded: number; total?: number }[] = [];
      const dataset = await client.uploadDataset(
        path,
        { name: 'ref', model: 'm', version: '1', role: 'reference' },
        { onProgress: (p) => progress.push(p) },
      );
      expect(dataset).toEqual({ id: 'd1', rowCount: 50_000 });
      expect(server.requests).toHaveLength(2);
      const request = server.requests[1];
      const boundary = /boundary=(.+)$/.exec(String(request?.headers['content-type']))?.[1] ?? '';
      const body = request?.body.toString() ?? '';
      expect(Number(request?.headers['content-length'])).toBe(request?.body.length);
      const parts = body.split(`--${boundary}`).slice(1, -1);
      const names = parts.map((part) => /name="([^"]+)"/.exec(part)?.[1]);
      expect(names).toEqual(['name', 'model', 'version', 'role', 'file']);
      expect(parts[4]).toContain('filename="data.csv"');
      expect(parts[4]?.split('\r\n\r\n').slice(1).join('\r\n\r\n')).toBe(`${csv}\r\n`);
      expect(server.requests[0]?.body.toString()).toBe(body);
      const last = progress[progress.length - 1];
      expect(last).toEqual({ loaded: Buffer.byteLength(csv), total: Buffer.byteLength(csv) });
      expect(progress.length).toBeGreaterThan(2);
    } finally {
      await server.close();
    }
  });

  it('refuses a path in the browser entry (no Node built-ins there) without sending anything', async () => {
    const server = await fakeServer(json(201, { id: 'never' }));
    try {
      const client = createClient({ baseUrl: server.url, retry: FAST });
      await expect(client.uploadDataset(join(dir, 'data.csv'), { name: 'x' })).rejects.toThrow(
        /a path is read from disk in Node only, by the createClient of @stress\/client\/node/,
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('uploads a Blob (the browser case) and raises ApiError on 413', async () => {
    const server = await fakeServer(json(413, { statusCode: 413, message: 'Larger than MAX_UPLOAD_MB', requestId: 'r9' }));
    try {
      const client = createClient({ baseUrl: server.url, retry: FAST });
      const error = (await client.uploadDataset(new Blob(['a\n1\n']), { name: 'x' }).catch((e: unknown) => e)) as ApiError;
      expect([error.statusCode, error.message, error.requestId]).toEqual([413, 'Larger than MAX_UPLOAD_MB', 'r9']);
      expect(server.requests[0]?.body.toString()).toContain('a\n1\n');
    } finally {
      await server.close();
    }
  });
});
