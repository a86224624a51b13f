import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiKeyRole } from '@stress/contracts';
import { ActiveApiKey, ApiKeyRecord } from './api-keys.types';

interface ApiKeyRow {
  id: string;
  name: string;
  role: ApiKeyRole;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
}

const KEY_COLUMNS = 'id, name, role, prefix, created_at, last_used_at';

function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return { id: row.id, name: row.name, role: row.role, prefix: row.prefix, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

/** The `api_keys` rows. Revoked keys stay (revoked_at set) so audit trails keep their names. */
@Injectable()
export class ApiKeysStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a key; null when its prefix is taken (the prefix is unique). */
  async insert(
    name: string,
    role: ApiKeyRole,
    prefix: string,
    keyHash: Buffer,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApiKeyRecord | null> {
    const [row]: ApiKeyRow[] = await manager.query(
      `INSERT INTO api_keys (name, role, prefix, key_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (prefix) DO NOTHING RETURNING ${KEY_COLUMNS}`,
      [name, role, prefix, keyHash],
    );
    return row ? toApiKey(row) : null;
  }

  /** Active keys, oldest first. */
  async listActive(): Promise<ApiKeyRecord[]> {
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${KEY_COLUMNS} FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at ASC, id ASC`,
    );
    return rows.map(toApiKey);
  }

  async findActiveByPrefix(prefix: string): Promise<ActiveApiKey | null> {
    const [row]: Array<ApiKeyRow & { key_hash: Buffer }> = await this.dataSource.query(
      `SELECT ${KEY_COLUMNS}, key_hash FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL`,
      [prefix],
    );
    return row ? { ...toApiKey(row), keyHash: row.key_hash } : null;
  }

  /** Revokes an active key; false when there is none with this id. */
  async revoke(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    // A CTE, because TypeORM answers a bare UPDATE … RETURNING with [rows, rowCount].
    const rows: unknown[] = await manager.query(
      `WITH revoked AS (UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM revoked`,
      [id],
    );
    return rows.length > 0;
  }

  async countActive(role?: ApiKeyRole): Promise<number> {
    const [row]: Array<{ count: string | number }> = await this.dataSource.query(
      `SELECT count(*) AS count FROM api_keys WHERE revoked_at IS NULL AND ($1::varchar IS NULL OR role = $1)`,
      [role ?? null],
    );
    return Number(row.count);
  }

  async recordUse(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, [id, at]);
  }
}
