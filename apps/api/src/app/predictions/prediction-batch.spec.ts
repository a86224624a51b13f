import 'reflect-metadata';
import { BatchTooLargeError, declaredFeaturesOf, parseActualBatch, parsePredictionBatch, ParsedPrediction } from './prediction-batch';
import { FeatureRole, FeatureType } from '@stress/contracts';

const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 86_400_000;
const LIMITS = { maxBatch: 3, nowMs: NOW, oldestMs: NOW - 90 * DAY };
const FEATURES = declaredFeaturesOf([
  { name: 'heart_rate', type: FeatureType.Numerical, role: FeatureRole.Feature },
  { name: 'label', type: FeatureType.Categorical, role: FeatureRole.Target },
  { name: 'device', type: FeatureType.Categorical, role: FeatureRole.Feature },
  { name: 'eda', type: FeatureType.Numerical, role: FeatureRole.Feature },
]);

function parseOne(row: Record<string, unknown>): ParsedPrediction {
  const result = parsePredictionBatch({ rows: [row] }, FEATURES, LIMITS);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.rows[0] as ParsedPrediction;
}

describe('declaredFeaturesOf', () => {
  it('keeps role "feature" only, numerical apart from the others, in declaration order', () => {
    expect(FEATURES).toEqual({ numerical: ['heart_rate', 'eda'], categorical: ['device'], all: ['heart_rate', 'device', 'eda'] });
  });
});

describe('parsePredictionBatch', () => {
  it('aligns values with the declared features and defaults the timestamp to now', () => {
    const row = parseOne({ id: 'r1', features: { eda: 2.5, device: true }, prediction: 'yes', probability: 0.25 });
    expect(row).toMatchObject({
      id: 'r1',
      timestampMs: NOW,
      timestampGiven: false,
      numerical: [null, 2.5],
      categorical: ['true'],
      predictionValue: null,
      predictionLabel: 'yes',
      probability: 0.25,
    });
  });

  it('gives equal content the same hash whatever the key order, and a left-out feature equals null', () => {
    const a = parseOne({ id: 'r1', features: { heart_rate: 80, eda: 1, device: 'w' }, prediction: 1 });
    const b = parseOne({ id: 'r1', features: { device: 'w', eda: 1, heart_rate: 80 }, prediction: 1, timestamp: '2026-12-01T11:00:00Z' });
    const c = parseOne({ id: 'r1', features: { heart_rate: 80, eda: 1, device: null }, prediction: 1 });
    const d = parseOne({ id: 'r1', features: { heart_rate: 80, eda: 1 }, prediction: 1 });
    const e = parseOne({ id: 'r1', features: { heart_rate: 80, eda: 1, device: 'w' }, prediction: '1' });
    expect(a.contentHash.equals(b.contentHash)).toBe(true);
    expect(c.contentHash.equals(d.contentHash)).toBe(true);
    expect(a.contentHash.equals(c.contentHash)).toBe(false);
    // A number and a string label are different predictions.
    expect(a.contentHash.equals(e.contentHash)).toBe(false);
  });

  it('names each problem by row index and field, and counts every bad row', () => {
    const result = parsePredictionBatch(
      {
        rows: [
          { id: 'ok', features: {}, prediction: 1 },
          { id: 'x', features: { heart_rate: Number.NaN, target: 1 }, prediction: 1, timestamp: new Date(NOW - 91 * DAY).toISOString() },
          'nope',
        ],
      },
      FEATURES,
      LIMITS,
    );
    expect(result).toEqual({
      ok: false,
      badRows: 2,
      problems: [
        { index: 1, field: 'rows.1.timestamp', message: expect.stringContaining('older than') },
        { index: 1, field: 'rows.1.features.heart_rate', message: expect.stringContaining('finite number') },
        { index: 1, field: 'rows.1.features.target', message: expect.stringContaining('not a declared feature') },
        { index: 2, field: 'rows.2', message: expect.stringContaining('must be an object') },
      ],
    });
  });

  it('throws BatchTooLargeError above the batch limit, and refuses bodies without rows', () => {
    const row = { id: 'r', features: {}, prediction: 1 };
    expect(() => parsePredictionBatch({ rows: [row, row, row, row] }, FEATURES, LIMITS)).toThrow(BatchTooLargeError);
    expect(parsePredictionBatch({ rows: [] }, FEATURES, LIMITS)).toMatchObject({
      ok: false,
      batchProblem: expect.stringContaining('non-empty'),
    });
    expect(parsePredictionBatch({ rows: [row], extra: 1 }, FEATURES, LIMITS)).toMatchObject({
      ok: false,
      batchProblem: expect.stringContaining('extra'),
    });
  });
});

describe('parseActualBatch', () => {
  it('accepts numbers and labels, refuses other values', () => {
    expect(
      parseActualBatch(
        {
          rows: [
            { id: 'a', actual: 0 },
            { id: 'b', actual: 'calm', timestamp: '2026-12-01T00:00:00Z' },
          ],
        },
        LIMITS,
      ),
    ).toEqual({
      ok: true,
      rows: [
        { id: 'a', actualValue: 0, actualLabel: null, timestampMs: NOW },
        { id: 'b', actualValue: null, actualLabel: 'calm', timestampMs: Date.UTC(2026, 11, 1) },
      ],
    });
    const refused = parseActualBatch(
      {
        rows: [
          { id: 'a', actual: true },
          { id: 'b', actual: '' },
        ],
      },
      LIMITS,
    );
    expect(refused).toMatchObject({ ok: false, badRows: 2 });
  });
});
