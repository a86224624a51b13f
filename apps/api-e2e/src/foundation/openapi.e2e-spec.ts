import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { http } from '../support/http';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

describe('OpenAPI document', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let document: OpenAPIV3.Document;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database });
    document = (await http(api.url).get('/api/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('is a valid OpenAPI 3 document', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('declares bearer and X-API-Key security, required globally and waived for probes', () => {
    expect(document.components?.securitySchemes?.['bearer']).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(document.components?.securitySchemes?.['apiKey']).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    );
    expect(document.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(document.paths['/health/live']?.get?.security).toEqual([]);
  });

  it('gives every operation a summary, an operationId and a success response; /api operations document errors with the error schema', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item?.[method]).map((method) => ({
        path,
        method,
        operation: item?.[method] as OpenAPIV3.OperationObject,
      })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(6);
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, summary: operation.summary ?? '' }).toEqual({ where, summary: expect.stringMatching(/\w{3,}/) });
      expect(operation.operationId).toBeTruthy();
      const codes = Object.keys(operation.responses);
      expect({ where, success: codes.some((code) => /^2\d\d$/.test(code)) }).toEqual({ where, success: true });
      if (path.startsWith('/api/')) {
        for (const code of ['400', '401', '429']) {
          const response = operation.responses[code] as OpenAPIV3.ResponseObject | undefined;
          const schema = response?.content?.['application/json']?.schema as OpenAPIV3.ReferenceObject | undefined;
          expect({ where, code, ref: schema?.$ref }).toEqual({ where, code, ref: '#/components/schemas/ErrorResponseDto' });
        }
      }
    }
  });

  it('describes request and response bodies with schemas from the contracts', () => {
    const create = document.paths['/api/v1/api-keys']?.post as OpenAPIV3.OperationObject;
    const requestSchema = (create.requestBody as OpenAPIV3.RequestBodyObject).content['application/json']
      ?.schema as OpenAPIV3.ReferenceObject;
    expect(requestSchema.$ref).toBe('#/components/schemas/CreateApiKeyDto');
    const schemas = document.components?.schemas as Record<string, OpenAPIV3.SchemaObject>;
    expect(schemas['CreateApiKeyDto']?.required).toEqual(expect.arrayContaining(['name', 'role']));
    expect(schemas['CreateApiKeyDto']?.properties?.['role']).toEqual(expect.objectContaining({ enum: ['viewer', 'editor', 'admin'] }));
    expect(schemas['CreatedApiKeyDto']?.properties?.['key']).toBeDefined();
    expect(schemas['ErrorResponseDto']?.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message', 'requestId']));
  });

  it('serves Swagger UI at /api/docs without a key', async () => {
    const response = await http(api.url).get('/api/docs').redirects(1).expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toMatch(/swagger-ui/i);
  });
});
