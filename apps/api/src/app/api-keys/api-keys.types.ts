import { ApiKeyRole } from '@stress/contracts';

/** A stored API key (an `api_keys` row), without its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** The first characters of the key, shown so people can tell keys apart. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A key created just now, with the key itself: it is shown once and never stored. */
export interface CreatedApiKey extends ApiKeyRecord {
  key: string;
}

/** An active key found by its prefix, with the hash to compare the presented key against. */
export interface ActiveApiKey extends ApiKeyRecord {
  /** SHA-256 of the key. Keys carry 256 random bits, so a slow hash adds nothing. */
  keyHash: Buffer;
}
