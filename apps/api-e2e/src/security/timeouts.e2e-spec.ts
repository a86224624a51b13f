import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { storedCounts, upload } from '../datasets/datasets-support';
import { slowPost } from '../support/http';

const BOUNDARY = 'timeouts-boundary';

/** A multipart dataset upload of `csv`, as bytes, with its Content-Type. */
function multipart(csv: string): Buffer {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\n\r\ntrickled\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="data.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      `${csv}\r\n--${BOUNDARY}--\r\n`,
  );
}

/** Sends `body` in pieces of `pieceBytes` every `everyMs`; resolves with the status and when it came. */
function trickleUpload(
  url: string,
  key: string,
  body: Buffer,
  pieceBytes: number,
  everyMs: number,
): Promise<{ status: number; elapsedMs: number }> {
  const target = new URL('/api/v1/datasets', url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const post = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
          'Content-Length': body.length,
          Authorization: `Bearer ${key}`,
        },
      },
      (response) => {
        clearInterval(timer);
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, elapsedMs: Date.now() - started }));
      },
    );
    post.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    let written = 0;
    const timer = setInterval(() => {
      post.write(body.subarray(written, written + pieceBytes));
      written += pieceBytes;
      if (written >= body.length) {
        clearInterval(timer);
        post.end();
      }
    }, everyMs);
  });
}

// Found by a security probe: a body trickled at 1 byte per 5 s stayed open ≥ 150 s, a stalled body got no answer
// for Node's default of 300 s, and after a 413 the server kept reading 20 MB more from the same socket.
describe('server timeouts', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({
      database,
      env: {
        THROTTLE_LIMIT: '100000',
        REQUEST_TIMEOUT_MS: '1500',
        UPLOAD_MIN_BYTES_PER_SEC: '10240',
        UPLOAD_RATE_WINDOW_MS: '1000',
        MAX_UPLOAD_MB: '1',
      },
    });
  });
  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('answers a stalled JSON body with 408 within REQUEST_TIMEOUT_MS', async () => {
    const started = Date.now();
    // The body would take 8 s to arrive; REQUEST_TIMEOUT_MS is 1.5 s.
    const post = slowPost(
      api.url,
      api.adminKey,
      '/api/v1/models',
      { name: 'stalled', task: 'regression', description: 'x'.repeat(800) },
      8_000,
    );
    await post.accepted;
    expect(await post.status).toBe(408);
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeGreaterThanOrEqual(1_400);
    expect(elapsedMs).toBeLessThan(6_000);
    await new Promise((resolve) => setTimeout(resolve, 7_000)); // let slowPost's writer finish
    const models = await fetch(`${api.url}/api/v1/models`, { headers: { Authorization: `Bearer ${api.adminKey}` } });
    expect(JSON.stringify(await models.json())).not.toContain('stalled');
  }, 30_000);

  it('aborts an upload below UPLOAD_MIN_BYTES_PER_SEC with 408 and stores nothing', async () => {
    const before = await storedCounts(api.url, api.adminKey, database);
    const csv = 'a,b\n' + Array.from({ length: 2_000 }, (_, index) => `${index},${index % 7}`).join('\n') + '\n';
    // 200 bytes every 200 ms = 1 KB/s, a tenth of the minimum; the whole body (13 KB) would take about 13 s.
    const answer = await trickleUpload(api.url, api.adminKey, multipart(csv), 200, 200);
    expect(answer.status).toBe(408);
    expect(answer.elapsedMs).toBeLessThan(6_000);
    expect(await storedCounts(api.url, api.adminKey, database)).toEqual(before);
  }, 30_000);

  it('still stores an upload sent at a normal speed', async () => {
    const before = await storedCounts(api.url, api.adminKey, database);
    const csv = 'a,b\n' + Array.from({ length: 2_000 }, (_, index) => `${index},${index % 7}`).join('\n') + '\n';
    const response = await upload(api.url, api.adminKey, csv, { name: 'on-time' });
    expect(response.status).toBe(201);
    expect((await storedCounts(api.url, api.adminKey, database))['listed']).toBe(before['listed'] + 1);
  }, 30_000);

  it.each([
    ['a dataset upload', '/api/v1/datasets', `multipart/form-data; boundary=${BOUNDARY}`],
    ['a JSON body', '/api/v1/models', 'application/json'],
  ])(
    'closes the connection after a 413 on %s instead of reading the rest of the body',
    async (_what, path, contentType) => {
      const target = new URL(api.url);
      const declared = 20 * 1024 * 1024; // MAX_UPLOAD_MB is 1, BODY_LIMIT 1 MB
      const piece = Buffer.alloc(64 * 1024, 'a');
      const outcome = await new Promise<{ response: string; written: number }>((resolve) => {
        const socket = connect(Number(target.port), target.hostname);
        let response = '';
        let written = 0;
        let timer: NodeJS.Timeout | undefined;
        socket.on('connect', () => {
          socket.write(
            `POST ${path} HTTP/1.1\r\nHost: ${target.host}\r\nAuthorization: Bearer ${api.adminKey}\r\n` +
              `Content-Type: ${contentType}\r\nContent-Length: ${declared}\r\n\r\n`,
          );
          timer = setInterval(() => {
            if (written >= declared || socket.destroyed) return;
            socket.write(piece);
            written += piece.length;
          }, 20);
        });
        socket.on('data', (chunk) => (response += chunk.toString('latin1')));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(timer);
          resolve({ response, written });
        });
      });
      expect(outcome.response).toMatch(/^HTTP\/1\.1 413 /);
      expect(outcome.response).toMatch(/\r\nconnection: close\r\n/i);
      // Closed long before the 20 MB declared were sent (at 64 KB per 20 ms that would take 6.4 s).
      expect(outcome.written).toBeLessThan(8 * 1024 * 1024);
    },
    30_000,
  );
});
