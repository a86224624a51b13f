/** One recorded change or sign-in (an `audit_events` row). */
export interface AuditEventRecord {
  id: number;
  at: Date;
  actor: string;
  via: 'sso' | 'api-key';
  action: string;
  method: string;
  route: string;
  resourceId: string | null;
  status: number;
  requestId: string | null;
}

export type NewAuditEvent = Omit<AuditEventRecord, 'id' | 'at'>;

export interface AuditEventFilter {
  actor?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}
