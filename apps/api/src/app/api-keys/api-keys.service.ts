import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ApiKeyRole } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { AuditService } from '../audit/audit.service';
import { generateKey, hashesEqual, hashKey, KEY_MARKER, prefixOf } from './api-key-secret';
import { ApiKeysStore } from './api-keys.store';
import { ApiKeyRecord, CreatedApiKey } from './api-keys.types';

/**
 * Who a request acts as: an API key or a person signed in with single sign-on (same roles, same checks).
 * `id` is the key's id (null for the ADMIN_API_KEY from the environment) or the person's user id.
 */
export interface Principal {
  id: string | null;
  /** The key's name or the person's name: the actor in stage histories and other audit trails. */
  name: string;
  role: ApiKeyRole;
  via: 'api-key' | 'sso';
  /** Single sign-on only. */
  email?: string;
  /** Single sign-on only: the session's token that cookie-authenticated writes must echo in X-CSRF-Token. */
  csrfToken?: string;
}

/** Name under which the environment's ADMIN_API_KEY appears in audit trails. */
export const ENVIRONMENT_ADMIN_NAME = 'admin';
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly environmentAdminHash: Buffer | null;
  /** When lastUsedAt was last written per key, so authentication is not a write per request. */
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeysStore,
    private readonly audit: AuditService,
    config: AppConfigService,
  ) {
    const adminKey = config.get('ADMIN_API_KEY');
    this.environmentAdminHash = adminKey ? hashKey(adminKey) : null;
  }

  async create(name: string, role: ApiKeyRole): Promise<CreatedApiKey> {
    return this.audit.transaction(async (manager) => {
      // A prefix collision (48 random bits) is astronomically unlikely; retry rather than fail.
      for (let attempt = 0; attempt < 3; attempt++) {
        const generated = generateKey();
        const stored = await this.keys.insert(name, role, generated.prefix, generated.hash, manager);
        if (stored) return { ...stored, key: generated.key };
      }
      throw new ConflictException('Could not allocate a unique key prefix; try again.');
    });
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.keys.listActive();
  }

  async revoke(id: string): Promise<void> {
    await this.audit.transaction(async (manager) => {
      if (!(await this.keys.revoke(id, manager))) {
        throw new NotFoundException(`API key ${id} not found (or already revoked). List keys with GET /api/v1/api-keys.`);
      }
    });
  }

  countActive(role?: ApiKeyRole): Promise<number> {
    return this.keys.countActive(role);
  }

  /** Resolves a presented key to its principal, or null when it is unknown or revoked. */
  async authenticate(presented: string): Promise<Principal | null> {
    const hash = hashKey(presented);
    if (this.environmentAdminHash && hashesEqual(hash, this.environmentAdminHash)) {
      return { id: null, name: ENVIRONMENT_ADMIN_NAME, role: ApiKeyRole.Admin, via: 'api-key' };
    }
    if (!presented.startsWith(KEY_MARKER) || presented.length > 200) return null;
    const row = await this.keys.findActiveByPrefix(prefixOf(presented));
    if (!row || !hashesEqual(hash, row.keyHash)) return null;
    await this.touch(row.id);
    return { id: row.id, name: row.name, role: row.role, via: 'api-key' };
  }

  /**
   * Records the key's last use at most once a minute. Awaited, so a request made with a key is visible in the key list
   * as soon as it has been answered; a failed write only logs, since it must not refuse an authenticated request.
   */
  private async touch(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.lastUsedWrites.get(id) ?? 0) < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastUsedWrites.set(id, now);
    try {
      await this.keys.recordUse(id, new Date(now));
    } catch (error) {
      this.logger.warn(`Could not record last use of key ${id}: ${(error as Error).message}`);
    }
  }
}
