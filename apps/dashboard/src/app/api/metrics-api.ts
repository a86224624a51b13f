import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { FixedMetricBucket, MetricAggregate } from '@stress/contracts';
import type { MetricSeriesResponseDto } from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { toParams } from './params';

export type FixedBucket = FixedMetricBucket;

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

/** Typed client of the metric store's read side (`/api/v1/metrics`). */
@Injectable({ providedIn: 'root' })
export class MetricsApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  /** Aggregated buckets, never raw points: the caller passes a bucket from `metricBucketsWithinLimit`. */
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
