import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with this, so leaked keys are easy to recognise in scanners. */
export const KEY_MARKER = 'sam_';
const PREFIX_LENGTH = 8;

export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: Buffer;
}

export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** 32 random bytes (256 bits), base64url: `sam_` + 43 characters. */
export function generateKey(): GeneratedKey {
  const key = KEY_MARKER + randomBytes(32).toString('base64url');
  return { key, prefix: prefixOf(key), hash: hashKey(key) };
}

/** The displayable, non-secret start of a key; also its lookup index. */
export function prefixOf(key: string): string {
  return key.slice(0, KEY_MARKER.length + PREFIX_LENGTH);
}

export function hashesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
