import { Transform, Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Length } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination.dto';

/** What an audit event records. */
export type AuditAction = 'change' | 'sign-in' | 'sign-in-refused' | 'sign-out' | 'sessions-ended';

/** One recorded change (or sign-in). */
export class AuditEventDto {
  id!: number;
  at!: string;
  /** The key's name or the person's email. */
  actor!: string;
  via!: 'sso' | 'api-key';
  /** `change` for every successful POST, PUT, PATCH or DELETE under /api/v1; or a sign-in event. */
  action!: string;
  method!: string;
  /** The path that was called, e.g. /api/v1/models/churn/versions/3. */
  route!: string;
  /** The id or name of what was changed, when the route or the response names one. */
  resourceId!: string | null;
  status!: number;
  requestId!: string | null;
}

export class AuditEventListDto {
  items!: AuditEventDto[];
  total!: number;
}

export class AuditEventQueryDto extends PaginationQueryDto {
  /** Exact actor: a key's name or a person's email. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 320)
  actor?: string;

  /** Events at or after this time (ISO 8601). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** Events before this time (ISO 8601). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
