import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PaginationQueryDto } from '../common/pagination.dto';
import { emptyToUndefined } from '../common/query-transforms';
import { MAX_METRIC_LABELS } from '../metrics/metric-enums';
import { IsLabelRecord, METRIC_NAME_PATTERN } from '../metrics/metric-records';
import { MODEL_NAME_PATTERN, MODEL_VERSION_PATTERN } from '../models/model-enums';
import { ALERT_DURATION_PATTERN } from './alert-duration';
import { AlertAggregate, AlertNoData, AlertOperator, AlertSeverity, AlertState } from './alert-enums';

const DURATION_MESSAGE = 'must be a duration such as 30s, 5m, 1h or 1d';

/** The fields of a rule (`POST /api/v1/alert-rules` and the preview). */
export class AlertRuleBodyDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  name!: string;

  /** Model name; need not be registered yet (the rule then says so). */
  @IsString()
  @Matches(MODEL_NAME_PATTERN)
  model!: string;

  /** A version, or null (default) to follow the model's production version at each evaluation. */
  @IsOptional()
  @IsString()
  @Matches(MODEL_VERSION_PATTERN)
  version?: string | null;

  /** Metric name; need not have points yet (the rule then says so). */
  @IsString()
  @Matches(METRIC_NAME_PATTERN)
  metric!: string;

  /** Only series carrying all of these labels; `{}` (default) takes every series of the metric. */
  @IsOptional()
  @IsLabelRecord(MAX_METRIC_LABELS)
  labels?: Record<string, string>;

  @IsEnum(AlertAggregate)
  agg!: AlertAggregate;

  /** Points with timestamps in [now − window, now); at most 7d. */
  @IsString()
  @Matches(ALERT_DURATION_PATTERN, { message: `window ${DURATION_MESSAGE}` })
  window!: string;

  @IsEnum(AlertOperator)
  op!: AlertOperator;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  threshold!: number;

  /** How long the condition must hold before firing (default 0s, at most 24h). */
  @IsOptional()
  @IsString()
  @Matches(ALERT_DURATION_PATTERN, { message: `for ${DURATION_MESSAGE}` })
  for?: string;

  /** How long a firing rule keeps firing after the condition clears (default 0s, at most 24h). */
  @IsOptional()
  @IsString()
  @Matches(ALERT_DURATION_PATTERN, { message: `keepFiringFor ${DURATION_MESSAGE}` })
  keepFiringFor?: string;

  /** Notify again this often while firing (default 4h). */
  @IsOptional()
  @IsString()
  @Matches(ALERT_DURATION_PATTERN, { message: `repeatInterval ${DURATION_MESSAGE}` })
  repeatInterval?: string;

  @IsOptional()
  @IsEnum(AlertSeverity)
  severity?: AlertSeverity;

  @IsOptional()
  @IsEnum(AlertNoData)
  noData?: AlertNoData;

  /** Notification channel ids. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each channel must be a notification channel id (UUID)' })
  channels?: string[];

  /** Text sent with notifications; `{{model}}`, `{{version}}`, `{{metric}}`, `{{value}}`, `{{threshold}}`, `{{rule}}` are filled in. */
  @IsOptional()
  @IsObject()
  annotations?: Record<string, string>;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** `POST /api/v1/alert-rules` */
export class CreateAlertRuleDto extends AlertRuleBodyDto {}

/** `PATCH /api/v1/alert-rules/{id}`: any field of a rule. */
export class UpdateAlertRuleDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  name?: string;

  @IsOptional()
  @IsString()
  @Matches(MODEL_NAME_PATTERN)
  model?: string;

  /** null follows the production version. */
  @IsOptional()
  @IsString()
  @Matches(MODEL_VERSION_PATTERN)
  version?: string | null;

  @IsOptional()
  @IsString()
  @Matches(METRIC_NAME_PATTERN)
  metric?: string;

  @IsOptional()
  @IsLabelRecord(MAX_METRIC_LABELS)
  labels?: Record<string, string>;

  @IsOptional()
  @IsEnum(AlertAggregate)
  agg?: AlertAggregate;

  @IsOptional()
  @IsString()
  @Matches(ALERT_DURATION_PATTERN, { message: `window ${DURATION_MESSAGE}` })
  window?: string;

  @IsOptional()
  @IsEnum(AlertOperator)
  op?: AlertOperator;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  threshold?: number;

  @IsOptional()
  @IsString()
  @Matches(ALERT_DURATION_PATTERN, { message: `for ${DURATION_MESSAGE}` })
  for?: string;

  @IsOptional()
  @IsString()
  @Matches(ALERT_DURATION_PATTERN, { message: `keepFiringFor ${DURATION_MESSAGE}` })
  keepFiringFor?: string;

  @IsOptional()
  @IsString()
  @Matches(ALERT_DURATION_PATTERN, { message: `repeatInterval ${DURATION_MESSAGE}` })
  repeatInterval?: string;

  @IsOptional()
  @IsEnum(AlertSeverity)
  severity?: AlertSeverity;

  @IsOptional()
  @IsEnum(AlertNoData)
  noData?: AlertNoData;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each channel must be a notification channel id (UUID)' })
  channels?: string[];

  @IsOptional()
  @IsObject()
  annotations?: Record<string, string>;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** A stored rule with its current state. */
