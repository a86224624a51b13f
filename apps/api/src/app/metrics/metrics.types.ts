import { MetricAggregate, MetricBucket } from '@stress/contracts';

/** A point handed to MetricsService.ingest (same fields as the HTTP body). */
export interface MetricPointInput {
  model: string;
  version: string;
  name: string;
  value: number;
  /** ISO 8601; default now. */
  timestamp?: string;
  labels?: Record<string, string>;
}

export interface IngestResult {
  accepted: number;
  /** True when an earlier batch with the same Idempotency-Key was found and nothing was stored. */
  replayed: boolean;
}

export interface SeriesQuery {
  model: string;
  name: string;
  version?: string;
  from?: string;
  to?: string;
  bucket?: MetricBucket;
  agg?: MetricAggregate;
}

export interface SeriesBucket {
  t: Date;
  value: number;
  count: number;
}

export interface SeriesResult {
  model: string;
  name: string;
  agg: MetricAggregate;
  bucket: Exclude<MetricBucket, MetricBucket.Auto>;
  from: Date;
  to: Date;
  series: Array<{ version: string; points: SeriesBucket[] }>;
}

export interface LatestPoint {
  version: string;
  name: string;
  value: number;
  timestamp: Date;
}
