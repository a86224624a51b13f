import type { OpenAPIV3 } from 'openapi-types';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { ApiProcess, DatabaseServer, startApi, startDatabaseServer } from '@stress/e2e-support';
import { http } from '../support/http';
import { apiOperations, concretePath, Operation, resolve } from './openapi-operations';

/**
 * Bad input generated from the OpenAPI schemas: every operation gets wrong types, missing and
 * extra fields, huge strings, control characters and emoji, negative and huge numbers,
 * NaN/Infinity strings, SQL and path meta-characters, prototype and operator keys, objects
 * where scalars belong, bad path parameters and bad query values. Nothing may answer 5xx,
 * and a rejected request must leave the database exactly as it was.
 */

const HUGE = 'x'.repeat(200_000);
const NASTY_STRINGS = [
  '',
  ' ',
  HUGE,
  '\u0000\u0001\u0002\u001f\u007f',
  'line\nbreak\r\ttab',
  '😀🔥💥 emoji 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\ud800',
  "'; DROP TABLE api_keys; --",
  '" OR 1=1 --',
  '../../../../etc/passwd',
  '..\\..\\windows\\system32',
  '%00%2e%2e%2f',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '__proto__',
  '{"$gt":""}',
];
const NASTY_NUMBERS: unknown[] = [-1, 0, -0, 1e308, -1e308, 2 ** 53 + 1, 1.5, 1e-320, 'NaN', 'Infinity', '12abc', ''];
const WRONG_TYPES: unknown[] = [null, true, 123, 'string', [], [1, 2], {}, { nested: { deeper: [1] } }];
const OPERATOR_KEYS: Array<Record<string, unknown>> = [
  JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>,
  { constructor: { prototype: { polluted: true } } },
  { $where: '1 == 1' },
  { $gt: '' },
  { 'a.b': 1 },
];
const BAD_PATH_VALUES = [
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  "' OR 1=1 --",
  '😀',
  '-1',
  'NaN',
  'x'.repeat(5000),
  '%E0%A4%A',
  '{}',
  '[]',
  '00000000-0000-0000-0000-00000000000Z',
];
const BAD_QUERY_VALUES = [
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '99999999999999999999',
  'abc',
  '',
  "' OR 1=1",
  '[object Object]',
  '😀',
  '%00',
  'x'.repeat(5000),
];

function propertiesOf(document: OpenAPIV3.Document, schema: OpenAPIV3.SchemaObject): Record<string, OpenAPIV3.SchemaObject> {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, value]) => [name, resolve<OpenAPIV3.SchemaObject>(document, value)]),
  );
}

/** A value of the right type for a schema (used as the base the bad values replace). */
function validish(document: OpenAPIV3.Document, schema: OpenAPIV3.SchemaObject, depth = 0): unknown {
  if (schema.enum?.length) return schema.enum[0];
  if (schema.example !== undefined) return schema.example;
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array': {
      const items = resolve<OpenAPIV3.SchemaObject>(document, (schema as OpenAPIV3.ArraySchemaObject).items);
      return depth > 3 ? [] : [validish(document, items, depth + 1)];
    }
    case 'object':
      return depth > 3 ? {} : validObject(document, schema, depth + 1);
    default:
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      return 'fuzz-value';
  }
}

function validObject(document: OpenAPIV3.Document, schema: OpenAPIV3.SchemaObject, depth = 0): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(propertiesOf(document, schema)).map(([name, property]) => [name, validish(document, property, depth)]),
  );
}

function badValuesFor(schema: OpenAPIV3.SchemaObject): unknown[] {
  const base = [...WRONG_TYPES, ...OPERATOR_KEYS];
  if (schema.type === 'integer' || schema.type === 'number') return [...base, ...NASTY_NUMBERS, ...NASTY_STRINGS.slice(0, 6)];
  if (schema.type === 'string' || schema.type === undefined) return [...base, ...NASTY_STRINGS, ...NASTY_NUMBERS.slice(0, 4)];
  if (schema.type === 'array') return [...base, [null], [HUGE], Array.from({ length: 5000 }, () => ({})), ...NASTY_STRINGS.slice(0, 4)];
  return [...base, ...NASTY_STRINGS.slice(0, 6), ...NASTY_NUMBERS.slice(0, 4)];
}

interface Case {
  operation: Operation;
  path: string;
  body?: unknown;
  rawBody?: { contentType: string; data: string };
}

