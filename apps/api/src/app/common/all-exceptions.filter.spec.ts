import { ArgumentsHost, BadRequestException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { AllExceptionsFilter, isDatabaseUnavailable } from './all-exceptions.filter';

function run(exception: unknown, requestHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = {};
  let status = 0;
  let body: unknown;
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    getHeader: (name: string) => headers[name.toLowerCase()],
    status(code: number) {
      status = code;
      return this;
    },
    json(payload: unknown) {
      body = payload;
    },
    end: jest.fn(),
  };
  const request = { headers: requestHeaders, method: 'GET', originalUrl: '/api/v1/x' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return { status, body, headers };
}

describe('AllExceptionsFilter', () => {
  it('shapes HTTP exceptions, keeping details and the request id', () => {
    const result = run(new BadRequestException({ message: 'Invalid request: name', details: [{ field: 'name', message: 'bad' }] }), {
      'x-request-id': 'abc-1',
    });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid request: name',
      details: [{ field: 'name', message: 'bad' }],
      requestId: 'abc-1',
    });
    expect(result.headers['x-request-id']).toBe('abc-1');
  });

  it('keeps a plain message', () => {
    expect(run(new NotFoundException('Model "x" not found')).body).toEqual(
      expect.objectContaining({ statusCode: 404, error: 'Not Found', message: 'Model "x" not found' }),
    );
  });

  it('answers unknown errors with 500 and no internals', () => {
    const error = new Error('relation "secret_table" does not exist at /srv/app.ts:12');
    const result = run(error);
    expect(result.status).toBe(500);
    expect(JSON.stringify(result.body)).not.toMatch(/secret_table|app\.ts/);
  });

  it('maps an unreachable database to 503 with Retry-After', () => {
    const result = run(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(result.status).toBe(503);
    expect(result.headers['retry-after']).toBe('5');
  });

  it('says when to retry after a rate limit', () => {
    const result = run(new ThrottlerException());
    expect(result.status).toBe(429);
    expect(result.headers['retry-after']).toBeDefined();
  });
});

describe('isDatabaseUnavailable', () => {
  it.each([
    [Object.assign(new Error('x'), { code: '08006' }), true],
    [Object.assign(new Error('x'), { code: '57P01' }), true],
    [new Error('timeout exceeded when trying to connect'), true],
    [new Error('Connection terminated unexpectedly'), true],
    [Object.assign(new Error('duplicate key'), { code: '23505' }), false],
    ['a string', false],
  ])('%s → %s', (error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});

describe('isInvalidDatabaseValue', () => {
  it('recognises SQLSTATE class 22 (values the client sent) and nothing else', () => {
    const { isInvalidDatabaseValue } = jest.requireActual<typeof import('./all-exceptions.filter')>('./all-exceptions.filter');
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    expect(isInvalidDatabaseValue(withCode('22003'))).toBe(true);
    expect(isInvalidDatabaseValue(withCode('22P02'))).toBe(true);
    expect(isInvalidDatabaseValue(Object.assign(new Error('x'), { driverError: { code: '22021' } }))).toBe(true);
    expect(isInvalidDatabaseValue(withCode('23505'))).toBe(false);
    expect(isInvalidDatabaseValue(withCode('08006'))).toBe(false);
    expect(isInvalidDatabaseValue('22003')).toBe(false);
  });
});
