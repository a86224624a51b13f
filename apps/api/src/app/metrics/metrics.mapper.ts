import { LatestMetricDto, MetricSeriesResponseDto } from '@stress/contracts';
import { LatestPoint, SeriesResult } from './metrics.types';

export function toSeriesResponseDto(result: SeriesResult): MetricSeriesResponseDto {
  return {
    model: result.model,
    name: result.name,
    agg: result.agg,
    bucket: result.bucket,
    from: result.from.toISOString(),
    to: result.to.toISOString(),
    series: result.series.map((series) => ({
      version: series.version,
      points: series.points.map((point) => ({ t: point.t.toISOString(), value: point.value, count: point.count })),
    })),
  };
}

export function toLatestMetricDto(point: LatestPoint): LatestMetricDto {
  return { version: point.version, name: point.name, value: point.value, timestamp: point.timestamp.toISOString() };
}
