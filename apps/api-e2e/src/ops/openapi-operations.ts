import type { OpenAPIV3 } from 'openapi-types';

export const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];

export interface Operation {
  method: Method;
  /** OpenAPI path template, e.g. /api/v1/models/{name}. */
  path: string;
  operation: OpenAPIV3.OperationObject;
  pathParameters: OpenAPIV3.ParameterObject[];
  queryParameters: OpenAPIV3.ParameterObject[];
  /** The JSON request body schema, resolved, when the operation takes JSON. */
  jsonBody: OpenAPIV3.SchemaObject | null;
  /** True when the operation takes multipart/form-data (uploads). */
  multipart: boolean;
}

/** Follows `$ref`s into components (one level at a time, as often as needed). */
export function resolve<T>(document: OpenAPIV3.Document, value: T | OpenAPIV3.ReferenceObject): T {
  let current: unknown = value;
  for (let depth = 0; depth < 20 && current && typeof current === 'object' && '$ref' in current; depth++) {
    const ref = (current as OpenAPIV3.ReferenceObject).$ref;
    current = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], document);
  }
  return current as T;
}

/** Every `/api/v1` operation of the document. */
export function apiOperations(document: OpenAPIV3.Document): Operation[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, item]) =>
      METHODS.filter((method) => item?.[method]).map((method) => {
        const operation = item?.[method] as OpenAPIV3.OperationObject;
        const parameters = [...(item?.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) =>
          resolve<OpenAPIV3.ParameterObject>(document, parameter),
        );
        const body = operation.requestBody ? resolve<OpenAPIV3.RequestBodyObject>(document, operation.requestBody) : null;
        const json = body?.content['application/json']?.schema;
        return {
          method,
          path,
          operation,
          pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
          queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
          jsonBody: json ? resolve<OpenAPIV3.SchemaObject>(document, json) : null,
          multipart: Boolean(body?.content['multipart/form-data']),
        };
      }),
    );
}

/** A plausible value for a path parameter (the resource may not exist: 404 is fine). */
export function samplePathValue(name: string): string {
  if (/id$/i.test(name)) return '00000000-0000-4000-8000-000000000000';
  if (/version/i.test(name)) return '1.0.0';
  return 'no-such-thing';
}

export function concretePath(operation: Operation, values: Record<string, string> = {}): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? samplePathValue(name)));
}

export const isWrite = (operation: Operation): boolean => (WRITE_METHODS as readonly string[]).includes(operation.method);
