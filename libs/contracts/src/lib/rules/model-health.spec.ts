import { assessModelHealth, judgeMetricShift, MetricShift, splitHealthWindows, windowStats } from './model-health';

// Hand-worked examples (sample variance, n − 1):
// A = [0.80, 0.82, 0.78, 0.80, 0.81, 0.79]: mean 0.80, squared deviations 0 + .0004 + .0004 + 0 + .0001 + .0001 = .001, variance .0002.
// B = [0.90, 0.92, 0.88, 0.90, 0.91, 0.89]: mean 0.90, variance .0002.
// C = [0.81, 0.83, 0.79, 0.81, 0.82, 0.80]: mean 0.81, variance .0002.
// SE(A − B) = √(.0002/6 + .0002/6) = √(6.6667e-5) = 0.0081650; z(A − B) = −0.10 / 0.0081650 = −12.247; z(A − C) = −1.2247.
const A = [0.8, 0.82, 0.78, 0.8, 0.81, 0.79];
const B = [0.9, 0.92, 0.88, 0.9, 0.91, 0.89];
const C = [0.81, 0.83, 0.79, 0.81, 0.82, 0.8];
// Latency: L1 = [120, 130, 110, 125, 115, 120] mean 120, squares 0+100+100+25+25+0 = 250, variance 50;
// L0 = [100, 105, 95, 100, 102, 98] mean 100, squares 0+25+25+0+4+4 = 58, variance 11.6;
// SE = √(50/6 + 11.6/6) = √10.2667 = 3.20416; z = 20 / 3.20416 = 6.2419.
const L1 = [120, 130, 110, 125, 115, 120];
const L0 = [100, 105, 95, 100, 102, 98];

describe('windowStats', () => {
  it('gives the mean and the sample variance', () => {
    const stats = windowStats(A);
    expect(stats.n).toBe(6);
    expect(stats.mean).toBeCloseTo(0.8, 12);
    expect(stats.variance).toBeCloseTo(0.0002, 12);
    expect(windowStats([5])).toEqual({ n: 1, mean: 5, variance: 0 });
    expect(windowStats([]).n).toBe(0);
  });
});

describe('judgeMetricShift', () => {
  it('flags recall falling beyond 3 standard errors as worse', () => {
    const shift = judgeMetricShift('recall', A, B);
    expect(shift.difference).toBeCloseTo(-0.1, 12);
    expect(shift.standardError).toBeCloseTo(0.008165, 6);
    expect(shift.z).toBeCloseTo(-12.247, 3);
    expect(shift.verdict).toBe('worse');
    expect(judgeMetricShift('recall', B, A).verdict).toBe('better');
  });

  it('calls a noisy flat series steady (a 1.2 standard-error wobble)', () => {
    const shift = judgeMetricShift('f1', A, C);
    expect(shift.z).toBeCloseTo(-1.2247, 3);
    expect(shift.verdict).toBe('steady');
  });

  it('judges lower-is-better metrics the other way round', () => {
    const shift = judgeMetricShift('latency_ms', L1, L0);
    expect(shift.standardError).toBeCloseTo(3.20416, 4);
    expect(shift.z).toBeCloseTo(6.2419, 3);
    expect(shift.verdict).toBe('worse');
    expect(judgeMetricShift('latency_ms', L0, L1).verdict).toBe('better');
  });

  it('needs enough points in both windows', () => {
    expect(judgeMetricShift('recall', A.slice(0, 5), B).verdict).toBe('too-few-points');
    expect(judgeMetricShift('recall', A, B.slice(0, 5)).verdict).toBe('too-few-points');
    expect(judgeMetricShift('recall', A.slice(0, 3), B.slice(0, 3), { minPoints: 3 }).verdict).toBe('worse');
  });

  it('does not judge metrics without a known direction', () => {
    expect(judgeMetricShift('prediction_count', [1, 1, 1, 1, 1, 1], [9, 9, 9, 9, 9, 9]).verdict).toBe('no-direction');
  });

  it('treats any change of noiseless windows as beyond the noise, and no change as steady', () => {
    const constant = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    expect(judgeMetricShift('accuracy', constant, constant)).toMatchObject({ z: 0, verdict: 'steady' });
    const lower = judgeMetricShift(
      'accuracy',
      constant.map(() => 0.4),
      constant,
    );
    expect(lower.z).toBeLessThan(-1e6); // −Infinity up to rounding (the mean of six 0.4s is 0.4000000000000001)
    expect(lower.verdict).toBe('worse');
  });

  it('flags a steady downward trend over 8 days of hourly points', () => {
    // recall falls 0.001 per hour with ±0.01 alternating noise: 24 h mean ≈ 0.1 below the week before.
    const points = Array.from({ length: 192 }, (_, hour) => ({
      t: hour * 3_600_000,
      value: 0.95 - 0.001 * hour + (hour % 2 ? 0.01 : -0.01),
    }));
    const { recent, baseline } = splitHealthWindows(points, 191 * 3_600_000);
    expect(recent).toHaveLength(24);
    expect(baseline).toHaveLength(168);
    expect(judgeMetricShift('recall', recent, baseline).verdict).toBe('worse');
  });
});

