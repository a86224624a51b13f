import { AsyncLocalStorage } from 'node:async_hooks';
import type { NewAuditEvent } from './audit.types';

/**
 * The change a request is making, as the audit log will record it. AuditInterceptor opens it for every
 * POST, PUT, PATCH and DELETE under /api (the rest of the request runs inside it); `AuditService.transaction`
 * inserts it in the change's own transaction and marks it recorded, so the interceptor writes nothing more.
 */
export interface PendingAuditEvent {
  /** Everything but the resource, which the change's result names. */
  event: Omit<NewAuditEvent, 'resourceId'>;
  /** The route's parameters: the resource when the change returns nothing (a deletion). */
  params: Record<string, string>;
  recorded: boolean;
}

export const pendingAuditEvents = new AsyncLocalStorage<PendingAuditEvent>();

/** What a change's result (or response body) names: its `id` (or `name`), else the route's parameters. */
export function resourceIdOf(result: unknown, params: Record<string, string> | undefined): string | null {
  if (result && typeof result === 'object') {
    const { id, name } = result as { id?: unknown; name?: unknown };
    if (typeof id === 'string' || typeof id === 'number') return String(id);
    if (typeof name === 'string') return name;
  }
  const values = Object.values(params ?? {}).filter((value) => typeof value === 'string' && value !== '');
  return values.length > 0 ? values.join('/') : null;
}
