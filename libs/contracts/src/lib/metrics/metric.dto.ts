import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsEnum, IsISO8601, IsNumber, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { MODEL_NAME_PATTERN, MODEL_VERSION_PATTERN } from '../models/model-enums';
import { MAX_METRIC_LABELS, MetricAggregate, MetricBucket } from './metric-enums';
import { IsLabelRecord, METRIC_NAME_PATTERN } from './metric-records';

/** One measurement of one model version. */
export class MetricPointInputDto {
  /** Registered model name. */
  @IsString()
  @Matches(MODEL_NAME_PATTERN)
  model!: string;

  /** Registered version of that model. */
  @IsString()
  @Matches(MODEL_VERSION_PATTERN)
  version!: string;

  /** Metric name, `^[a-zA-Z_][a-zA-Z0-9_.]{0,63}$`: `accuracy`, `f1`, `latency_ms`. */
  @IsString()
  @Matches(METRIC_NAME_PATTERN)
  name!: string;

  /** A finite number (no NaN or Infinity). */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;

  /** ISO 8601 with a time zone; defaults to now; at most 5 minutes in the future. */
  @IsOptional()
  @IsISO8601({ strict: true })
  timestamp?: string;

  /** Up to 16 string labels, e.g. `{ "region": "eu", "device": "watch" }`. */
  @IsOptional()
  @IsLabelRecord(MAX_METRIC_LABELS)
  labels?: Record<string, string>;
}

/** `POST /api/v1/metrics`: up to METRICS_MAX_BATCH (default 10,000) points, stored all or none. */
export class IngestMetricsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => MetricPointInputDto)
  points!: MetricPointInputDto[];
}

/** 202: the batch is committed. */
export class IngestMetricsResponseDto {
  /** Points stored by this batch (or by the first request with the same Idempotency-Key). */
  accepted!: number;
}

/** `GET /api/v1/metrics/series?model=&name=&version=&from=&to=&bucket=&agg=` */
export class MetricSeriesQueryDto {
  @IsString()
  @Matches(MODEL_NAME_PATTERN)
  model!: string;

  @IsString()
  @Matches(METRIC_NAME_PATTERN)
  name!: string;

  /** One version only; omitted → one series per version. */
  @IsOptional()
  @IsString()
  @Matches(MODEL_VERSION_PATTERN)
  version?: string;

  /** Start (inclusive, ISO 8601); default `to` − 24 h. */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** End (exclusive, ISO 8601); default now. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** Bucket width; default `auto` (at most 500 buckets). */
  @IsOptional()
  @IsEnum(MetricBucket)
  bucket?: MetricBucket;

  /** Aggregate per bucket; default `avg`. */
  @IsOptional()
  @IsEnum(MetricAggregate)
  agg?: MetricAggregate;
}

export class MetricSeriesPointDto {
  /** Bucket start (ISO 8601 UTC). */
  t!: string;
  value!: number;
  /** Raw points in the bucket. */
  count!: number;
}

export class MetricSeriesDto {
  version!: string;
  /** Non-empty buckets in time order. */
  points!: MetricSeriesPointDto[];
}

export class MetricSeriesResponseDto {
  model!: string;
  name!: string;
  agg!: MetricAggregate;
  /** The bucket width used (`auto` resolved to a width). */
  bucket!: MetricBucket;
  /** The range queried (ISO 8601): from inclusive, to exclusive. */
  from!: string;
  to!: string;
  /** One series per version that has points in the range, ordered by version. */
  series!: MetricSeriesDto[];
}

export class LatestMetricDto {
  version!: string;
  name!: string;
  value!: number;
  timestamp!: string;
}

/** `GET /api/v1/models/:name/metrics/latest`: the newest point per version and metric. */
export class LatestMetricListDto {
  items!: LatestMetricDto[];
}

/** `GET /api/v1/models/:name/metrics/names`: metric names with points, sorted. */
export class MetricNamesDto {
  items!: string[];
}
