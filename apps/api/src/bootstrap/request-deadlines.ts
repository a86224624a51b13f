import { RequestTimeoutException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { Env } from '../config/env.schema';

/** The one route whose body may take longer than REQUEST_TIMEOUT_MS: it has UPLOAD_TIMEOUT_MS and a minimum rate. */
export function isDatasetUpload(request: Request): boolean {
  return request.method === 'POST' && /^\/api\/v1\/datasets\/?$/.test(request.path);
}

/**
 * Node's own timeouts. requestTimeout is server-wide, so it is the upload bound (the larger one);
 * requestDeadlineMiddleware holds every other request to REQUEST_TIMEOUT_MS. Since Node 18 headersTimeout
 * only runs while a request's headers arrive, so it need not exceed keepAliveTimeout (the Node 12 rule);
 * it must not exceed requestTimeout.
 */
export function applyServerTimeouts(server: Server, env: Env): void {
  server.requestTimeout = Math.max(env.REQUEST_TIMEOUT_MS, env.UPLOAD_TIMEOUT_MS);
  server.headersTimeout = Math.min(env.HEADERS_TIMEOUT_MS, server.requestTimeout);
  server.keepAliveTimeout = env.KEEP_ALIVE_TIMEOUT_MS;
}

/**
 * Answers 408 and closes the connection when a request (uploads aside) has not been received in full within
 * REQUEST_TIMEOUT_MS, as Node's requestTimeout would: a stalled or trickled body no longer holds a socket
 * for Node's default of 300 s. A handler that is still working on a complete request is not cut.
 */
export function requestDeadlineMiddleware(env: Env) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (isDatasetUpload(request)) return next();
    const timer = setTimeout(() => {
      if (request.complete || response.headersSent) return;
      response.setHeader('Connection', 'close');
      next(
        new RequestTimeoutException(
          `The request body did not arrive within ${env.REQUEST_TIMEOUT_MS} ms (REQUEST_TIMEOUT_MS). Send the whole request at once.`,
        ),
      );
    }, env.REQUEST_TIMEOUT_MS);
    timer.unref();
    response.once('close', () => clearTimeout(timer));
    next();
  };
}
