import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { MAX_AUTO_BUCKETS, METRIC_BUCKET_SECONDS, MetricAggregate, MetricBucket } from '@stress/contracts';
import type { MetricSeriesResponseDto } from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { toParams } from './params';

export type FixedBucket = Exclude<MetricBucket, MetricBucket.Auto>;

export interface SeriesQuery {
  model: string;
  name: string;
  /** One version; omitted → one series per version. */
  version?: string;
  from: Date;
  to: Date;
  bucket: FixedBucket;
  agg: MetricAggregate;
}

/** Buckets of a width over a range, counting a partial bucket at each end (buckets are epoch-aligned). */
export function bucketCount(rangeMs: number, bucket: FixedBucket): number {
  return Math.ceil(rangeMs / (METRIC_BUCKET_SECONDS[bucket] * 1000)) + 1;
}

/** Fixed widths that keep the chart at most MAX_AUTO_BUCKETS buckets over the range, narrowest first. */
export function bucketsWithinLimit(rangeMs: number): FixedBucket[] {
  const fixed = Object.keys(METRIC_BUCKET_SECONDS) as FixedBucket[];
  const allowed = fixed.filter((bucket) => bucketCount(rangeMs, bucket) <= MAX_AUTO_BUCKETS);
  // The widest bucket is always offered: the API caps ranges (400 days) so a day bucket stays within limits.
  return allowed.length > 0 ? allowed : [fixed[fixed.length - 1]];
}

/** The narrowest width giving at most ~500 buckets: the finest chart that stays cheap to draw and to query. */
export function chooseBucket(rangeMs: number): FixedBucket {
  return bucketsWithinLimit(rangeMs)[0];
}

/** Typed client of the metric store's read side (`/api/v1/metrics`, issue 3). */
@Injectable({ providedIn: 'root' })
export class MetricsApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  /** Aggregated buckets, never raw points: the caller passes a bucket from `bucketsWithinLimit`. */
  series(query: SeriesQuery): Observable<MetricSeriesResponseDto> {
    return this.http.get<MetricSeriesResponseDto>(this.config.apiUrl('/api/v1/metrics/series'), {
      params: toParams({
        model: query.model,
        name: query.name,
        version: query.version,
        from: query.from.toISOString(),
        to: query.to.toISOString(),
        bucket: query.bucket,
        agg: query.agg,
      }),
    });
  }
}
