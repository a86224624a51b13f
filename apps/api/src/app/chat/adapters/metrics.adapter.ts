import type { FixedMetricBucket } from '@stress/contracts';

export interface LatestMetric {
  version: string;
  name: string;
  value: number;
  timestamp: string;
}

export type SeriesAgg = 'avg' | 'min' | 'max' | 'sum' | 'count';

export interface SeriesQuery {
  model: string;
  name: string;
  version?: string;
  from: Date;
  to: Date;
  bucket: FixedMetricBucket;
  agg: SeriesAgg;
}

export interface SeriesPoint {
  /** Bucket start, ISO 8601. */
  t: string;
  value: number;
  /** Raw points in the bucket. */
  count: number;
}

export interface VersionSeries {
  version: string;
  points: SeriesPoint[];
}

export abstract class MetricsAdapter {
  /** Newest point per version and metric; [] when the model has none. */
  abstract latest(model: string): Promise<LatestMetric[]>;
  abstract names(model: string): Promise<string[]>;
  /** One series per version (or only `version`'s), buckets in time order. */
  abstract series(query: SeriesQuery): Promise<VersionSeries[]>;
}
