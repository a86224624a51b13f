import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { ApiKeyRole, ErrorResponseDto } from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { AuthenticatedRequest } from './authenticated-request';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_ROLE = 'auth:role';

/** The route needs no API key (health, probes). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The lowest role allowed to call the route. Routes without it need `viewer`.
 * Also documents the 403 in OpenAPI.
 */
export const RequireRole = (role: ApiKeyRole) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, role),
    ApiForbiddenResponse({ description: `The key's role is below ${role}.`, type: ErrorResponseDto }),
  );

/** The authenticated key behind the request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) {
    // Only reachable if a public route asks for a principal: a programming error.
    throw new Error('CurrentPrincipal used on a route without authentication');
  }
  return request.principal;
});
