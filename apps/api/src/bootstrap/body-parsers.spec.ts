import { BadRequestException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { jsonKeyProblem, MAX_JSON_DEPTH, MAX_JSON_KEYS_PER_OBJECT, rejectUnstorableInput } from './body-parsers';

/** What rejectUnstorableInput passes to next(): undefined to go on, or the 400's message. */
function verdict(body: unknown, url = '/api/v1/metrics'): string | undefined {
  let result: string | undefined = 'next() not called';
  rejectUnstorableInput({ originalUrl: url, body } as Request, {} as Response, (error?: unknown) => {
    result = error === undefined ? undefined : (error as BadRequestException).message;
  });
  return result;
}

function nested(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = wrap(value);
  return value;
}

describe('rejectUnstorableInput', () => {
  it('lets ordinary bodies through', () => {
    const points = Array.from({ length: 100 }, (_, index) => ({ model: 'm', value: index, labels: { a: 'b' } }));
    for (const body of [{ points }, [], {}, null, undefined, 'text', 42, { a: [1, [2, [3]]] }]) {
      expect(verdict(body)).toBeUndefined();
    }
  });

  it.each([
    ['a string value', { points: [{ name: 'a\u0000b' }] }],
    ['a key', { points: [{ ['x\u0000']: 1 }] }],
    ['an array item', { points: [1, 2, ['ok', '\u0000']] }],
    ['the top-level string', '\u0000'],
  ])('refuses a NUL character in %s', (_where, body) => {
    expect(verdict(body)).toMatch(/NUL character/);
  });

  it('refuses a NUL character in the path or query', () => {
    expect(verdict({}, '/api/v1/models?search=%00')).toMatch(/NUL character \(%00\)/);
  });

  it.each([
    ['objects', (inner: unknown) => ({ a: inner })],
    ['arrays', (inner: unknown) => [inner]],
  ])(`allows ${MAX_JSON_DEPTH} levels of nested %s and refuses more`, (_kind, wrap) => {
    expect(verdict(nested(MAX_JSON_DEPTH, wrap))).toBeUndefined();
    expect(verdict(nested(MAX_JSON_DEPTH + 1, wrap))).toMatch(/nested deeper than 32 levels/);
  });
});

describe('jsonKeyProblem', () => {
  const keyed = (count: number, prefix = 'k') =>
    Object.fromEntries(Array.from({ length: count }, (_, index) => [`${prefix}${index}`, index]));
  const check = (value: unknown, maxKeys = 100) => jsonKeyProblem(Buffer.from(JSON.stringify(value)), maxKeys);

  it(`refuses an object with more than ${MAX_JSON_KEYS_PER_OBJECT} keys, at any depth`, () => {
    expect(check({ a: keyed(MAX_JSON_KEYS_PER_OBJECT) }, 5_000)).toBeNull();
    expect(check({ a: [{ b: keyed(MAX_JSON_KEYS_PER_OBJECT + 1) }] }, 5_000)).toMatch(/more than 1000 keys\. No field/);
  });

  it('counts keys over the whole body', () => {
    expect(check({ points: Array.from({ length: 9 }, () => keyed(10)) })).toBeNull(); // 91 keys
    expect(check({ points: Array.from({ length: 10 }, () => keyed(10)) })).toMatch(/more than 100 keys in all/); // 101
  });

  it('does not count strings that are values, array items or inside other strings as keys', () => {
    const tricky = { a: 'x", "y": "{', b: ['c', 'd', { e: '\\"' }], f: '\\', g: 'h,"i":1' };
    expect(check(tricky, 5)).toBeNull(); // a, b, e, f, g
    expect(check(tricky, 4)).toMatch(/more than 4 keys in all/);
    expect(
      check(
        Array.from({ length: 500 }, (_, index) => `s${index}`),
        1,
      ),
    ).toBeNull();
  });
});
