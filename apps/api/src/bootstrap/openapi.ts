import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Stress AI Model Monitoring API')
    .setDescription(
      'Register models, push metrics, upload datasets, detect drift, check quality and ask the monitoring assistant. ' +
        'Every /api route needs an API key, sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`. ' +
        'Errors always have the shape `{ statusCode, error, message, details?, requestId }`.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key as a bearer token.' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same API key in a header.' }, 'apiKey')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // Probes are public: say so, instead of inheriting the global key requirement.
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/health') && path !== '/metrics') continue;
    for (const operation of Object.values(item)) {
      if (operation && typeof operation === 'object' && 'responses' in operation) operation.security = [];
    }
  }
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  // The JSON and YAML documents, served verbatim.
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, {
    ui: false,
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/docs-yaml',
  });
  // The Swagger UI page loads that JSON by URL instead of embedding the document in
  // swagger-ui-init.js: @nestjs/swagger 11.4 builds that script with
  // String.prototype.replace and a string replacement, so a "$`" in a description (the
  // metric-name pattern `^…$`) was read as a replacement pattern and cut the script, leaving
  // the page blank (nestjs/swagger PR #4119, unreleased). An empty spec makes Swagger UI
  // fetch `swaggerUrl`, so no text of ours passes through that replace.
  SwaggerModule.setup(OPENAPI_UI_PATH, app, {} as OpenAPIObject, {
    raw: false,
    swaggerUrl: `/${OPENAPI_JSON_PATH}`,
    customSiteTitle: 'Stress AI Model Monitoring API',
    swaggerOptions: { persistAuthorization: false },
  });
}
