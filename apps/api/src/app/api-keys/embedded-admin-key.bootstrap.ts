import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ApiKeyRole } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { ApiKeysService } from './api-keys.service';

export const FIRST_ADMIN_KEY_NAME = 'admin (created at first start)';

/**
 * The embedded setup must be usable on first start without reading docs: when no
 * admin key is configured or stored, create one. main.ts prints it once, with a
 * sign-in link, after the server listens. The key itself is never logged.
 */
@Injectable()
export class EmbeddedAdminKeyBootstrap implements OnApplicationBootstrap {
  private createdKey: string | null = null;
  private storedAdminKeys = 0;

  constructor(
    private readonly config: AppConfigService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.usesEmbeddedDatabase || this.config.get('ADMIN_API_KEY')) return;
    this.storedAdminKeys = await this.apiKeys.countActive(ApiKeyRole.Admin);
    if (this.storedAdminKeys > 0) return;
    const created = await this.apiKeys.create(FIRST_ADMIN_KEY_NAME, ApiKeyRole.Admin);
    this.createdKey = created.key;
  }

  /** The key created at this start (once), or null. */
  takeCreatedKey(): string | null {
    const key = this.createdKey;
    this.createdKey = null;
    return key;
  }

  /** True when an admin key already existed in the embedded database. */
  get hadStoredAdminKey(): boolean {
    return this.storedAdminKeys > 0;
  }
}
