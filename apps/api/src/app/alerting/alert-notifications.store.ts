import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AlertDeliveryStatus, AlertNotificationKind, AlertSeverity, NotificationChannelType } from '@stress/contracts';
import {
  AlertDeliveryRecord,
  AlertNotification,
  NotificationChannelInput,
  NotificationChannelRecord,
  SilenceInput,
  SilenceRecord,
} from './alerting.types';

interface ChannelRow {
  id: string;
  name: string;
  type: NotificationChannelType;
  url: string | null;
  secret: string | null;
  recipients: string[];
  created_by: string;
  created_at: Date;
}

interface SilenceRow {
  id: string;
  rule_id: string | null;
  model: string | null;
  severity: AlertSeverity | null;
  starts_at: Date;
  ends_at: Date;
  comment: string;
  created_by: string;
  created_at: Date;
}

interface DeliveryRow {
  id: string;
  rule_id: string | null;
  channel_id: string;
  channel_type: NotificationChannelType;
  kind: AlertNotificationKind;
  payload: AlertNotification;
  status: AlertDeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  sent_at: Date | null;
}

const CHANNEL_COLUMNS = 'id, name, type, url, secret, recipients, created_by, created_at';
const SILENCE_COLUMNS = 'id, rule_id, model, severity, starts_at, ends_at, comment, created_by, created_at';
const DELIVERY_COLUMNS =
  'id, rule_id, channel_id, channel_type, kind, payload, status, attempts, last_error, next_attempt_at, created_at, sent_at';

