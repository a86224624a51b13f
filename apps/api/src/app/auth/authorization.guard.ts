import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyRole, roleAllows } from '@stress/contracts';
import { timingSafeEqual } from 'node:crypto';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { AuthenticatedRequest } from './authenticated-request';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const UNAUTHORIZED_MESSAGES: Record<NonNullable<AuthenticatedRequest['authFailure']>, string> = {
  invalid: 'The API key is not valid (unknown or revoked). Ask an admin for a new key.',
  missing: 'An API key is required: send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".',
  'session-expired': 'Your session has expired or was ended. Sign in again.',
};

/** Constant-time comparison of the presented CSRF token with the session's. */
function csrfTokenMatches(presented: unknown, expected: string | undefined): boolean {
  if (typeof presented !== 'string' || expected === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Last of the three global guards: 401 without a valid key or session, 403 when the role is too low or when a
 * cookie-authenticated change lacks its CSRF token (key-authenticated calls need none: browsers never add keys).
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = request.principal;
    if (!principal) {
      throw new UnauthorizedException(UNAUTHORIZED_MESSAGES[request.authFailure ?? 'missing']);
    }
    if (
      principal.via === 'sso' &&
      UNSAFE_METHODS.has(request.method) &&
      !csrfTokenMatches(request.headers['x-csrf-token'], principal.csrfToken)
    ) {
      throw new ForbiddenException(
        'This change was sent with a session cookie but without the right X-CSRF-Token header (GET /api/v1/auth/me gives the token).',
      );
    }
    const required = this.reflector.getAllAndOverride<ApiKeyRole>(REQUIRED_ROLE, targets) ?? ApiKeyRole.Viewer;
    if (!roleAllows(principal.role, required)) {
      throw new ForbiddenException(
        `This action needs the ${required} role; ${principal.via === 'sso' ? 'you have' : `the key "${principal.name}" has`} ${principal.role}. Ask an admin for a key with that role.`,
      );
    }
    return true;
  }
}
