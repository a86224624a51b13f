import {
  BadRequestException,
  INestApplication,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import { Env } from '../config/env.schema';

/** A metric point is ~120 bytes of JSON; 400 leaves room for labels. */
const BYTES_PER_METRIC_POINT = 400;

/**
 * JSON bodies are capped at BODY_LIMIT, except metric batches, which may carry up
 * to METRICS_MAX_BATCH points. Multipart uploads are streamed by their own handler.
 */
export function registerBodyParsers(app: INestApplication, env: Env): void {
  const metricsLimit = Math.max(env.BODY_LIMIT, env.METRICS_MAX_BATCH * BYTES_PER_METRIC_POINT);
  app.use('/api/v1/metrics', json({ limit: metricsLimit }));
  app.use(json({ limit: env.BODY_LIMIT }));
  app.use(urlencoded({ extended: false, limit: env.BODY_LIMIT }));
  app.use(translateBodyParserErrors);
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
