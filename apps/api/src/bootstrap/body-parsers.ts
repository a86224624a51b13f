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
  const metricsMaxKeys = Math.max(MAX_JSON_KEYS, env.METRICS_MAX_BATCH * KEYS_PER_METRIC_POINT);
  const predictionsLimit = Math.max(env.BODY_LIMIT, env.PREDICTIONS_MAX_BATCH * BYTES_PER_PREDICTION_ROW);
  const predictionsMaxKeys = Math.max(MAX_JSON_KEYS, env.PREDICTIONS_MAX_BATCH * KEYS_PER_PREDICTION_ROW);
  app.use('/api/v1/metrics', refuseDeclaredOversize(metricsLimit), json({ limit: metricsLimit, verify: verifyJsonKeys(metricsMaxKeys) }));
  app.use(
    PREDICTION_ROUTES,
    refuseDeclaredOversize(predictionsLimit),
    json({ limit: predictionsLimit, verify: verifyJsonKeys(predictionsMaxKeys) }),
  );
  app.use(refuseDeclaredOversize(env.BODY_LIMIT), json({ limit: env.BODY_LIMIT, verify: verifyJsonKeys(MAX_JSON_KEYS) }));
  app.use(urlencoded({ extended: false, limit: env.BODY_LIMIT }));
  app.use(translateBodyParserErrors);
  app.use(rejectUnstorableInput);
}

/** Deeper JSON than this is refused before validation walks it (recursion would overflow the stack). */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys one JSON object may have, and keys a whole body may have. Turning a body into its DTO
 * (class-transformer) costs ~35 µs per key on the event loop: 80,000 keys in a 1 MB body held it for
 * 5 s. 10,000 keys (~0.35 s at most) still leave room for the largest real body, a model version with
 * 1,000 features.
 */
export const MAX_JSON_KEYS_PER_OBJECT = 1_000;
export const MAX_JSON_KEYS = 10_000;
/** A metric point's own fields (6) and up to 16 labels: a full batch stays acceptable. */
const KEYS_PER_METRIC_POINT = 22;
/** A prediction row is id, timestamp, prediction, probability and its features: 128 keys leaves room for ~120 features. */
const KEYS_PER_PREDICTION_ROW = 128;

/** Thrown by the key check; translateBodyParserErrors makes it a 400 with this message. */
class JsonKeyLimitError extends Error {
  readonly type = 'entity.keys.exceeded';
}

/**
 * Counts the keys of a JSON text as its bytes go by, before JSON.parse: an object with more than
 * MAX_JSON_KEYS_PER_OBJECT keys, or more than `maxKeys` keys in all, is refused at the first key over,
 * so an 80,000-key object costs a scan of a few kilobytes instead of parsing and validating 1 MB.
 * Only structure is tracked (strings, braces, commas); malformed JSON is left for JSON.parse to report.
 * Returns the problem's message, or null.
 */
export function jsonKeyProblem(bytes: Uint8Array, maxKeys: number): string | null {
  // Per open container: keys so far (objects) or -1 (arrays), and whether a key may come next.
  const keys: number[] = [];
  const keyNext: boolean[] = [];
  let total = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === 0x5c)
        index++; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
      continue;
    }
    const depth = keys.length - 1;
    if (byte === 0x22) {
      inString = true;
      if (depth >= 0 && keyNext[depth]) {
        keyNext[depth] = false;
        if (++keys[depth] > MAX_JSON_KEYS_PER_OBJECT) {
          return `A JSON object in the body has more than ${MAX_JSON_KEYS_PER_OBJECT} keys. No field takes that many: send only the documented fields.`;
        }
        if (++total > maxKeys) return `The JSON body has more than ${maxKeys} keys in all. Send less data per request.`;
      }
    } else if (byte === 0x7b) {
      keys.push(0);
      keyNext.push(true);
    } else if (byte === 0x5b) {
      keys.push(-1);
      keyNext.push(false);
    } else if (byte === 0x7d || byte === 0x5d) {
      keys.pop();
      keyNext.pop();
    } else if (byte === 0x2c && depth >= 0 && keys[depth] >= 0) {
      keyNext[depth] = true;
    }
  }
  return null;
}

/** body-parser `verify` hook applying jsonKeyProblem to the raw body. */
function verifyJsonKeys(maxKeys: number) {
  return (_request: unknown, _response: unknown, body: Buffer): void => {
    const problem = jsonKeyProblem(body, maxKeys);
    if (problem) throw new JsonKeyLimitError(problem);
  };
}

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
/**
 * body-parser answers a body over its limit only after reading the body to its end (it drains the
 * request so the connection can be reused): a client could make the server read 20 MB to refuse 1.
 * A declared Content-Length over the limit is refused before any byte is read, and the connection is
 * closed after the answer, so nothing more of that body is read.
 */
function refuseDeclaredOversize(limit: number) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const declared = Number(request.headers['content-length']);
    // A route's own parser (metric or prediction batches) has read the body already: its limit applied.
    if (request.readableEnded || !(declared > limit) || !request.is(['application/json', 'application/x-www-form-urlencoded']))
      return next();
    response.setHeader('Connection', 'close');
    next(tooLarge(limit));
  };
}

function tooLarge(limit: number | undefined): PayloadTooLargeException {
  return new PayloadTooLargeException(`The request body is too large (limit ${limit ?? '?'} bytes). Send less data per request.`);
}

function translateBodyParserErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.keys.exceeded') {
    return next(new BadRequestException((error as Error).message));
  }
  if (type === 'entity.parse.failed') {
    return next(new BadRequestException('The request body is not valid JSON. Check quotes, commas and brackets.'));
  }
  if (type === 'entity.too.large') {
    // A chunked body has no declared length: body-parser read it to the end; don't keep the connection.
    response.setHeader('Connection', 'close');
    return next(tooLarge((error as { limit?: number }).limit));
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return next(new UnsupportedMediaTypeException('Unsupported body encoding: send UTF-8 JSON.'));
  }
  if (type === 'request.aborted' || type === 'request.size.invalid') {
    return next(new BadRequestException('The request body was incomplete.'));
  }
  return next(error);
}
