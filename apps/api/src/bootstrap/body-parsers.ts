import { BadRequestException, INestApplication, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import { Env } from '../config/env.schema';

/** A metric point is ~120 bytes of JSON; 400 leaves room for labels. */
const BYTES_PER_METRIC_POINT = 400;
/** A logged prediction with ~20 features is ~600 bytes of JSON; 2 KB leaves room for wider rows. */
const BYTES_PER_PREDICTION_ROW = 2048;
/** The two routes that take up to PREDICTIONS_MAX_BATCH rows. */
const PREDICTION_ROUTES = /^\/api\/v1\/models\/[^/]+\/(?:versions\/[^/]+\/predictions|actuals)\/?$/;

/**
 * JSON bodies are capped at BODY_LIMIT, except metric batches, which may carry up
 * to METRICS_MAX_BATCH points, and prediction/actual batches (PREDICTIONS_MAX_BATCH rows). Multipart uploads are streamed by their own handler.
 */
export function registerBodyParsers(app: INestApplication, env: Env): void {
  const metricsLimit = Math.max(env.BODY_LIMIT, env.METRICS_MAX_BATCH * BYTES_PER_METRIC_POINT);
  app.use('/api/v1/metrics', json({ limit: metricsLimit }));
  app.use(PREDICTION_ROUTES, json({ limit: Math.max(env.BODY_LIMIT, env.PREDICTIONS_MAX_BATCH * BYTES_PER_PREDICTION_ROW) }));
  app.use(json({ limit: env.BODY_LIMIT }));
  app.use(urlencoded({ extended: false, limit: env.BODY_LIMIT }));
  app.use(translateBodyParserErrors);
  app.use(rejectUnstorableInput);
}

/** Deeper JSON than this is refused before validation walks it (recursion would overflow the stack). */
export const MAX_JSON_DEPTH = 32;

/**
 * Input no handler can use, refused up front with a 400 instead of failing deep inside:
 * JSON nested deeper than MAX_JSON_DEPTH, and NUL characters (PostgreSQL text cannot hold
 * U+0000) in the body, the path or the query string.
 */
export function rejectUnstorableInput(request: Request, _response: Response, next: NextFunction): void {
  let rawPath: string;
  try {
    rawPath = decodeURIComponent(request.originalUrl ?? request.url);
  } catch {
    return next(new BadRequestException('The URL is not valid percent-encoding. Encode path and query values with encodeURIComponent.'));
  }
  if (rawPath.includes('\u0000')) {
    return next(new BadRequestException('The URL contains a NUL character (%00), which no field accepts. Remove it.'));
  }
  const problem = inspectJson(request.body as unknown, 0);
  if (problem === 'depth') {
    return next(new BadRequestException(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels. Send a flatter document.`));
  }
  if (problem === 'nul') {
    return next(new BadRequestException('A text value contains a NUL character (\\u0000), which cannot be stored. Remove it.'));
  }
  return next();
}

function inspectJson(value: unknown, depth: number): 'depth' | 'nul' | null {
  if (typeof value === 'string') return value.includes('\u0000') ? 'nul' : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return 'depth';
  // Not Object.entries: it made a [key, value] array per property (and a key string per array
  // item), ~35,000 for a 5,000-point metric batch, so this walk cost more than JSON.parse.
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = inspectJson(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000')) return 'nul';
    const found = inspectJson((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** body-parser's errors, turned into messages a client can act on (and the one error shape). */
function translateBodyParserErrors(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') {
    return next(new BadRequestException('The request body is not valid JSON. Check quotes, commas and brackets.'));
  }
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return next(new PayloadTooLargeException(`The request body is too large (limit ${limit ?? '?'} bytes). Send less data per request.`));
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return next(new UnsupportedMediaTypeException('Unsupported body encoding: send UTF-8 JSON.'));
  }
  if (type === 'request.aborted' || type === 'request.size.invalid') {
    return next(new BadRequestException('The request body was incomplete.'));
  }
  return next(error);
}
