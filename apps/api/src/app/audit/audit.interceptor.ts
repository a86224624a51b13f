import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/authenticated-request';
import { assignRequestId } from '../common/request-id';
import { AuditService } from './audit.service';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The actor an audit event names: the person's email (stable, unlike a display name) or the key's name. */
export function auditActor(principal: { name: string; email?: string }): string {
  return principal.email ?? principal.name;
}

/** What a response body says it created or changed: its `id` (or `name`), when it has one. */
function resourceIdOf(body: unknown, params: Record<string, string> | undefined): string | null {
  if (body && typeof body === 'object') {
    const { id, name } = body as { id?: unknown; name?: unknown };
    if (typeof id === 'string' || typeof id === 'number') return String(id);
    if (typeof name === 'string') return name;
  }
  const values = Object.values(params ?? {}).filter((value) => typeof value === 'string' && value !== '');
  return values.length > 0 ? values.join('/') : null;
}

/**
 * Global: records every successful POST, PUT, PATCH and DELETE under /api/v1 once its response has been
 * sent (status < 400), whichever feature module the route belongs to, so routes added later are covered
 * without touching them. Requests refused by a guard or a pipe never reach an interceptor; failed ones are
 * filtered by status.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const principal = request.principal;
    if (!principal || !UNSAFE_METHODS.has(request.method) || !request.originalUrl.startsWith('/api/')) return next.handle();
    let body: unknown;
    response.once('finish', () => {
      if (response.statusCode >= 400) return;
      void this.audit.record({
        actor: auditActor(principal),
        via: principal.via,
        action: 'change',
        method: request.method,
        route: request.originalUrl.split('?')[0],
        resourceId: resourceIdOf(body, request.params as Record<string, string>),
        status: response.statusCode,
        requestId: assignRequestId(request, response),
      });
    });
    return next.handle().pipe(tap((value) => (body ??= value)));
  }
}
