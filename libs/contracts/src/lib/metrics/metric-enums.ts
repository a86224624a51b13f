/** How the points of one bucket are combined. Percentiles are continuous (linear interpolation), like PostgreSQL `percentile_cont` and NumPy's default. */
export enum MetricAggregate {
  Avg = 'avg',
  Min = 'min',
  Max = 'max',
  Sum = 'sum',
  Count = 'count',
  P50 = 'p50',
  P95 = 'p95',
  P99 = 'p99',
}

/** Width of a series bucket. Buckets are aligned to UTC multiples of their width since the Unix epoch. */
export enum MetricBucket {
  OneMinute = '1m',
  FiveMinutes = '5m',
  FifteenMinutes = '15m',
  OneHour = '1h',
  SixHours = '6h',
  OneDay = '1d',
  /** The narrowest width giving at most MAX_AUTO_BUCKETS buckets over the range. */
  Auto = 'auto',
}

export const METRIC_AGGREGATES: readonly MetricAggregate[] = Object.values(MetricAggregate);

/** Width of each fixed bucket in seconds, narrowest first. */
export const METRIC_BUCKET_SECONDS: Readonly<Record<Exclude<MetricBucket, MetricBucket.Auto>, number>> = {
  [MetricBucket.OneMinute]: 60,
  [MetricBucket.FiveMinutes]: 300,
  [MetricBucket.FifteenMinutes]: 900,
  [MetricBucket.OneHour]: 3600,
  [MetricBucket.SixHours]: 21600,
  [MetricBucket.OneDay]: 86400,
};

/** `auto` picks the narrowest bucket giving at most this many buckets. */
export const MAX_AUTO_BUCKETS = 500;
/** A series query may span at most this many buckets (explicit bucket widths); beyond it → 400. */
export const MAX_SERIES_BUCKETS = 10_000;
/** A series query may span at most this many days; beyond it → 400. */
export const MAX_SERIES_RANGE_DAYS = 400;
/** Most labels on one metric point. */
export const MAX_METRIC_LABELS = 16;
/** Points may be stamped at most this far in the future (clock skew). */
export const MAX_METRIC_FUTURE_MS = 5 * 60 * 1000;
/** Default `METRICS_MAX_BATCH`: most points in one `POST /api/v1/metrics`. */
export const DEFAULT_METRICS_MAX_BATCH = 10_000;
/** A rejected batch lists at most this many problems. */
export const MAX_REPORTED_POINT_ERRORS = 20;

/** A bucket width other than `auto`. */
export type FixedMetricBucket = Exclude<MetricBucket, MetricBucket.Auto>;

/**
 * Most buckets of `bucket` a range of `rangeMs` can touch. Buckets are aligned to the epoch, not to
 * the range, so a range that starts inside a bucket also touches one more at its end.
 */
export function metricBucketCount(rangeMs: number, bucket: FixedMetricBucket): number {
  return Math.ceil(rangeMs / (METRIC_BUCKET_SECONDS[bucket] * 1000)) + 1;
}

/** Fixed widths that keep a range within MAX_AUTO_BUCKETS buckets, narrowest first; never empty (1d at worst). */
export function metricBucketsWithinLimit(rangeMs: number, atLeast?: FixedMetricBucket): FixedMetricBucket[] {
  const fixed = Object.keys(METRIC_BUCKET_SECONDS) as FixedMetricBucket[];
  const wideEnough = atLeast ? fixed.slice(fixed.indexOf(atLeast)) : fixed;
  const allowed = wideEnough.filter((bucket) => metricBucketCount(rangeMs, bucket) <= MAX_AUTO_BUCKETS);
  // Ranges are capped at MAX_SERIES_RANGE_DAYS, so a day bucket is always within the series limits.
  return allowed.length > 0 ? allowed : [MetricBucket.OneDay];
}

/**
 * The bucket `auto` means: the narrowest width giving at most MAX_AUTO_BUCKETS buckets over the range
 * (1d when none does), the finest series that stays cheap to query and to draw. `atLeast` sets a floor,
 * for readers that know the data is coarser (hourly metrics summarised over days).
 */
export function autoMetricBucket(rangeMs: number, atLeast?: FixedMetricBucket): FixedMetricBucket {
  return metricBucketsWithinLimit(rangeMs, atLeast)[0];
}
