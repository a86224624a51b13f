import type { NextFunction, Request, Response } from 'express';
import { ObservabilityService, UNMATCHED_ROUTE } from './observability.service';

/** Express's matched route: `/api/v1/models/:name`, never the raw URL (bounded label values). */
export function routeTemplate(request: Request): string {
  const route = (request as Request & { route?: { path?: unknown } }).route;
  const path = route?.path;
  if (typeof path === 'string' && path.length > 0) return `${request.baseUrl ?? ''}${path}`;
  return UNMATCHED_ROUTE;
}

/** Methods outside this list are reported as OTHER, so junk methods cannot add label values. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Times every request to `http_request_duration_seconds{method,route,status_code}`. */
export function httpMetricsMiddleware(observability: ObservabilityService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      if (request.path === '/metrics') return; // scrapes would dominate the histogram
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = KNOWN_METHODS.has(request.method) ? request.method : 'OTHER';
      observability.observeHttpRequest(method, routeTemplate(request), response.statusCode, seconds);
    });
    next();
  };
}
