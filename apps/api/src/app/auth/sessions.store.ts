import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiKeyRole } from '@stress/contracts';
import { ActiveSession, UserRecord, UserUpsert, UserWithSessions } from './sessions.types';

interface UserRow {
  id: string;
  issuer: string;
  subject: string;
  email: string | null;
  name: string;
  role: ApiKeyRole;
  created_at: Date;
  last_sign_in_at: Date;
}

const USER_COLUMNS = 'u.id, u.issuer, u.subject, u.email, u.name, u.role, u.created_at, u.last_sign_in_at';

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    issuer: row.issuer,
    subject: row.subject,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: new Date(row.created_at),
    lastSignInAt: new Date(row.last_sign_in_at),
  };
}

/** The `users` and `sessions` rows of single sign-on. */
@Injectable()
export class SessionsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates the person or refreshes their email, name and role (recomputed at every sign-in). */
  async upsertUser(user: UserUpsert): Promise<UserRecord> {
    const [row]: UserRow[] = await this.dataSource.query(
      `INSERT INTO users AS u (issuer, subject, email, name, role) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (issuer, subject) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, role = EXCLUDED.role, last_sign_in_at = now()
       RETURNING ${USER_COLUMNS}`,
      [user.issuer, user.subject, user.email, user.name, user.role],
    );
    return toUser(row);
  }

  async insertSession(idHash: Buffer, userId: string, csrfToken: string, idToken: string | null, expiresAt: Date): Promise<void> {
    await this.dataSource.query(`INSERT INTO sessions (id_hash, user_id, csrf_token, id_token, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      idHash,
      userId,
      csrfToken,
      idToken,
      expiresAt,
    ]);
  }

  async findActive(idHash: Buffer): Promise<ActiveSession | null> {
    const [row]: Array<UserRow & { csrf_token: string; id_token: string | null; expires_at: Date }> = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, s.csrf_token, s.id_token, s.expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > now()`,
      [idHash],
    );
    return row ? { user: toUser(row), csrfToken: row.csrf_token, idToken: row.id_token, expiresAt: new Date(row.expires_at) } : null;
  }

  /** Deletes one session; returns its id token (for the provider's logout) when it existed. */
  async deleteSession(idHash: Buffer): Promise<{ idToken: string | null; userId: string } | null> {
    const [row]: Array<{ id_token: string | null; user_id: string }> = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM sessions WHERE id_hash = $1 RETURNING id_token, user_id) SELECT id_token, user_id FROM deleted`,
      [idHash],
    );
    return row ? { idToken: row.id_token, userId: row.user_id } : null;
  }

  async deleteUserSessions(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: unknown[] = await manager.query(
      `WITH deleted AS (DELETE FROM sessions WHERE user_id = $1 RETURNING 1) SELECT 1 FROM deleted`,
      [userId],
    );
    return rows.length;
  }

  async deleteExpired(): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM sessions WHERE expires_at <= now() RETURNING 1) SELECT 1 FROM deleted`,
    );
    return rows.length;
  }

  async findUser(id: string): Promise<UserRecord | null> {
    const [row]: UserRow[] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
    return row ? toUser(row) : null;
  }

  async listUsers(limit: number, offset: number): Promise<{ items: UserWithSessions[]; total: number }> {
    const rows: Array<UserRow & { active_sessions: number | string; total: number | string }> = await this.dataSource.query(
      `SELECT ${USER_COLUMNS},
              (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > now()) AS active_sessions,
              count(*) OVER () AS total
       FROM users u ORDER BY u.last_sign_in_at DESC, u.id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await this.countUsers();
    return { items: rows.map((row) => ({ ...toUser(row), activeSessions: Number(row.active_sessions) })), total };
  }

  private async countUsers(): Promise<number> {
    const [row]: Array<{ count: string | number }> = await this.dataSource.query(`SELECT count(*) AS count FROM users`);
    return Number(row.count);
  }
}
