import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { ApiProcess, DatabaseServer, startApi, startDatabaseServer } from '@stress/e2e-support';
import { expectErrorShape, http } from '../support/http';

const TOKEN = 'upload-limits-metrics-token-0123';

/** Sends a raw multipart body (optionally without Content-Length, i.e. chunked). */
function post(url: string, key: string, contentType: string, body: Buffer, chunked = false): Promise<{ status: number; body: unknown }> {
  const target = new URL('/api/v1/datasets', url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'Content-Type': contentType, Authorization: `Bearer ${key}`, ...(chunked ? {} : { 'Content-Length': body.length }) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    request.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    if (chunked) {
      for (let offset = 0; offset < body.length; offset += 64 * 1024) request.write(body.subarray(offset, offset + 64 * 1024));
      request.end();
    } else request.end(body);
  });
}

function multipart(boundary: string, csv: string): Buffer {
  return Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nlimit-test\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="data.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
  );
}

async function datasetRows(client: Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['datasets', 'dataset_columns']) {
    const exists = await client.query(`SELECT to_regclass($1) AS t`, [table]);
    if (!exists.rows[0]?.t) continue;
    counts[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
  }
  return counts;
}

describe('dataset upload limits', () => {
  let databaseServer: DatabaseServer;
  let api: ApiProcess;
  let client: Client;
  beforeAll(async () => {
    databaseServer = await startDatabaseServer();
    api = await startApi({
      database: { kind: 'postgres', env: { DATABASE_URL: databaseServer.url }, url: null, drop: async () => undefined },
      env: { MAX_UPLOAD_MB: '1', THROTTLE_LIMIT: '100000', METRICS_TOKEN: TOKEN },
    });
    client = new Client({ connectionString: databaseServer.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await api?.stop();
    await databaseServer?.stop();
  });

  const big = 'a,b\n' + '123456.789,987654.321\n'.repeat(120_000); // ~2.6 MB

  it('answers 413 to an upload over MAX_UPLOAD_MB (declared or streamed) and stores nothing', async () => {
    const before = await datasetRows(client);
    for (const chunked of [false, true]) {
      const response = await post(api.url, api.adminKey, 'multipart/form-data; boundary=XyZ', multipart('XyZ', big), chunked);
      expect({ chunked, status: response.status }).toEqual({ chunked, status: 413 });
      expectErrorShape(response.body, 413);
    }
    expect(await datasetRows(client)).toEqual(before);
    await http(api.url).get('/health/ready').expect(200);
  });

  it.each([
    ['no boundary', 'multipart/form-data', multipart('XyZ', 'a\n1\n')],
    ['wrong boundary', 'multipart/form-data; boundary=Other', multipart('XyZ', 'a\n1\n')],
    ['truncated body', 'multipart/form-data; boundary=XyZ', multipart('XyZ', 'a,b\n1,2\n').subarray(0, 120)],
    ['garbage', 'multipart/form-data; boundary=XyZ', Buffer.from('\u0000\u0001 not multipart at all')],
    [
      'no file part',
      'multipart/form-data; boundary=XyZ',
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--XyZ--\r\n'),
    ],
    ['JSON instead of multipart', 'application/json', Buffer.from('{"name":"x"}')],
  ])('answers 400 to malformed multipart (%s) and stores nothing', async (_what, contentType, body) => {
    const before = await datasetRows(client);
    const response = await post(api.url, api.adminKey, contentType, body);
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 400);
    expect(await datasetRows(client)).toEqual(before);
  });

  it('counts upload bytes and outcomes in /metrics', async () => {
    const text = await (await fetch(`${api.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(`${series} `))
          ?.split(' ')
          .pop(),
      );
    expect(value('dataset_uploads_total{outcome="rejected"}')).toBeGreaterThanOrEqual(8);
    expect(value('dataset_upload_bytes_total{outcome="rejected"}')).toBeGreaterThan(0);
    const ok = await post(api.url, api.adminKey, 'multipart/form-data; boundary=XyZ', multipart('XyZ', 'a,b\n1,2\n3,4\n5,6\n'));
    expect(ok.status).toBe(201);
    const after = await (await fetch(`${api.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    expect(after).toMatch(/^dataset_uploads_total\{outcome="stored"\} 1$/m);
  });
});
