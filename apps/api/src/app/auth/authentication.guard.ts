import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { PUBLIC_ROUTE } from './auth.decorators';
import { AuthenticatedRequest, presentedKey } from './authenticated-request';

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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = presentedKey(request);
    if (key === undefined) {
      request.principal = null;
      request.authFailure = 'missing';
      return true;
    }
    request.principal = await this.apiKeys.authenticate(key);
    if (!request.principal) request.authFailure = 'invalid';
    return true;
  }
}
