import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NotificationChannelType } from './alert-enums';

/** `POST /api/v1/notification-channels`: `webhook` needs `url` (and may have `secret`), `slack` needs `url`, `email` needs `to`. */
export class CreateNotificationChannelDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  name!: string;

  @IsEnum(NotificationChannelType)
  type!: NotificationChannelType;

  /** http(s) URL (webhook, slack). Write-only for Slack: answers mask it. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  /** Webhook only: signs each body (`X-Signature-256`). Write-only. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;

  /** Email only: recipients. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true, message: 'each recipient must be an email address' })
  to?: string[];
}

/** A channel; secrets and tokenised URLs are masked. */
export class NotificationChannelDto {
  id!: string;
  name!: string;
  type!: NotificationChannelType;
  /** Masked: scheme and host, the rest as `…` for Slack and query strings; null for email. */
  url!: string | null;
  /** Webhook: whether bodies are signed. */
  hasSecret!: boolean;
  to!: string[];
  createdBy!: string;
  createdAt!: string;
}

export class NotificationChannelListDto {
  items!: NotificationChannelDto[];
  total!: number;
}

/** `POST /api/v1/notification-channels/{id}/test` */
export class NotificationTestResultDto {
  ok!: boolean;
  /** HTTP status for webhook and Slack. */
  status!: number | null;
  error!: string | null;
}
