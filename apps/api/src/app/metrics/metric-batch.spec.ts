import 'reflect-metadata';
import { seededRandom } from '@stress/statistics';
import { parseIsoTimestamp, parseMetricBatch } from './metric-batch';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

const good = {
  model: 'stress-detector',
  version: '1.1.0',
  name: 'accuracy',
  value: 0.91,
  timestamp: '2026-11-27T11:00:00Z',
};

/** The regular-expression parser parseIsoTimestamp replaced: the reference it must agree with. */
function referenceIsoTimestamp(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(text);
  if (!match) return Number.NaN;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return Number.NaN;
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return Number.NaN;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return Number.NaN;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const milliseconds = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  return Date.UTC(y, mo - 1, d, h, mi, s, milliseconds) - offsetMinutes * 60_000;
}

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

  it.each(['2026-02-29T00:00:00Z', '2026-13-01', '2026-11-27T24:00:00Z', 'yesterday', '1764244800000', '', '2026-11-27T11:00:00+25:00'])(
    'refuses %j',
    (text) => {
      expect(parseIsoTimestamp(text)).toBeNaN();
    },
  );

  it('agrees with the regular-expression parser on every combination of parts, valid or not', () => {
    const dates = [
      '2026-11-27',
      '2024-02-29',
      '2023-02-29',
      '2000-02-29',
      '1900-02-29',
      '0080-02-29',
      '0000-02-29',
      '0004-02-29',
      '0100-02-29',
      '0400-02-29',
      '2100-02-29',
      '1970-01-01',
      '2026-04-31',
      '2026-12-31',
      '2026-00-10',
      '2026-13-01',
      '2026-01-00',
      '2026-1-01',
      '20261-01-01',
      '-2026-01-01',
      '2026/01/01',
      '9999-12-31',
      'abcd-ef-gh',
      '２０２６-01-01',
      '2026-01-3１',
    ];
    const separators = ['', 'T', 't', ' ', 'X', '_'];
    const times = [
      '',
      '00:00',
      '23:59',
      '24:00',
      '12:60',
      '1:00',
      '12:00:00',
      '12:00:59',
      '12:00:60',
      '12:00:5',
      '12:00:00.1',
      '12:00:00,25',
      '12:00:00.123',
      '12:00:00.1234567',
      '12:00:00.123456789',
      '12:00:00.1234567890',
      '12:00:00.',
      '12:00.5',
      '12:00:00.12a',
      '12:0a',
    ];
    const zones = [
      '',
      'Z',
      'z',
      '+00',
      '+02:00',
      '-0430',
      '+23:59',
      '+24:00',
      '-00:60',
      '+2',
      '+02:',
      '+02:0',
      '+020',
      '+02:00Z',
      'Z ',
      ' Z',
      'GMT',
      '+02:00:00',
      '-12',
    ];
    const disagreements: string[] = [];
    let valid = 0;
    for (const date of dates)
      for (const separator of separators)
        for (const time of times)
          for (const zone of zones) {
            const text = `${date}${separator}${time}${zone}`;
            const expected = referenceIsoTimestamp(text);
            if (!Object.is(parseIsoTimestamp(text), expected)) disagreements.push(text);
            if (!Number.isNaN(expected)) valid++;
          }
    expect(disagreements).toEqual([]);
    expect(valid).toBeGreaterThan(1_000); // the combinations exercise the accepting paths too
  });

  it('agrees with the regular-expression parser on toISOString output and its truncations', () => {
    const next = seededRandom(1);
    const disagreements: string[] = [];
    for (let sample = 0; sample < 2_000; sample++) {
      const text = new Date(Math.floor(next() * 8e12) - 1e12).toISOString();
      if (parseIsoTimestamp(text) !== Date.parse(text)) disagreements.push(text);
      for (let end = 0; end < text.length; end++) {
        const prefix = text.slice(0, end);
        if (!Object.is(parseIsoTimestamp(prefix), referenceIsoTimestamp(prefix))) disagreements.push(prefix);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('parseMetricBatch', () => {
  it('accepts good points, defaulting the timestamp to now and canonicalising labels', () => {
    const result = parseMetricBatch({ points: [good, { ...good, timestamp: undefined, labels: { z: '1', a: '2' } }] }, 10, NOW);
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
    const body = JSON.parse(`{"points":[{"model":"m1","version":"1","name":"x","value":1,"labels":{"__proto__":"p"}}]}`);
    const result = parseMetricBatch(body, 10, NOW);
    expect(result.ok && result.points[0]?.labelsKey).toBe('{"__proto__":"p"}');
  });
});
