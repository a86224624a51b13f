import { AlertAggregate, AlertOperator } from '@stress/contracts';
import { aggregate, breaches, windowOf } from './alert-aggregate';

const points = [
  { tsMs: 1000, value: 4 },
  { tsMs: 2000, value: 1 },
  { tsMs: 3000, value: 10 },
  { tsMs: 4000, value: 5 },
];

describe('aggregate', () => {
  // Worked by hand: values 4, 1, 10, 5; sorted 1, 4, 5, 10.
  it('computes each aggregate', () => {
    expect(aggregate(points, AlertAggregate.Avg)).toBe(5);
    expect(aggregate(points, AlertAggregate.Sum)).toBe(20);
    expect(aggregate(points, AlertAggregate.Min)).toBe(1);
    expect(aggregate(points, AlertAggregate.Max)).toBe(10);
    expect(aggregate(points, AlertAggregate.Count)).toBe(4);
    expect(aggregate(points, AlertAggregate.Last)).toBe(5);
    // p50: position 1.5 → 4 + 0.5 × (5 − 4) = 4.5
    expect(aggregate(points, AlertAggregate.P50)).toBeCloseTo(4.5, 12);
    // p95: position 2.85 → 5 + 0.85 × (10 − 5) = 9.25
    expect(aggregate(points, AlertAggregate.P95)).toBeCloseTo(9.25, 12);
    // p99: position 2.97 → 5 + 0.97 × 5 = 9.85
    expect(aggregate(points, AlertAggregate.P99)).toBeCloseTo(9.85, 12);
  });

  it('has no value for an empty window, except count 0', () => {
    for (const agg of [AlertAggregate.Avg, AlertAggregate.Min, AlertAggregate.P95, AlertAggregate.Last])
      expect(aggregate([], agg)).toBeNull();
    expect(aggregate([], AlertAggregate.Count)).toBe(0);
  });

  it('takes the newest point for last, whatever the input order', () => {
    expect(aggregate([points[3], points[0], points[2]] as typeof points, AlertAggregate.Last)).toBe(5);
  });
});

describe('breaches', () => {
  it('compares strictly or not', () => {
    expect(breaches(0.8, AlertOperator.Lt, 0.8)).toBe(false);
    expect(breaches(0.8, AlertOperator.Lte, 0.8)).toBe(true);
    expect(breaches(0.79, AlertOperator.Lt, 0.8)).toBe(true);
    expect(breaches(61, AlertOperator.Gt, 60)).toBe(true);
    expect(breaches(60, AlertOperator.Gt, 60)).toBe(false);
    expect(breaches(60, AlertOperator.Gte, 60)).toBe(true);
  });
});

describe('windowOf', () => {
  it('takes [end − window, end): the start included, the end excluded', () => {
    expect(windowOf(points, 4000, 2000).map((point) => point.value)).toEqual([1, 10]);
    expect(windowOf(points, 4001, 3001).map((point) => point.value)).toEqual([4, 1, 10, 5]);
    expect(windowOf(points, 1000, 1000)).toEqual([]);
  });
});
