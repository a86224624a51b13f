import { createHash } from 'node:crypto';
import { generateKey, hashesEqual, hashKey, KEY_MARKER, prefixOf } from './api-key-secret';

describe('API key secrets', () => {
  it('generates keys of 32 random bytes with a recognisable marker', () => {
    const keys = Array.from({ length: 200 }, () => generateKey());
    for (const { key } of keys) {
      expect(key.startsWith(KEY_MARKER)).toBe(true);
      expect(Buffer.from(key.slice(KEY_MARKER.length), 'base64url')).toHaveLength(32);
    }
    expect(new Set(keys.map(({ key }) => key)).size).toBe(200);
  });

  it('stores SHA-256 of the key and a short, non-secret prefix', () => {
    const { key, hash, prefix } = generateKey();
    expect(hash.equals(createHash('sha256').update(key).digest())).toBe(true);
    expect(prefix).toBe(key.slice(0, 12));
    expect(prefixOf(key)).toBe(prefix);
  });

  it('compares hashes of equal and different keys correctly', () => {
    expect(hashesEqual(hashKey('sam_a'), hashKey('sam_a'))).toBe(true);
    expect(hashesEqual(hashKey('sam_a'), hashKey('sam_b'))).toBe(false);
    expect(hashesEqual(hashKey('sam_a'), Buffer.alloc(3))).toBe(false);
  });
});