export class AlertRuleDto {
  id!: string;
  name!: string;
  model!: string;
  /** null: follows the production version. */
  version!: string | null;
  metric!: string;
  labels!: Record<string, string>;
  agg!: AlertAggregate;
  window!: string;
  op!: AlertOperator;
  threshold!: number;
  for!: string;
  keepFiringFor!: string;
  repeatInterval!: string;
  severity!: AlertSeverity;
  noData!: AlertNoData;
  channels!: string[];
  annotations!: Record<string, string>;
  enabled!: boolean;
  state!: AlertState;
  /** ISO 8601: when the rule entered its state. */
  stateSince!: string;
  /** The last evaluated value (null: no data or not evaluated yet). */
  value!: number | null;
  /** ISO 8601, null before the first evaluation. */
  lastEvaluatedAt!: string | null;
  /** Why the state is `error`. */
  error!: string | null;
  /** Problems that do not stop the rule, e.g. `model "x" is not registered (yet)`; empty when none. */
  warnings!: string[];
  createdBy!: string;
  createdAt!: string;
  updatedAt!: string;
}

export class AlertRuleListDto {
  items!: AlertRuleDto[];
  total!: number;
}

/** `GET /api/v1/alert-rules` */
export class AlertRuleListQueryDto extends PaginationQueryDto {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  model?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEnum(AlertState)
  state?: AlertState;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEnum(AlertSeverity)
  severity?: AlertSeverity;
}

/** One state change of a rule. */
export class AlertEventDto {
  ruleId!: string;
  from!: AlertState;
  to!: AlertState;
  /** ISO 8601. */
  at!: string;
  value!: number | null;
  /** The version evaluated (the production version at the time for `version: null`). */
  version!: string | null;
  error!: string | null;
}

export class AlertEventListDto {
  items!: AlertEventDto[];
  total!: number;
}

/** `GET /api/v1/alerts`: one enabled rule's current state. */
export class AlertDto {
  ruleId!: string;
  name!: string;
  model!: string;
  /** The version last evaluated (production's for rules that follow it). */
  version!: string | null;
  metric!: string;
  severity!: AlertSeverity;
  state!: AlertState;
  value!: number | null;
  threshold!: number;
  op!: AlertOperator;
  /** ISO 8601: when the rule entered its state. */
  since!: string;
  error!: string | null;
}

export class AlertListDto {
  items!: AlertDto[];
  /** Rules firing now. */
  firing!: number;
}

/** `POST /api/v1/alert-rules/preview` */
export class AlertRulePreviewDto extends AlertRuleBodyDto {
  /** ISO 8601: the first evaluation. */
  @IsISO8601({ strict: true })
  from!: string;

  /** ISO 8601: the last evaluation is at or before this. */
  @IsISO8601({ strict: true })
  to!: string;

  /** Time between evaluations; default ALERTS_EVAL_INTERVAL_MS. At most 10,000 steps. */
  @IsOptional()
  @IsString()
  @Matches(ALERT_DURATION_PATTERN, { message: `step ${DURATION_MESSAGE}` })
  step?: string;
}

export class AlertPreviewStepDto {
  at!: string;
  value!: number | null;
  state!: AlertState;
}

export class AlertPreviewSpanDto {
  startsAt!: string;
  /** null: still firing at the last step. */
  endsAt!: string | null;
}

export class AlertPreviewResultDto {
  /** The version evaluated. */
  version!: string | null;
  steps!: AlertPreviewStepDto[];
  firing!: AlertPreviewSpanDto[];
}

/** `GET /api/v1/alert-rules/{id}/events` */
export class AlertEventListQueryDto extends PaginationQueryDto {}

/** `GET /api/v1/alert-deliveries` */
export class AlertDeliveryListQueryDto extends PaginationQueryDto {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUUID('all', { message: 'ruleId must be a rule id (UUID)' })
  ruleId?: string;
}

export class AlertDeliveryDto {
  id!: string;
  ruleId!: string | null;
  channelId!: string;
  channelType!: string;
  kind!: string;
  status!: string;
  attempts!: number;
  lastError!: string | null;
  /** ISO 8601: next attempt of a pending delivery. */
  nextAttemptAt!: string | null;
  createdAt!: string;
  sentAt!: string | null;
}

export class AlertDeliveryListDto {
  items!: AlertDeliveryDto[];
  total!: number;
}
