import quality from '../fixtures/quality.json';
import { StatisticsInputError } from './errors';
import { expectClose } from './fixtures.spec-helpers';
import { classificationQuality, sortLabels } from './quality';
import type { QualityResult } from './types';

/** Equal to scikit-learn's to 1e-9. */
const TOLERANCE = 1e-9;

interface QualityFixture {
  name: string;
  actual: string[];
  predicted: string[];
  probability?: number[];
  positiveLabel?: string;
  expected: QualityResult;
}

const cases = (quality as unknown as { cases: QualityFixture[] }).cases;

describe('classificationQuality against scikit-learn', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
    const result = classificationQuality({
      actual: fixture.actual,
      predicted: fixture.predicted,
      probability: fixture.probability ? Float64Array.from(fixture.probability) : undefined,
      positiveLabel: fixture.positiveLabel,
    });
    const expected = fixture.expected;
    expect(result.task).toBe(expected.task);
    expect(result.support).toBe(expected.support);
    expect(result.confusionMatrix).toEqual(expected.confusionMatrix);
    for (const key of ['accuracy', 'precision', 'recall', 'f1'] as const) {
      expectClose(result[key], expected[key], TOLERANCE, TOLERANCE, key);
    }
    for (const key of ['rocAuc', 'logLoss'] as const) {
      if (expected[key] === undefined) expect(result[key]).toBeUndefined();
      else expectClose(result[key] as number, expected[key] as number, TOLERANCE, TOLERANCE, key);
    }
    if (expected.averages) {
      for (const average of ['macro', 'weighted'] as const) {
        for (const key of ['precision', 'recall', 'f1'] as const) {
          expectClose(
            result.averages?.[average][key] as number,
            expected.averages[average][key],
            TOLERANCE,
            TOLERANCE,
            `${average} ${key}`,
          );
        }
      }
    } else {
      expect(result.averages).toBeUndefined();
    }
  });
});

describe('classificationQuality input handling', () => {
  it('sorts numeric labels numerically and others as strings', () => {
    expect(sortLabels(['10', '9', '2'])).toEqual(['2', '9', '10']);
    expect(sortLabels(['b', 'a', '10'])).toEqual(['10', 'a', 'b']);
  });

  it('refuses mismatched lengths, empty input, unknown positive labels and bad probabilities', () => {
    expect(() => classificationQuality({ actual: ['1'], predicted: [] })).toThrow(StatisticsInputError);
    expect(() => classificationQuality({ actual: [], predicted: [] })).toThrow(/at least one/);
    expect(() => classificationQuality({ actual: ['a', 'b'], predicted: ['a', 'b'], positiveLabel: 'c' })).toThrow(/positiveLabel "c"/);
    expect(() => classificationQuality({ actual: ['0', '1'], predicted: ['0', '1'], probability: Float64Array.from([0.2, 1.5]) })).toThrow(
      /\[0, 1\]/,
    );
    expect(() => classificationQuality({ actual: ['0', '1'], predicted: ['0', '1'], probability: Float64Array.from([0.2]) })).toThrow(
      /same rows/,
    );
  });

  it('ignores a probability column for multiclass targets', () => {
    const result = classificationQuality({
      actual: ['a', 'b', 'c'],
      predicted: ['a', 'c', 'c'],
      probability: Float64Array.from([0.1, 0.2, 0.3]),
    });
    expect(result.task).toBe('multiclass-classification');
    expect(result.rocAuc).toBeUndefined();
    expect(result.logLoss).toBeUndefined();
  });
});
