import { createHash } from 'node:crypto';
import { batches, batchIdempotencyKey, canonicalJson } from './batching';

describe('batches', () => {
  it('splits into consecutive batches of at most the size, keeping order', () => {
    const items = Array.from({ length: 25_001 }, (_, i) => i);
    const split = batches(items);
    expect(split.map((batch) => batch.length)).toEqual([10_000, 10_000, 5_001]);
    expect(split.flat()).toEqual(items);
    expect(batches([], 10)).toEqual([]);
    expect(() => batches([1], 0)).toThrow(RangeError);
  });
});

describe('batchIdempotencyKey', () => {
  it('is the SHA-256 of the canonical JSON: equal content → equal key, whatever the key order', async () => {
    const a = [{ model: 'm', version: '1', name: 'f1', value: 0.5, labels: { b: '2', a: '1' } }];
    const b = [{ labels: { a: '1', b: '2' }, value: 0.5, name: 'f1', version: '1', model: 'm' }];
    expect(canonicalJson(a)).toBe('[{"labels":{"a":"1","b":"2"},"model":"m","name":"f1","value":0.5,"version":"1"}]');
    const expected = `metrics-${createHash('sha256').update(canonicalJson(a)).digest('hex')}`;
    expect(await batchIdempotencyKey('metrics', a)).toBe(expected);
    expect(await batchIdempotencyKey('metrics', b)).toBe(expected);
    expect(await batchIdempotencyKey('metrics', [{ ...a[0], value: 0.51 }])).not.toBe(expected);
    expect(expected).toMatch(/^[\x21-\x7e]{1,200}$/);
  });
});
