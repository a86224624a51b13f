import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventFilter, AuditEventRecord, NewAuditEvent } from './audit.types';

interface AuditEventRow {
  id: string | number;
  at: Date;
  actor: string;
  via: 'sso' | 'api-key';
  action: string;
  method: string;
  route: string;
  resource_id: string | null;
  status: number;
  request_id: string | null;
}

function toAuditEvent(row: AuditEventRow): AuditEventRecord {
  return {
    id: Number(row.id),
    at: new Date(row.at),
    actor: row.actor,
    via: row.via,
    action: row.action,
    method: row.method,
    route: row.route,
    resourceId: row.resource_id,
    status: Number(row.status),
    requestId: row.request_id,
  };
}

/** The `audit_events` rows. */
@Injectable()
export class AuditStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts an event; pass a transaction's manager to record it with the change it describes. */
  async insert(event: NewAuditEvent, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO audit_events (actor, via, action, method, route, resource_id, status, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.actor.slice(0, 320),
        event.via,
        event.action,
        event.method,
        event.route.slice(0, 500),
        event.resourceId?.slice(0, 200) ?? null,
        event.status,
        event.requestId,
      ],
    );
  }

  /** Newest first. */
  async list(filter: AuditEventFilter): Promise<{ items: AuditEventRecord[]; total: number }> {
    const where = `($1::varchar IS NULL OR actor = $1) AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)`;
    const parameters = [filter.actor ?? null, filter.from ?? null, filter.to ?? null];
    const rows: Array<AuditEventRow & { total: string | number }> = await this.dataSource.query(
      `SELECT *, count(*) OVER () AS total FROM audit_events WHERE ${where} ORDER BY at DESC, id DESC LIMIT $4 OFFSET $5`,
      [...parameters, filter.limit, filter.offset],
    );
    if (rows.length > 0) return { items: rows.map(toAuditEvent), total: Number(rows[0].total) };
    const [count]: Array<{ count: string | number }> = await this.dataSource.query(
      `SELECT count(*) AS count FROM audit_events WHERE ${where}`,
      parameters,
    );
    return { items: [], total: Number(count.count) };
  }

  async deleteBefore(cutoff: Date): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM audit_events WHERE at < $1 RETURNING 1) SELECT 1 FROM deleted`,
      [cutoff],
    );
    return rows.length;
  }
}
