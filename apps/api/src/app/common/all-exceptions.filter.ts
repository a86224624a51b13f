import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { ErrorResponseDto } from '@stress/contracts';
import { assignRequestId } from './request-id';

/** Errors of the database driver that mean "the database is not reachable right now". */
const UNAVAILABLE_DATABASE_ERRORS = [
  /ECONNREFUSED/,
  /ECONNRESET/,
  /ETIMEDOUT/,
  /EHOSTUNREACH/,
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down)/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin shutdown, cannot connect now).
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[123]$/.test(code))) return true;
  const text = `${error.message} ${(error as { driverError?: Error }).driverError?.message ?? ''}`;
  return UNAVAILABLE_DATABASE_ERRORS.some((pattern) => pattern.test(text));
}

/**
 * SQLSTATE class 22 (data exception: numeric value out of range, invalid text representation,
 * untranslatable character...): the client sent a value the database cannot take, a 400.
 */
export function isInvalidDatabaseValue(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * Every error leaves as `{ statusCode, error, message, details?, requestId }`:
 * never a stack trace, never a driver message that leaks internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const requestId = assignRequestId(request, response);
    const body = this.toBody(exception, requestId);

    if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, requestId, method: request.method, url: request.originalUrl },
        `${request.method} ${request.originalUrl} failed with ${body.statusCode}`,
      );
    }
    if (response.headersSent) {
      // A streamed response (CSV download, SSE) failed midway: all we can do is end it.
      response.end();
      return;
    }
    if (exception instanceof ThrottlerException && !response.getHeader('Retry-After')) {
      response.setHeader('Retry-After', '1');
    }
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE && !response.getHeader('Retry-After')) {
      response.setHeader('Retry-After', '5');
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorResponseDto {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const payload = exception.getResponse();
      let message: string = exception.message;
      let details: unknown;
      if (typeof payload === 'string') {
        message = payload;
      } else if (payload && typeof payload === 'object') {
        const record = payload as Record<string, unknown>;
        if (typeof record['message'] === 'string') message = record['message'];
        else if (Array.isArray(record['message'])) {
          message = record['message'].map(String).join('; ');
        }
        if (record['details'] !== undefined) details = record['details'];
      }
      if (exception instanceof ThrottlerException) {
        message =
          'Too many requests: the rate limit for this key (or address) is exceeded. Retry after the number of seconds in Retry-After.';
      }
      return this.body(statusCode, message, requestId, details);
    }

    // Other Express middleware errors that carry a client-error status.
    const status = (exception as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return this.body(status, STATUS_CODES[status] ?? 'Bad request', requestId);
    }

    if (isInvalidDatabaseValue(exception)) {
      return this.body(
        400,
        'A value in the request is not valid for its field (out of range, malformed, or containing characters that cannot be stored). Check the values you sent.',
        requestId,
      );
    }
    if (isDatabaseUnavailable(exception)) {
      return this.body(503, 'The database is unavailable right now. Retry in a few seconds.', requestId);
    }
    return this.body(500, `Internal server error. Quote request id ${requestId} when reporting it.`, requestId);
  }

  private body(statusCode: number, message: string, requestId: string, details?: unknown): ErrorResponseDto {
    return {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message,
      ...(details === undefined ? {} : { details }),
      requestId,
    };
  }
}
