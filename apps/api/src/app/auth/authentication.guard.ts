import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService, Principal } from '../api-keys/api-keys.service';
import { AppConfigService } from '../../config/app-config.service';
import { PUBLIC_ROUTE } from './auth.decorators';
import { AuthenticatedRequest, presentedKey } from './authenticated-request';
import { SESSION_COOKIE, SessionsService } from './sessions.service';
import { cookieValue } from './sso-claims';

/**
 * First of three global guards: authenticate → rate-limit → authorise.
 * It only resolves who is calling, so the rate limiter can count per key (or per IP
 * for callers without a valid key) before anything is refused.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: SessionsService,
    config: AppConfigService,
  ) {
    this.ssoEnabled = config.get('OIDC_ISSUER_URL') !== undefined;
  }

  private readonly ssoEnabled: boolean;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = presentedKey(request);
    // A key wins over a session cookie; without OIDC_ISSUER_URL the cookie is not even looked at.
    const sessionId = key === undefined && this.ssoEnabled ? cookieValue(request.headers.cookie, SESSION_COOKIE) : undefined;
    if (sessionId !== undefined) {
      request.principal = await this.sessionPrincipal(sessionId);
      if (!request.principal) request.authFailure = 'session-expired';
      return true;
    }
    if (key === undefined) {
      request.principal = null;
      request.authFailure = 'missing';
      return true;
    }
    request.principal = await this.apiKeys.authenticate(key);
    if (!request.principal) request.authFailure = 'invalid';
    return true;
  }

  /** A session authenticates exactly as a key of the same role; its CSRF token rides along for AuthorizationGuard. */
  private async sessionPrincipal(sessionId: string): Promise<Principal | null> {
    const session = await this.sessions.resolve(sessionId);
    if (!session) return null;
    const { user } = session;
    return {
      id: user.id,
      name: user.name,
      role: user.role,
      via: 'sso',
      ...(user.email ? { email: user.email } : {}),
      csrfToken: session.csrfToken,
    };
  }
}
