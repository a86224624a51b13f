import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DashboardConfig } from '@stress/contracts';
import { Env } from '../config/env.schema';

/** Paths the dashboard must never shadow. */
const SERVER_PATHS = /^\/(api|health|metrics|auth)(\/|$)/;
/** Angular's hashed bundles (`main-ABC123.js`) never change: cache them for a year. */
const HASHED_ASSET = /-[A-Z0-9]{8,}\.(js|css|woff2?|png|svg|ico)$/;

/** dist/apps/api/main.js → dist/apps/dashboard/browser, unless DASHBOARD_DIR says otherwise. */
export function resolveDashboardDirectory(env: Env): string {
  return env.DASHBOARD_DIR ? resolve(env.DASHBOARD_DIR) : resolve(__dirname, '..', 'dashboard', 'browser');
}

/**
 * One process, one URL: the API also serves the built dashboard, its runtime
 * `config.json`, and `index.html` for any other GET so deep links work.
 * Returns false when no built dashboard exists (API-only deployments).
 */
export function serveDashboard(app: INestApplication, env: Env): boolean {
  const config: DashboardConfig = {
    apiBaseUrl: '',
    ...(env.OIDC_ISSUER_URL ? { sso: { providerName: env.OIDC_PROVIDER_NAME } } : {}),
    apiKeySignIn: env.AUTH_API_KEY_SIGNIN,
  };
  app.use('/config.json', (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.json(config);
  });

  const directory = resolveDashboardDirectory(env);
  const indexFile = join(directory, 'index.html');
  if (!existsSync(indexFile)) return false;

  app.use(
    express.static(directory, {
      index: false,
      setHeaders: (response, path) => {
        response.setHeader('Cache-Control', HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || SERVER_PATHS.test(request.path)) return next();
    // A missing file (`/main-OLD.js`) is a 404, not the app shell.
    if (/\.[A-Za-z0-9]{1,8}$/.test(request.path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexFile);
  });
  return true;
}
