import type { OpenAPIV3 } from 'openapi-types';
import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';
import { apiOperations, concretePath, isWrite, Operation } from './openapi-operations';

/**
 * Generated from the OpenAPI document the API serves, so every operation a feature adds
 * is covered the day it lands.
 */
describe('auth matrix from the OpenAPI document', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let operations: Operation[];
  let viewerKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
    const document = (await http(api.url).get('/api/docs-json').expect(200)).body as OpenAPIV3.Document;
    operations = apiOperations(document);
    viewerKey = await createKey(api.url, api.adminKey, 'viewer');
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const send = (operation: Operation, key?: string) => {
    const path = concretePath(operation);
    const request = http(api.url, key)[operation.method](path);
    return ['post', 'put', 'patch'].includes(operation.method) ? request.send({}) : request;
  };

  it('covers the operations of every feature module present', () => {
    expect(operations.length).toBeGreaterThanOrEqual(4);
    const paths = operations.map((operation) => operation.path);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/api-keys', '/api/v1/auth/me']));
  });

  it('answers 401 with the error shape to every /api/v1 operation called without a key', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      const response = await send(operation);
      if (response.status !== 401) failures.push(`${operation.method.toUpperCase()} ${operation.path} → ${response.status}`);
      else expectErrorShape(response.body, 401);
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 to an unknown key as well', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      const response = await send(operation, 'sam_not-a-real-key-0000000000000000000000000');
      if (response.status !== 401) failures.push(`${operation.method.toUpperCase()} ${operation.path} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to every write operation called with a viewer key (the assistant excepted), and documents it', async () => {
    const writes = operations.filter((operation) => isWrite(operation) && !operation.path.startsWith('/api/v1/chat'));
    expect(writes.length).toBeGreaterThanOrEqual(2);
    const failures: string[] = [];
    for (const operation of writes) {
      const where = `${operation.method.toUpperCase()} ${operation.path}`;
      const response = await send(operation, viewerKey);
      if (response.status !== 403) failures.push(`${where} → ${response.status}`);
      else expectErrorShape(response.body, 403);
      if (!operation.operation.responses['403']) failures.push(`${where}: 403 not documented`);
    }
    expect(failures).toEqual([]);
  });

  it('lets the viewer key read: no read operation answers 401 or 403 to it (the admin-only lists excepted)', async () => {
    const adminOnly = ['/api/v1/api-keys', '/api/v1/users', '/api/v1/audit-events'];
    const failures: string[] = [];
    for (const operation of operations.filter(
      (candidate) => candidate.method === 'get' && !adminOnly.some((path) => candidate.path.startsWith(path)),
    )) {
      const response = await send(operation, viewerKey);
      if (response.status === 401 || response.status === 403 || response.status >= 500) {
        failures.push(`${operation.method.toUpperCase()} ${operation.path} → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
