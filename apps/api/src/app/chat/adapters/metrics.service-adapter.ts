import { Injectable } from '@nestjs/common';
import { MetricAggregate, MetricBucket } from '@stress/contracts';
import { MetricsService } from '../../metrics/metrics.service';
import { LatestMetric, MetricsAdapter, SeriesQuery, VersionSeries } from './metrics.adapter';

/** Metric reads through MetricsService (the same SQL aggregates as GET /metrics/series). */
@Injectable()
export class ServiceMetricsAdapter extends MetricsAdapter {
  constructor(private readonly metrics: MetricsService) {
    super();
  }

  async latest(model: string): Promise<LatestMetric[]> {
    const points = await this.metrics.latest(model);
    return points.map((point) => ({
      version: point.version,
      name: point.name,
      value: point.value,
      timestamp: point.timestamp.toISOString(),
    }));
  }

  names(model: string): Promise<string[]> {
    return this.metrics.names(model);
  }

  async series(query: SeriesQuery): Promise<VersionSeries[]> {
    const result = await this.metrics.series({
      model: query.model,
      name: query.name,
      version: query.version,
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      bucket: query.bucket as MetricBucket,
      agg: query.agg as MetricAggregate,
    });
    return result.series.map((series) => ({
      version: series.version,
      points: series.points.map((point) => ({ t: point.t.toISOString(), value: point.value, count: point.count })),
    }));
  }
}
