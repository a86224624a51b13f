import { DEGRADATION_HOURS, DEMO_HOURS, generateStressDetectorMetrics } from './stress-detector-metrics';

const END = Date.UTC(2026, 10, 27, 0);
const HOUR = 3_600_000;

function valuesOf(points: ReturnType<typeof generateStressDetectorMetrics>, version: string, name: string, from: number, to: number) {
  return points
    .filter((point) => point.version === version && point.name === name)
    .filter((point) => Date.parse(point.timestamp) >= from && Date.parse(point.timestamp) < to)
    .map((point) => point.value);
}
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('generateStressDetectorMetrics', () => {
  const points = generateStressDetectorMetrics(END);

  it('is deterministic for a seed and an end hour', () => {
    expect(generateStressDetectorMetrics(END)).toEqual(points);
    expect(generateStressDetectorMetrics(END, 1)).not.toEqual(points);
  });

  it('gives production 1.1.0 thirty days of hourly points of the eight metrics, none after the end hour', () => {
    const production = points.filter((point) => point.version === '1.1.0');
    const hours = new Set(production.map((point) => point.timestamp));
    expect(hours.size).toBe(DEMO_HOURS);
    expect(new Set(production.map((point) => point.name))).toEqual(
      new Set(['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'latency_ms', 'prediction_count', 'stress_rate']),
    );
    const times = points.map((point) => Date.parse(point.timestamp));
    expect(Math.max(...times)).toBe(END);
    expect(Math.min(...times)).toBe(END - (DEMO_HOURS - 1) * HOUR);
    expect(times.every((time) => time % HOUR === 0)).toBe(true);
  });

  it('keeps rates in [0, 1], counts whole and positive, latency plausible', () => {
    for (const point of points) {
      if (['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'stress_rate'].includes(point.name)) {
        expect(point.value).toBeGreaterThanOrEqual(0);
        expect(point.value).toBeLessThanOrEqual(1);
      } else if (point.name === 'prediction_count') {
        expect(Number.isInteger(point.value) && point.value > 0).toBe(true);
      } else {
        expect(point.value).toBeGreaterThan(10);
        expect(point.value).toBeLessThan(200);
      }
    }
  });

  it('degrades production over the last week, not the staging candidate', () => {
    const lastWeek = END - DEGRADATION_HOURS * HOUR + HOUR;
    const lastDay = END - 23 * HOUR;
    for (const name of ['accuracy', 'recall', 'f1', 'roc_auc']) {
      const before = mean(valuesOf(points, '1.1.0', name, 0, lastWeek));
      const end = mean(valuesOf(points, '1.1.0', name, lastDay, END + HOUR));
      expect({ name, drop: before - end > 0.05 }).toEqual({ name, drop: true });
    }
    const stagingBefore = mean(valuesOf(points, '2.0.0', 'recall', 0, lastWeek));
    const stagingEnd = mean(valuesOf(points, '2.0.0', 'recall', lastDay, END + HOUR));
    expect(Math.abs(stagingBefore - stagingEnd)).toBeLessThan(0.05);
    // Healthy production is close to its offline evaluation.
    expect(mean(valuesOf(points, '1.1.0', 'roc_auc', 0, lastWeek))).toBeCloseTo(0.935, 1);
  });
});