/** Every bad request for one operation. */
function casesFor(document: OpenAPIV3.Document, operation: Operation): Case[] {
  const cases: Case[] = [];
  const path = concretePath(operation);
  const base = operation.jsonBody ? validObject(document, operation.jsonBody) : {};

  if (operation.jsonBody) {
    const properties = propertiesOf(document, operation.jsonBody);
    for (const [name, property] of Object.entries(properties)) {
      for (const value of badValuesFor(property)) cases.push({ operation, path, body: { ...base, [name]: value } });
      const missing = { ...base };
      delete missing[name];
      cases.push({ operation, path, body: missing });
      // One level down: bad values inside arrays of objects (e.g. metric points).
      if (property.type === 'array') {
        const items = resolve<OpenAPIV3.SchemaObject>(document, (property as OpenAPIV3.ArraySchemaObject).items);
        if (items.type === 'object' || items.properties) {
          const item = validObject(document, items);
          for (const [inner, innerSchema] of Object.entries(propertiesOf(document, items))) {
            for (const value of badValuesFor(innerSchema).slice(0, 14))
              cases.push({ operation, path, body: { ...base, [name]: [item, { ...item, [inner]: value }] } });
          }
        }
      }
    }
    for (const extra of OPERATOR_KEYS) cases.push({ operation, path, body: { ...base, ...extra } });
    cases.push({ operation, path, body: { ...base, unexpectedField: 'x', another: { deep: true } } });
  }
  if (['post', 'put', 'patch'].includes(operation.method)) {
    for (const whole of [null, [], [base], 'string', 42, true, { a: { b: { c: { d: { e: {} } } } } }])
      cases.push({ operation, path, body: whole });
    for (const raw of [
      { contentType: 'application/json', data: '{"unterminated": ' },
      { contentType: 'application/json', data: '{"a":1,}' },
      { contentType: 'application/json', data: '\u0000\u0001' },
      { contentType: 'application/json', data: `{"deep":${'['.repeat(5000)}${']'.repeat(5000)}}` },
      { contentType: 'application/json; charset=latin9', data: '{}' },
      { contentType: 'text/plain', data: 'hello' },
      { contentType: 'application/xml', data: '<a>1</a>' },
      { contentType: 'application/x-www-form-urlencoded', data: '__proto__[x]=1&a[b][c]=2' },
      { contentType: 'multipart/form-data; boundary=xyz', data: '--xyz\r\nbroken' },
    ]) {
      cases.push({ operation, path, rawBody: raw });
    }
  }
  for (const parameter of operation.pathParameters) {
    for (const value of BAD_PATH_VALUES) {
      const bad = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        name === parameter.name ? value : encodeURIComponent(concreteValue(name)),
      );
      cases.push({ operation, path: bad, body: ['post', 'put', 'patch'].includes(operation.method) ? base : undefined });
    }
  }
  for (const parameter of operation.queryParameters) {
    for (const value of BAD_QUERY_VALUES) {
      cases.push({ operation, path: `${path}?${encodeURIComponent(parameter.name)}=${encodeURIComponent(value)}` });
    }
    cases.push({ operation, path: `${path}?${parameter.name}=1&${parameter.name}=2` });
    cases.push({ operation, path: `${path}?${parameter.name}[$gt]=1` });
    cases.push({ operation, path: `${path}?${parameter.name}[]=a&${parameter.name}[]=b` });
  }
  if (operation.method === 'get') {
    cases.push({ operation, path: `${path}?__proto__[polluted]=1&constructor[prototype][x]=1` });
    cases.push({ operation, path: `${path}?limit=-5&offset=-1&unknown=${'y'.repeat(3000)}` });
  }
  return cases;
}

