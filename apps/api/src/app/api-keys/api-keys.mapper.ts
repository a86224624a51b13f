import { ApiKeyDto, CreatedApiKeyDto } from '@stress/contracts';
import { ApiKeyRecord, CreatedApiKey } from './api-keys.types';

export function toApiKeyDto(key: ApiKeyRecord): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
  };
}

export function toCreatedApiKeyDto(key: CreatedApiKey): CreatedApiKeyDto {
  return { ...toApiKeyDto(key), key: key.key };
}
