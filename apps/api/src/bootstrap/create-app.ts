import { assignRequestId } from '../app/common/request-id';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasRole } from '../app/jobs/process-roles';
import { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { RequestMethod, VersioningType } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app/app.module';
import { SSO_PATHS } from '../app/auth/sso.controller';
import { createValidationPipe } from '../app/common/validation';
import { LifecycleService } from '../app/health/lifecycle.service';
import { httpMetricsMiddleware } from '../app/observability/http-metrics.middleware';
import { ObservabilityService } from '../app/observability/observability.service';
import { Env } from '../config/env.schema';
import { DatabaseConnection } from '../database/database-options';
import { registerBodyParsers } from './body-parsers';
import { serveDashboard } from './dashboard-static';
import { setupOpenApi } from './openapi';
import { applyServerTimeouts, requestDeadlineMiddleware } from './request-deadlines';
import type { Server } from 'node:http';

/**
 * Paths outside the `/api` prefix and URI versioning. Prometheus' `/metrics` is GET only:
 * a bare 'metrics' entry would also strip the prefix from `POST /api/v1/metrics`.
 */
const UNPREFIXED: Array<string | RouteInfo> = ['health/live', 'health/ready', { path: 'metrics', method: RequestMethod.GET }, ...SSO_PATHS];

const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=()';

export interface CreatedApp {
  app: NestExpressApplication;
  dashboardServed: boolean;
}

/** Builds the fully configured application without listening; main.ts and tests share it. */
/** A worker-only process (PROCESS_ROLES=worker) answers its probes and metrics, nothing else. */
function workerOnlyMiddleware(request: IncomingMessage & { path: string }, response: ServerResponse, next: () => void): void {
  if (request.path.startsWith('/health') || request.path === '/metrics') return next();
  const requestId = assignRequestId(request, response);
  response.statusCode = 404;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(
    JSON.stringify({
      statusCode: 404,
      error: 'Not Found',
      message: 'This process runs jobs only (PROCESS_ROLES=worker); send API requests to a process with the api role.',
      requestId,
    }),
  );
}

export async function createApp(env: Env, database: DatabaseConnection): Promise<CreatedApp> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env, database), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  // First middleware: times every request, including those refused before routing.
  app.use(httpMetricsMiddleware(app.get(ObservabilityService)));
  app.disable('x-powered-by');
  app.set('trust proxy', env.TRUST_PROXY);
  // Only an https site may tell browsers to upgrade requests or remember HTTPS: on a plain-HTTP install
  // that is not localhost, upgrade-insecure-requests broke every script and API call.
  const servedOverHttps = env.PUBLIC_URL?.startsWith('https:') ?? false;
  app.use(
    helmet({
      hsts: servedOverHttps ? { maxAge: 15_552_000, includeSubDomains: true } : false,
      frameguard: { action: 'deny' },
      contentSecurityPolicy: {
        directives: {
          upgradeInsecureRequests: servedOverHttps ? [] : null,
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Angular and Material insert component styles at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          // Signing out posts /auth/logout, which redirects to the identity provider's end-session page.
          formAction: ["'self'", ...(env.OIDC_ISSUER_URL ? [new URL(env.OIDC_ISSUER_URL).origin] : [])],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => {
    // Features the dashboard never uses (the same list as the dashboard's nginx).
    response.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    next();
  });
  const lifecycle = app.get(LifecycleService);
  app.use((_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => {
    // While draining, tell keep-alive clients to reconnect (to another replica).
    if (lifecycle.isDraining) response.setHeader('Connection', 'close');
    next();
  });
  applyServerTimeouts(app.getHttpServer() as Server, env);
  // Before the body parsers, which wait for the whole body.
  app.use(requestDeadlineMiddleware(env));
  if (!hasRole(env.PROCESS_ROLES, 'api')) app.use(workerOnlyMiddleware);
  app.enableCors({
    // Empty CORS_ORIGINS → no CORS headers at all: browsers allow the same origin only.
    origin: env.CORS_ORIGINS.length > 0 ? env.CORS_ORIGINS : false,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'X-Request-Id', 'Idempotency-Key', 'X-CSRF-Token'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition'],
    maxAge: 600,
  });
  registerBodyParsers(app, env);
  const dashboardServed = hasRole(env.PROCESS_ROLES, 'api') && serveDashboard(app, env);

  app.setGlobalPrefix('api', { exclude: UNPREFIXED });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
  return { app, dashboardServed };
}
