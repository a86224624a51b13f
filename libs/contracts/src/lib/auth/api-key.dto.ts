import { Transform } from 'class-transformer';
import { IsEnum, IsString, Length, Matches } from 'class-validator';
import { ApiKeyRole } from './api-key-role';

export class CreateApiKeyDto {
  /** Who or what uses the key, e.g. "billing-service" or "Ana (analyst)". Shown as the actor in audit trails. */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  name!: string;

  /** viewer reads; editor also writes data; admin also manages keys and deletes. */
  @IsEnum(ApiKeyRole)
  role!: ApiKeyRole;
}

export class ApiKeyDto {
  id!: string;
  name!: string;
  role!: ApiKeyRole;
  /** The first characters of the key, to recognise it; never enough to use it. */
  prefix!: string;
  createdAt!: string;
  /** Last time the key authenticated a request (updated at most once a minute), or null. */
  lastUsedAt!: string | null;
}

export class CreatedApiKeyDto {
  id!: string;
  name!: string;
  role!: ApiKeyRole;
  prefix!: string;
  createdAt!: string;
  /** The key itself. Shown this once: only its hash is stored. */
  key!: string;
}

export class ApiKeyListDto {
  items!: ApiKeyDto[];
  total!: number;
}

export class MeDto {
  /** The key's name, or the signed-in person's name (the actor recorded in audit trails). */
  name!: string;
  /** The signed-in person's email (single sign-on only). */
  email?: string;
  role!: ApiKeyRole;
  /** How this request authenticated: a session cookie from single sign-on, or an API key. */
  via!: 'sso' | 'api-key';
  /** Single sign-on only: send it as X-CSRF-Token with every POST, PUT, PATCH and DELETE. */
  csrfToken?: string;
}
