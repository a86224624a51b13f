import { search } from 'jmespath';
import { ApiKeyRole, API_KEY_ROLES } from '@stress/contracts';

/** Claims of the ID token merged with UserInfo. */
export type Claims = Record<string, unknown>;

export interface RoleSettings {
  /** OIDC_ROLE_ATTRIBUTE_PATH; undefined → every person is a viewer. */
  expression?: string;
  /** OIDC_ROLE_STRICT: refuse a person whose expression gives no role (else: viewer). */
  strict: boolean;
}

/**
 * The role a person gets from their claims, or null when they must be refused. The expression must give
 * exactly "admin", "editor" or "viewer" (case-insensitive); anything else (null, a list, another word)
 * counts as no role. An expression that fails on these claims (a function given the wrong type, such as
 * `contains(groups[*], …)` without a groups claim) also counts as no role rather than as an error.
 */
export function roleFromClaims(claims: Claims, settings: RoleSettings): ApiKeyRole | null {
  if (settings.expression === undefined) return ApiKeyRole.Viewer;
  let result: unknown;
  try {
    result = search(claims as Parameters<typeof search>[0], settings.expression);
  } catch {
    result = null;
  }
  const role = typeof result === 'string' ? (result.trim().toLowerCase() as ApiKeyRole) : null;
  if (role !== null && API_KEY_ROLES.includes(role)) return role;
  return settings.strict ? null : ApiKeyRole.Viewer;
}

export interface ClaimNames {
  /** OIDC_EMAIL_CLAIM */
  email: string;
  /** OIDC_NAME_CLAIM */
  name: string;
}

export interface Identity {
  subject: string;
  /** The configured email claim, else preferred_username, else the subject: never missing. */
  email: string;
  name: string;
}

function text(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Who signed in. Providers differ in what they send: Entra ID often has no `email` (only
 * `preferred_username`), a Keycloak user may have no email at all. The person must still be able to
 * sign in, so the email falls back to preferred_username, then to the subject; the name to the email.
 * Returns null without a subject (which a valid ID token always has).
 */
export function identityFromClaims(claims: Claims, names: ClaimNames): Identity | null {
  const subject = text(claims, 'sub');
  if (subject === undefined) return null;
  const email = text(claims, names.email) ?? text(claims, 'preferred_username') ?? subject;
  const name = text(claims, names.name) ?? email;
  return { subject, email: email.slice(0, 320), name: name.slice(0, 200) };
}

/**
 * Where to go after signing in: a same-origin path only ("/models/x?tab=drift"). Absolute URLs,
 * protocol-relative ("//evil.example"), backslash tricks ("/\evil.example") and control characters
 * fall back to "/", so /auth/login cannot be used as an open redirect.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  try {
    const base = 'http://same-origin.invalid';
    const url = new URL(next, base);
    if (url.origin !== base) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/** Reads one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
