import { Type } from 'class-transformer';
import { IsEnum, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MODEL_NAME_PATTERN } from '../models/model-enums';
import { AlertSeverity } from './alert-enums';

/** A silence matches a notification when every given matcher equals the rule's field. */
export class SilenceMatchersDto {
  @IsOptional()
  @IsUUID('all', { message: 'ruleId must be a rule id (UUID)' })
  ruleId?: string;

  @IsOptional()
  @IsString()
  @Matches(MODEL_NAME_PATTERN)
  model?: string;

  @IsOptional()
  @IsEnum(AlertSeverity)
  severity?: AlertSeverity;
}

/** `POST /api/v1/silences` */
export class CreateSilenceDto {
  @IsObject()
  @ValidateNested()
  @Type(() => SilenceMatchersDto)
  matchers!: SilenceMatchersDto;

  /** ISO 8601. */
  @IsISO8601({ strict: true })
  startsAt!: string;

  /** ISO 8601, after startsAt. */
  @IsISO8601({ strict: true })
  endsAt!: string;

  @IsString()
  @MaxLength(1000)
  comment!: string;
}

export class SilenceDto {
  id!: string;
  matchers!: SilenceMatchersDto;
  startsAt!: string;
  endsAt!: string;
  comment!: string;
  createdBy!: string;
  createdAt!: string;
  /** `active`, `pending` (starts later) or `expired`. */
  status!: string;
}

export class SilenceListDto {
  items!: SilenceDto[];
  total!: number;
}
