import { summaryBucket, summariseSeries } from './series-summary';

const HOUR = 3_600_000;
const start = Date.parse('2026-11-01T00:00:00.000Z');
const point = (hour: number, value: number, count = 1) => ({ t: new Date(start + hour * HOUR).toISOString(), value, count });

describe('summariseSeries', () => {
  it('weights bucket means by their counts and takes extremes from the min/max series', () => {
    const avg = [point(0, 1, 2), point(1, 4, 1), point(2, 2, 3)];
    const summary = summariseSeries(avg, [point(0, 0.5), point(1, 4), point(2, 1)], [point(0, 1.5), point(1, 4), point(2, 3)]);
    expect(summary?.points).toBe(6);
    expect(summary?.mean).toBeCloseTo((1 * 2 + 4 + 2 * 3) / 6, 12);
    expect(summary?.min).toBe(0.5);
    expect(summary?.max).toBe(4);
    expect(summary?.first).toEqual({ t: avg[0].t, value: 1 });
    expect(summary?.last).toEqual({ t: avg[2].t, value: 2 });
    expect(summary?.change).toBe(1);
  });

  it('fits the slope per day and names the trend', () => {
    const falling = Array.from({ length: 48 }, (_, hour) => point(hour, 0.9 - hour * 0.001));
    const summary = summariseSeries(falling, [], []);
    expect(summary?.slopePerDay).toBeCloseTo(-0.024, 9);
    expect(summary?.trend).toBe('falling');
    const flat = Array.from({ length: 48 }, (_, hour) => point(hour, 0.9 + (hour % 2 ? 0.001 : -0.001)));
    expect(summariseSeries(flat, [], [])?.trend).toBe('stable');
    expect(summariseSeries([], [], [])).toBeNull();
  });

  it('chooses the finest bucket that keeps at most 500 buckets', () => {
    const from = new Date(start);
    expect(summaryBucket(from, new Date(start + 7 * 24 * HOUR))).toBe('1h');
    expect(summaryBucket(from, new Date(start + 30 * 24 * HOUR))).toBe('6h');
    expect(summaryBucket(from, new Date(start + 6 * HOUR))).toBe('1m');
    expect(summaryBucket(from, new Date(start + 400 * 24 * HOUR))).toBe('1d');
    // 15-minute buckets would fit two days, but beyond a day the summary never goes below an hour.
    expect(summaryBucket(from, new Date(start + 48 * HOUR))).toBe('1h');
  });
});
