import 'reflect-metadata';
import { parseIsoTimestamp, parseMetricBatch } from './metric-batch';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const good = {
  model: 'stress-detector',
  version: '1.1.0',
  name: 'accuracy',
  value: 0.91,
  timestamp: '2026-11-27T11:00:00Z',
};

describe('parseIsoTimestamp', () => {
  it.each([
    ['2026-11-27T11:00:00Z', Date.UTC(2026, 10, 27, 11)],
    ['2026-11-27T11:00:00.123Z', Date.UTC(2026, 10, 27, 11, 0, 0, 123)],
    ['2026-11-27T11:00:00.1234567Z', Date.UTC(2026, 10, 27, 11, 0, 0, 123)],
    ['2026-11-27T13:00:00+02:00', Date.UTC(2026, 10, 27, 11)],
    ['2026-11-27T06:30:00-0430', Date.UTC(2026, 10, 27, 11)],
    ['2026-11-27T11:00:00', Date.UTC(2026, 10, 27, 11)],
    ['2026-11-27', Date.UTC(2026, 10, 27)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('%s', (text, expected) => {
    expect(parseIsoTimestamp(text)).toBe(expected);
  });

  it.each([
    '2026-02-29T00:00:00Z',
    '2026-13-01',
    '2026-11-27T24:00:00Z',
    'yesterday',
    '1764244800000',
    '',
    '2026-11-27T11:00:00+25:00',
  ])('refuses %j', (text) => {
    expect(parseIsoTimestamp(text)).toBeNaN();
  });
});

describe('parseMetricBatch', () => {
  it('accepts good points, defaulting the timestamp to now and canonicalising labels', () => {
    const result = parseMetricBatch(
      { points: [good, { ...good, timestamp: undefined, labels: { z: '1', a: '2' } }] },
      10,
      NOW,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.points[0]?.timestampMs).toBe(Date.UTC(2026, 10, 27, 11));
    expect(result.points[1]?.timestampMs).toBe(NOW);
    expect(result.points[1]?.labelsKey).toBe('{"a":"2","z":"1"}');
    expect(result.points[0]?.labelsKey).toBe('{}');
  });

  it('names each bad point by index and field', () => {
    const result = parseMetricBatch(
      {
        points: [
          good,
          { ...good, value: 'NaN' },
          { ...good, value: null, name: '9lives' },
          { ...good, timestamp: '2026-11-27T12:06:00Z' },
          { ...good, timestamp: '2026-11-27T12:04:00Z' },
          { ...good, labels: { a: 1 } },
          { ...good, extra: true },
          42,
          { ...good, model: 'Bad Model' },
        ],
      },
      100,
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.badPoints).toBe(7);
    expect(result.problems.map((problem) => problem.field)).toEqual([
      'points.1.value',
      'points.2.name',
      'points.2.value',
      'points.3.timestamp',
      'points.5.labels',
      'points.6.extra',
      'points.7',
      'points.8.model',
    ]);
    expect(result.problems[3]?.index).toBe(3);
  });

  it('reports the first 20 problems but counts every bad point', () => {
    const points = Array.from({ length: 50 }, (_, index) => ({ ...good, value: index % 2 === 0 ? 'x' : 1 }));
    const result = parseMetricBatch({ points }, 100, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(20);
    expect(result.problems[19]?.field).toBe('points.38.value');
    expect(result.badPoints).toBe(25);
  });

  it('refuses more than 16 labels, empty batches, too many points and other shapes', () => {
    const labels = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`l${index}`, 'v']));
    expect(parseMetricBatch({ points: [{ ...good, labels }] }, 10, NOW).ok).toBe(false);
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, index) => [`l${index}`, 'v']));
    expect(parseMetricBatch({ points: [{ ...good, labels: sixteen }] }, 10, NOW).ok).toBe(true);
    for (const body of [{ points: [] }, { points: 'x' }, [], null, { points: [good], more: 1 }]) {
      const result = parseMetricBatch(body, 10, NOW);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.batchProblem).toEqual(expect.any(String));
    }
    const tooMany = parseMetricBatch({ points: [good, good, good] }, 2, NOW);
    expect(tooMany.ok === false && tooMany.batchProblem).toMatch(/at most 2 points/);
  });

  it('keeps a label named __proto__ as a label', () => {
    const body = JSON.parse(
      `{"points":[{"model":"m1","version":"1","name":"x","value":1,"labels":{"__proto__":"p"}}]}`,
    );
    const result = parseMetricBatch(body, 10, NOW);
    expect(result.ok && result.points[0]?.labelsKey).toBe('{"__proto__":"p"}');
  });
});
