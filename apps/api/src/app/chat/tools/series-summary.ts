import { autoMetricBucket, FixedMetricBucket, MetricBucket } from '@stress/contracts';
import type { MetricSeriesPointDto } from '@stress/contracts';

/**
 * The bucket for summarising a period: the `auto` rule of the series API, but never finer than an
 * hour beyond a day, since metrics usually arrive hourly or slower and finer buckets only add noise.
 */
export function summaryBucket(from: Date, to: Date): FixedMetricBucket {
  const range = to.getTime() - from.getTime();
  return autoMetricBucket(range, range > 86_400_000 ? MetricBucket.OneHour : undefined);
}

export type Trend = 'rising' | 'falling' | 'stable';

export interface SeriesSummary {
  /** Raw points in the period. */
  points: number;
  /** Buckets with data. */
  buckets: number;
  min: number;
  max: number;
  /** Mean of the raw points (bucket means weighted by their counts). */
  mean: number;
  /** First and last bucket means. */
  first: { t: string; value: number };
  last: { t: string; value: number };
  change: number;
  /** Least-squares slope of the bucket means, per day. */
  slopePerDay: number;
  trend: Trend;
}

/** Share of the mean the fitted line must move over the period to count as a trend. */
const TREND_TOLERANCE = 0.01;

/**
 * Summarises one version's series from its bucketed averages, minima and maxima
 * (the three queries share the same bucket, so min/max are the raw extremes).
 */
export function summariseSeries(
  avg: MetricSeriesPointDto[],
  min: MetricSeriesPointDto[],
  max: MetricSeriesPointDto[],
): SeriesSummary | null {
  const buckets = avg.filter((point) => point.count > 0 && Number.isFinite(point.value));
  if (buckets.length === 0) return null;
  let total = 0;
  let weighted = 0;
  for (const point of buckets) {
    total += point.count;
    weighted += point.value * point.count;
  }
  const mean = weighted / total;
  const minimum = min.length ? Math.min(...min.map((point) => point.value)) : Math.min(...buckets.map((point) => point.value));
  const maximum = max.length ? Math.max(...max.map((point) => point.value)) : Math.max(...buckets.map((point) => point.value));
  const first = buckets[0];
  const last = buckets[buckets.length - 1];

  const t0 = Date.parse(first.t);
  const xs = buckets.map((point) => (Date.parse(point.t) - t0) / 86_400_000);
  const ys = buckets.map((point) => point.value);
  const xMean = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const yMean = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - xMean) * (ys[i] - yMean);
    sxx += (xs[i] - xMean) ** 2;
  }
  const slopePerDay = sxx > 0 ? sxy / sxx : 0;
  const spanDays = xs[xs.length - 1];
  const moved = slopePerDay * spanDays;
  const tolerance = Math.max(TREND_TOLERANCE * Math.abs(mean), 1e-12);
  const trend: Trend = buckets.length < 2 || Math.abs(moved) < tolerance ? 'stable' : moved > 0 ? 'rising' : 'falling';

  return {
    points: total,
    buckets: buckets.length,
    min: minimum,
    max: maximum,
    mean,
    first: { t: first.t, value: first.value },
    last: { t: last.t, value: last.value },
    change: last.value - first.value,
    slopePerDay,
    trend,
  };
}
