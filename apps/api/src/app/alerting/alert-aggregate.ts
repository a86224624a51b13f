import { AlertAggregate, AlertOperator } from '@stress/contracts';

/** A point as the evaluation sees it. */
export interface TimedValue {
  tsMs: number;
  value: number;
}

/** Continuous percentile (linear interpolation between closest ranks), as PostgreSQL `percentile_cont`. */
function percentile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/**
 * The aggregate of the points of one window, as the SQL evaluation computes it; null for no points
 * (except `count`, which is 0). `last` is the value of the newest point (the later one in input order on ties).
 */
export function aggregate(points: readonly TimedValue[], agg: AlertAggregate): number | null {
  if (agg === AlertAggregate.Count) return points.length;
  if (points.length === 0) return null;
  const values = points.map((point) => point.value);
  switch (agg) {
    case AlertAggregate.Avg:
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case AlertAggregate.Sum:
      return values.reduce((sum, value) => sum + value, 0);
    case AlertAggregate.Min:
      return Math.min(...values);
    case AlertAggregate.Max:
      return Math.max(...values);
    case AlertAggregate.P50:
    case AlertAggregate.P95:
    case AlertAggregate.P99: {
      const q = agg === AlertAggregate.P50 ? 0.5 : agg === AlertAggregate.P95 ? 0.95 : 0.99;
      return percentile(
        [...values].sort((a, b) => a - b),
        q,
      );
    }
    case AlertAggregate.Last: {
      let newest = points[0] as TimedValue;
      for (const point of points) if (point.tsMs >= newest.tsMs) newest = point;
      return newest.value;
    }
  }
}

/** `value <op> threshold`. */
export function breaches(value: number, op: AlertOperator, threshold: number): boolean {
  switch (op) {
    case AlertOperator.Gt:
      return value > threshold;
    case AlertOperator.Gte:
      return value >= threshold;
    case AlertOperator.Lt:
      return value < threshold;
    case AlertOperator.Lte:
      return value <= threshold;
  }
}

/** The points with timestamps in [end − windowMs, end), from points sorted by time (binary search). */
export function windowOf(sorted: readonly TimedValue[], end: number, windowMs: number): TimedValue[] {
  const lowerBound = (target: number): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((sorted[middle] as TimedValue).tsMs < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return sorted.slice(lowerBound(end - windowMs), lowerBound(end));
}