function toChannel(row: ChannelRow): NotificationChannelRecord {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    url: row.url,
    secret: row.secret,
    recipients: row.recipients,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function toSilence(row: SilenceRow): SilenceRecord {
  return {
    id: row.id,
    ruleId: row.rule_id,
    model: row.model,
    severity: row.severity,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    comment: row.comment,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function toDelivery(row: DeliveryRow): AlertDeliveryRecord {
  return {
    id: row.id,
    ruleId: row.rule_id,
    channelId: row.channel_id,
    channelType: row.channel_type,
    kind: row.kind,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** A delivery to store. */
export interface NewDelivery {
  ruleId: string | null;
  channelId: string;
  channelType: NotificationChannelType;
  payload: AlertNotification;
  status: AlertDeliveryStatus.Pending | AlertDeliveryStatus.Suppressed;
  at: Date;
}

/** Notification channels, silences and deliveries. */
@Injectable()
export class AlertNotificationsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertChannel(
    input: NotificationChannelInput,
    actor: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<NotificationChannelRecord> {
    const [row]: ChannelRow[] = await manager.query(
      `INSERT INTO notification_channels (name, type, url, secret, recipients, created_by) VALUES ($1, $2, $3, $4, $5::text[], $6)
       RETURNING ${CHANNEL_COLUMNS}`,
      [input.name, input.type, input.url, input.secret, input.recipients, actor.slice(0, 100)],
    );
    return toChannel(row as ChannelRow);
  }

  async findChannel(id: string): Promise<NotificationChannelRecord | null> {
    const rows: ChannelRow[] = await this.dataSource.query(`SELECT ${CHANNEL_COLUMNS} FROM notification_channels WHERE id = $1`, [id]);
    return rows[0] ? toChannel(rows[0]) : null;
  }

  async findChannels(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<NotificationChannelRecord[]> {
    if (ids.length === 0) return [];
    const rows: ChannelRow[] = await manager.query(`SELECT ${CHANNEL_COLUMNS} FROM notification_channels WHERE id = ANY ($1::uuid[])`, [
      ids,
    ]);
    return rows.map(toChannel);
  }

  async listChannels(limit: number, offset: number): Promise<{ items: NotificationChannelRecord[]; total: number }> {
    const rows: Array<ChannelRow & { total: string }> = await this.dataSource.query(
      `SELECT ${CHANNEL_COLUMNS}, count(*) OVER () AS total FROM notification_channels ORDER BY created_at, id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { items: rows.map(toChannel), total: Number(rows[0]?.total ?? 0) };
  }

  /** Deletes the channel and takes it out of every rule (in the caller's transaction, when given). */
  async deleteChannel(id: string, outer?: EntityManager): Promise<boolean> {
    const work = async (manager: EntityManager): Promise<boolean> => {
      const rows: unknown[] = await manager.query(
        `WITH deleted AS (DELETE FROM notification_channels WHERE id = $1 RETURNING id) SELECT id FROM deleted`,
        [id],
      );
      await manager.query(`UPDATE alert_rules SET channel_ids = array_remove(channel_ids, $1::uuid) WHERE $1::uuid = ANY (channel_ids)`, [
        id,
      ]);
      return rows.length > 0;
    };
    return outer ? work(outer) : this.dataSource.transaction(work);
  }

  async insertSilence(input: SilenceInput, actor: string, manager: EntityManager = this.dataSource.manager): Promise<SilenceRecord> {
    const [row]: SilenceRow[] = await manager.query(
      `INSERT INTO silences (rule_id, model, severity, starts_at, ends_at, comment, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${SILENCE_COLUMNS}`,
      [
        input.ruleId,
        input.model,
        input.severity,
        input.startsAt.toISOString(),
        input.endsAt.toISOString(),
        input.comment,
        actor.slice(0, 100),
      ],
    );
    return toSilence(row as SilenceRow);
  }

  async listSilences(limit: number, offset: number): Promise<{ items: SilenceRecord[]; total: number }> {
    const rows: Array<SilenceRow & { total: string }> = await this.dataSource.query(
      `SELECT ${SILENCE_COLUMNS}, count(*) OVER () AS total FROM silences ORDER BY ends_at DESC, id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { items: rows.map(toSilence), total: Number(rows[0]?.total ?? 0) };
  }

  /** Ends a silence now (kept for the record); null when unknown. */
  async expireSilence(id: string, manager: EntityManager = this.dataSource.manager): Promise<SilenceRecord | null> {
    const rows: SilenceRow[] = await manager.query(
      `WITH expired AS (
         UPDATE silences SET ends_at = LEAST(ends_at, now()), starts_at = LEAST(starts_at, now()) WHERE id = $1 RETURNING ${SILENCE_COLUMNS}
       ) SELECT * FROM expired`,
      [id],
    );
    return rows[0] ? toSilence(rows[0]) : null;
  }

  /** True when an active silence matches the rule at `at`. */
  async silenced(manager: EntityManager, ruleId: string | null, model: string, severity: AlertSeverity, at: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM silences WHERE starts_at <= $4 AND ends_at > $4
         AND (rule_id IS NULL OR rule_id = $1) AND (model IS NULL OR model = $2) AND (severity IS NULL OR severity = $3) LIMIT 1`,
      [ruleId, model, severity, at.toISOString()],
    );
    return rows.length > 0;
  }

  async insertDelivery(manager: EntityManager, delivery: NewDelivery): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO alert_deliveries (rule_id, channel_id, channel_type, kind, payload, status, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8) RETURNING id`,
      [
        delivery.ruleId,
        delivery.channelId,
        delivery.channelType,
        delivery.payload.kind,
        JSON.stringify(delivery.payload),
        delivery.status,
        delivery.status === AlertDeliveryStatus.Pending ? delivery.at.toISOString() : null,
        delivery.at.toISOString(),
      ],
    );
    return (row as { id: string }).id;
  }

  /**
   * Claims a due delivery for one attempt: pending and due, or sending with an expired lease (the
   * process sending it died). Atomic, so two processes never both send it. Null when not claimable.
   */
  async claimDelivery(id: string, leaseMs: number): Promise<AlertDeliveryRecord | null> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE alert_deliveries SET status = 'sending', attempts = attempts + 1, lease_until = now() + $2 * interval '1 millisecond'
         WHERE id = $1 AND ((status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND lease_until < now()))
         RETURNING ${DELIVERY_COLUMNS}
       ) SELECT * FROM claimed`,
      [id, leaseMs],
    );
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE alert_deliveries SET status = 'sent', sent_at = now(), last_error = NULL, next_attempt_at = NULL, lease_until = NULL WHERE id = $1`,
      [id],
    );
  }

  /** Records a failed attempt: pending again at `retryAt`, or failed for good when null. */
  async markFailed(id: string, error: string, retryAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE alert_deliveries SET status = $2, last_error = $3, next_attempt_at = $4, lease_until = NULL WHERE id = $1`,
      [id, retryAt ? 'pending' : 'failed', error.slice(0, 1000), retryAt?.toISOString() ?? null],
    );
  }

  /** Ids of deliveries due now (pending and due, or sending with an expired lease), oldest first. */
  async dueDeliveries(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM alert_deliveries
       WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND lease_until < now())
       ORDER BY next_attempt_at, id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  async listDeliveries(
    ruleId: string | undefined,
    limit: number,
    offset: number,
  ): Promise<{ items: AlertDeliveryRecord[]; total: number }> {
    const rows: Array<DeliveryRow & { total: string }> = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS}, count(*) OVER () AS total FROM alert_deliveries WHERE ($1::uuid IS NULL OR rule_id = $1)
       ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [ruleId ?? null, limit, offset],
    );
    return { items: rows.map(toDelivery), total: Number(rows[0]?.total ?? 0) };
  }
}
