import type { Request } from 'express';
import type { Principal } from '../api-keys/api-keys.service';

export type AuthFailure = 'missing' | 'invalid' | 'session-expired';

export interface AuthenticatedRequest extends Request {
  /** Set by AuthenticationGuard: the key's principal, or null when none was valid. */
  principal?: Principal | null;
  authFailure?: AuthFailure;
}

/** `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: Request): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  return undefined;
}