describe('splitHealthWindows', () => {
  it('puts (end − 24 h, end] in recent and the 7 days before in baseline, dropping older and later points', () => {
    const hour = 3_600_000;
    const end = 1_000 * hour;
    const points = [
      { t: end - 193 * hour, value: 1 }, // older than the baseline
      { t: end - 192 * hour, value: 2 }, // baseline start is exclusive
      { t: end - 191 * hour, value: 3 },
      { t: end - 24 * hour, value: 4 }, // recent start is exclusive: baseline
      { t: end - 23 * hour, value: 5 },
      { t: new Date(end).toISOString(), value: 6 },
      { t: end + hour, value: 7 }, // after the end
    ];
    expect(splitHealthWindows(points, end)).toEqual({ recent: [5, 6], baseline: [3, 4] });
  });
});

describe('assessModelHealth', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const base = { productionVersion: '1.0.0', drift: null, shifts: [] as MetricShift[], newestPointAt: now - 3_600_000, now };

  it('is ok for a model in production with fresh, steady metrics', () => {
    expect(assessModelHealth({ ...base, shifts: [judgeMetricShift('f1', A, C)] })).toEqual({ level: 'ok', reasons: [] });
  });

  it('names the metric that moved beyond its noise, largest first, after alerts and drift', () => {
    const verdict = assessModelHealth({
      ...base,
      firingAlerts: ['recall below 0.85'],
      drift: { version: '1.0.0', datasetDrift: true, driftedColumns: 3, totalColumns: 10 },
      shifts: [judgeMetricShift('latency_ms', L1, L0), judgeMetricShift('recall', A, B), judgeMetricShift('f1', A, C)],
    });
    expect(verdict.level).toBe('attention');
    expect(verdict.reasons.map((reason) => [reason.kind, reason.metric ?? null])).toEqual([
      ['alert', null],
      ['drift', null],
      ['metric', 'recall'],
      ['metric', 'latency_ms'],
    ]);
    expect(verdict.reasons[1]?.text).toBe('Drift in 3 of 10 columns (1.0.0)');
    expect(verdict.reasons[2]?.text).toContain('recall down');
    expect(verdict.reasons[3]?.text).toContain('latency_ms up');
  });

  it('is worth a look without a production version, without metrics or with stale metrics', () => {
    expect(assessModelHealth({ ...base, productionVersion: null }).level).toBe('look');
    expect(assessModelHealth({ ...base, newestPointAt: null }).reasons.map((reason) => reason.text)).toEqual(['No metrics yet']);
    const stale = assessModelHealth({ ...base, newestPointAt: now - 3 * 86_400_000 - 1 });
    expect(stale).toEqual({ level: 'look', reasons: [{ kind: 'stale', level: 'look', text: 'No metrics for 3 days' }] });
  });

  it('ignores drift reports without drift and metrics that got better', () => {
    const verdict = assessModelHealth({
      ...base,
      drift: { version: '1.0.0', datasetDrift: false, driftedColumns: 0, totalColumns: 10 },
      shifts: [judgeMetricShift('recall', B, A)],
    });
    expect(verdict.level).toBe('ok');
  });
});
