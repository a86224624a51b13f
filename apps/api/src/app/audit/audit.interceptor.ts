import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Response } from 'express';
import { mergeMap, Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/authenticated-request';
import { assignRequestId } from '../common/request-id';
import { PendingAuditEvent, pendingAuditEvents, resourceIdOf } from './audit-context';
import { AuditService } from './audit.service';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The actor an audit event names: the person's email (stable, unlike a display name) or the key's name. */
export function auditActor(principal: { name: string; email?: string }): string {
  return principal.email ?? principal.name;
}

/**
 * Global: every successful POST, PUT, PATCH and DELETE under /api/v1 is recorded, whichever feature module the route
 * belongs to. The handler runs inside a pending event (`audit-context.ts`): a service that makes its change with
 * `AuditService.transaction` records the event in the change's transaction (no change without its event, no event
 * without its change). For routes that do not (yet), the event is written when the handler has succeeded, before its
 * response is sent, so routes added later are covered without touching them. Requests refused by a guard or a pipe
 * never reach an interceptor.
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
    const params = { ...(request.params as Record<string, string>) };
    const pending: PendingAuditEvent = {
      event: {
        actor: auditActor(principal),
        via: principal.via,
        action: 'change',
        method: request.method,
        route: request.originalUrl.split('?')[0],
        // The status the route answers with on success (what the response will say once the change has committed).
        status: Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200),
        requestId: assignRequestId(request, response),
      },
      params,
      recorded: false,
    };
    // A handler that answers through `@Res()` may end without a value the interceptor sees: record once it has
    // finished, by its final status.
    response.once('finish', () => {
      if (pending.recorded || response.statusCode >= 400) return;
      pending.recorded = true;
      void this.audit.record({ ...pending.event, status: response.statusCode, resourceId: resourceIdOf(undefined, params) });
    });
    // Nest binds the handler to the async context in which handle() is called: the handler sees `pending`. A change
    // not recorded in its own transaction is recorded before its response goes out, so a client that has its answer
    // also finds the event (and nothing is written after the response, when the client may already be doing more).
    return pendingAuditEvents
      .run(pending, () => next.handle())
      .pipe(
        mergeMap(async (value) => {
          const status = response.headersSent ? response.statusCode : pending.event.status;
          if (!pending.recorded && status < 400) {
            pending.recorded = true;
            await this.audit.record({ ...pending.event, status, resourceId: resourceIdOf(value, params) });
          }
          return value;
        }),
      );
  }
}
