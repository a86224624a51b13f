import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyRole, roleAllows } from '@stress/contracts';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { AuthenticatedRequest } from './authenticated-request';

/** Last of the three global guards: 401 without a valid key, 403 when the role is too low. */
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
      throw new UnauthorizedException(
        request.authFailure === 'invalid'
          ? 'The API key is not valid (unknown or revoked). Ask an admin for a new key.'
          : 'An API key is required: send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".',
      );
    }
    const required = this.reflector.getAllAndOverride<ApiKeyRole>(REQUIRED_ROLE, targets) ?? ApiKeyRole.Viewer;
    if (!roleAllows(principal.role, required)) {
      throw new ForbiddenException(
        `This action needs the ${required} role; the key "${principal.name}" has ${principal.role}. Ask an admin for a key with that role.`,
      );
    }
    return true;
  }
}