function concreteValue(name: string): string {
  return concretePath({ path: `{${name}}` } as Operation).replace(/^\//, '');
}

/** Sends raw bytes (supertest would re-encode them) and returns the status. */
function sendRaw(baseUrl: string, key: string, method: string, path: string, contentType: string, data: string): Promise<number> {
  const url = new URL(baseUrl);
  return new Promise((resolvePromise, reject) => {
    const request = httpRequest(
      {
        hostname: url.hostname,
        port: url.port,
        path,
        method: method.toUpperCase(),
        headers: { 'Content-Type': contentType, Authorization: `Bearer ${key}`, 'Content-Length': Buffer.byteLength(data) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolvePromise(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(data);
  });
}

/** Row count and content digest of every table, ignoring bookkeeping columns that reads update. */
async function snapshot(client: Client): Promise<Record<string, string>> {
  const tables = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY table_name`,
  );
  const result: Record<string, string> = {};
  for (const { table_name: table } of tables.rows) {
    const row = await client.query<{ n: string; digest: string | null }>(
      `SELECT count(*)::text AS n, md5(string_agg((to_jsonb(t) - 'last_used_at')::text, ',' ORDER BY (to_jsonb(t) - 'last_used_at')::text)) AS digest FROM "${table}" t`,
    );
    result[table] = `${row.rows[0]?.n}:${row.rows[0]?.digest ?? ''}`;
  }
  return result;
}

describe('bad-input fuzz generated from the OpenAPI schemas', () => {
  let databaseServer: DatabaseServer;
  let api: ApiProcess;
  let client: Client;
  let document: OpenAPIV3.Document;

  beforeAll(async () => {
    // A database server the test can look into while the API runs (PostgreSQL, or the embedded one over TCP).
    databaseServer = await startDatabaseServer();
    api = await startApi({
      database: { kind: 'postgres', env: { DATABASE_URL: databaseServer.url }, url: null, drop: async () => undefined },
      env: { THROTTLE_LIMIT: '1000000', CHAT_THROTTLE_LIMIT: '1000000', LOG_LEVEL: 'error' },
    });
    client = new Client({ connectionString: databaseServer.url });
    await client.connect();
    document = (await http(api.url).get('/api/docs-json').expect(200)).body as OpenAPIV3.Document;
  });

  afterAll(async () => {
    await client?.end();
    await api?.stop();
    await databaseServer?.stop();
  });

  it('sends at least 2,000 bad requests: none answers 5xx, and no rejected request stores anything', async () => {
    const operations = apiOperations(document);
    const failures: string[] = [];
    const statusCounts = new Map<number, number>();
    let sent = 0;
    let refusedWriteBatches = 0;
    // Repeat the generated cases until the floor is reached, whatever the number of operations.
    const all = operations.flatMap((operation) => casesFor(document, operation));
    expect(all.length).toBeGreaterThan(0);
    const rounds = Math.max(1, Math.ceil(2_000 / all.length));

    for (const operation of operations) {
      const cases = casesFor(document, operation);
      const write = operation.method !== 'get';
      // Writes: the database is compared around every batch of 8 concurrent requests that were all refused.
      let before = write ? await snapshot(client) : {};
      for (let round = 0; round < rounds; round++) {
        for (let index = 0; index < cases.length; index += 8) {
          const statuses = await Promise.all(
            cases.slice(index, index + 8).map(async (item) => {
              if (item.rawBody)
                return sendRaw(api.url, api.adminKey, item.operation.method, item.path, item.rawBody.contentType, item.rawBody.data);
              const request = http(api.url, api.adminKey)[item.operation.method](item.path);
              const response = await (item.body === undefined
                ? request
                : request.set('Content-Type', 'application/json').send(JSON.stringify(item.body)));
              return response.status;
            }),
          );
          statuses.forEach((status, offset) => {
            sent++;
            statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
            const item = cases[index + offset] as Case;
            if (status >= 500)
              failures.push(
                `${item.operation.method.toUpperCase()} ${item.path.slice(0, 120)} ${JSON.stringify(item.body ?? item.rawBody)?.slice(0, 160)} → ${status}`,
              );
          });
          if (!write) continue;
          const after = await snapshot(client);
          if (statuses.every((status) => status >= 400) && JSON.stringify(after) !== JSON.stringify(before)) {
            const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
            failures.push(`${operation.method.toUpperCase()} ${operation.path}: refused requests changed ${changed.join(', ')}`);
          }
          if (statuses.every((status) => status >= 400)) refusedWriteBatches++;
          before = after;
        }
      }
    }
    process.stdout.write(
      `fuzz: ${sent} requests over ${operations.length} operations; ${refusedWriteBatches} all-refused write batches left the database unchanged; statuses ${JSON.stringify(Object.fromEntries([...statusCounts].sort()))}\n`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(2_000);
    expect(refusedWriteBatches).toBeGreaterThan(50);
    // The process survived all of it.
    await http(api.url).get('/health/ready').expect(200);
  }, 300_000);
});
