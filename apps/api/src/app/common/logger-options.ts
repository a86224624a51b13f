import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Env } from '../../config/env.schema';
import { assignRequestId } from './request-id';

/** Structured JSON logs, one line per event, each request's lines carrying its id. */
export function loggerOptions(env: Env): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: env.LOG_LEVEL,
      genReqId: (request: IncomingMessage, response: ServerResponse) => assignRequestId(request, response),
      customAttributeKeys: { reqId: 'requestId' },
      // Keys must never reach a log.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          // The assistant's LLM key, should an object carrying it ever be logged.
          'apiKey',
          '*.apiKey',
          'OPENAI_API_KEY',
          '*.OPENAI_API_KEY',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customLogLevel: (_request, response, error) => {
        if (error || response.statusCode >= 500) return 'error';
        if (response.statusCode >= 400) return 'warn';
        return 'info';
      },
      // Probes run every few seconds; logging each would drown real traffic.
      autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health/') },
    },
  };
}
