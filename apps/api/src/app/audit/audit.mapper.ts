import { AuditEventDto } from '@stress/contracts';
import { AuditEventRecord } from './audit.types';

export function toAuditEventDto(event: AuditEventRecord): AuditEventDto {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actor,
    via: event.via,
    action: event.action,
    method: event.method,
    route: event.route,
    resourceId: event.resourceId,
    status: event.status,
    requestId: event.requestId,
  };
}
