import drift from '../fixtures/drift.json';
import { columnDrift, defaultStatTest } from './drift';
import { StatisticsInputError } from './errors';
import { decodeSample, EncodedSample, expectClose, toCounts } from './fixtures.spec-helpers';
import type { DriftColumnInput, Histogram, StatTest } from './types';

/** Statistics and p-values equal SciPy's to 1e-6 relative, 1e-12 absolute for tiny p-values. */
const RELATIVE = 1e-6;
const ABSOLUTE = 1e-12;

interface DriftFixture {
  name: string;
  type: 'numerical' | 'categorical';
  defaultStattest: StatTest;
  reference: EncodedSample | Record<string, number>;
  current: EncodedSample | Record<string, number>;
  results: Record<string, { statistic: number | 'Infinity'; pValue: number | null; drifted: boolean }>;
  histogram?: { edges: number[]; reference: number[]; current: number[] };
}

const cases = (drift as { cases: DriftFixture[] }).cases;

function inputOf(fixture: DriftFixture): DriftColumnInput {
  if (fixture.type === 'numerical') {
    return {
      type: 'numerical',
      reference: decodeSample(fixture.reference as EncodedSample),
      current: decodeSample(fixture.current as EncodedSample),
    };
  }
  return {
    type: 'categorical',
    reference: toCounts(fixture.reference as Record<string, number>),
    current: toCounts(fixture.current as Record<string, number>),
  };
}

describe('drift against SciPy fixtures', () => {
  it('covers both sizes, asymptotic KS, ties, categorical and constant columns', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(cases.some((c) => c.name.startsWith('asymptotic'))).toBe(true);
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
    const input = inputOf(fixture);

    it('picks the default test as Evidently does', () => {
      expect(defaultStatTest(input)).toBe(fixture.defaultStattest);
      expect(columnDrift(input).stattest).toBe(fixture.defaultStattest);
    });

    it.each(Object.entries(fixture.results))('%s matches SciPy', (test, expected) => {
      const result = columnDrift(input, { stattest: test as StatTest });
      const statistic = expected.statistic === 'Infinity' ? Number.POSITIVE_INFINITY : expected.statistic;
      expectClose(result.statistic, statistic, RELATIVE, ABSOLUTE, `${test} statistic`);
      if (expected.pValue === null) {
        expect(result.pValue).toBeNull();
      } else {
        expect(result.pValue).not.toBeNull();
        expectClose(result.pValue as number, expected.pValue, RELATIVE, ABSOLUTE, `${test} p-value`);
      }
      expect(result.drifted).toBe(expected.drifted);
    });

    if (fixture.histogram) {
      const histogram = fixture.histogram;
      it('charts both samples over the same NumPy Sturges edges', () => {
        const result = columnDrift(input);
        const reference = result.reference.histogram as Histogram;
        const current = result.current.histogram as Histogram;
        expect(reference.edges).toEqual(histogram.edges);
        expect(current.edges).toBe(reference.edges);
        expect(reference.counts).toEqual(histogram.reference);
        expect(current.counts).toEqual(histogram.current);
      });
    }
  });
});

describe('drift rules and input errors', () => {
  const numerical = (reference: number[], current: number[]): DriftColumnInput => ({
    type: 'numerical',
    reference: Float64Array.from(reference),
    current: Float64Array.from(current),
  });

  it('applies the threshold rule of each test (ks: p ≤ t, chisquare/z: p < t, distances: ≥ t)', () => {
    const input = numerical([1, 2, 3, 4, 5, 6, 7, 8], [5, 6, 7, 8, 9, 10, 11, 12]);
    const ks = columnDrift(input, { stattest: 'ks' });
    expect(columnDrift(input, { stattest: 'ks', threshold: ks.pValue as number }).drifted).toBe(true);
    const z = columnDrift(input, { stattest: 'z' });
    expect(columnDrift(input, { stattest: 'z', threshold: z.pValue as number }).drifted).toBe(false);
    const w = columnDrift(input, { stattest: 'wasserstein' });
    expect(w.threshold).toBe(0.1);
    expect(columnDrift(input, { stattest: 'wasserstein', threshold: w.statistic }).drifted).toBe(true);
    expect(columnDrift(input, { stattest: 'wasserstein', threshold: w.statistic * 1.0001 }).drifted).toBe(false);
  });

  it('refuses empty samples, non-finite values and tests that do not apply, with a message', () => {
    expect(() => columnDrift(numerical([], [1]))).toThrow(StatisticsInputError);
    expect(() => columnDrift(numerical([1], []))).toThrow(/current sample has no values/);
    expect(() => columnDrift(numerical([1, Number.POSITIVE_INFINITY], [1]))).toThrow(/NaN or ±Infinity/);
    const categorical: DriftColumnInput = {
      type: 'categorical',
      reference: new Map([['a', 3]]),
      current: new Map([['b', 2]]),
    };
    expect(() => columnDrift(categorical, { stattest: 'ks' })).toThrow(/numerical columns only/);
    expect(() => columnDrift(categorical, { stattest: 'wasserstein' })).toThrow(StatisticsInputError);
    expect(() => columnDrift(categorical, { threshold: -1 })).toThrow(/threshold/);
    expect(() => columnDrift(categorical, { stattest: 'nope' as StatTest })).toThrow(/Unknown stattest/);
  });

  it('ignores values counted zero times', () => {
    const withZeros: DriftColumnInput = {
      type: 'categorical',
      reference: new Map([
        ['a', 30],
        ['b', 20],
        ['c', 0],
      ]),
      current: new Map([
        ['a', 10],
        ['b', 25],
        ['d', 0],
      ]),
    };
    const withoutZeros: DriftColumnInput = {
      type: 'categorical',
      reference: new Map([
        ['a', 30],
        ['b', 20],
      ]),
      current: new Map([
        ['a', 10],
        ['b', 25],
      ]),
    };
    expect(defaultStatTest(withZeros)).toBe('z');
    expect(columnDrift(withZeros, { stattest: 'chisquare' })).toEqual(columnDrift(withoutZeros, { stattest: 'chisquare' }));
  });

  it('caps categorical chart bins at the most frequent values and counts the rest', () => {
    const reference = new Map<string, number>();
    const current = new Map<string, number>();
    for (let i = 0; i < 150; i++) {
      reference.set(`v${i}`, 1000 - i);
      current.set(`v${i}`, 1);
    }
    const result = columnDrift({ type: 'categorical', reference, current });
    const histogram = result.reference.histogram as { values: string[]; counts: number[]; otherCount?: number };
    expect(histogram.values).toHaveLength(100);
    expect(histogram.values[0]).toBe('v0');
    expect(histogram.otherCount).toBe([...Array(50).keys()].reduce((sum, i) => sum + 1000 - (100 + i), 0));
  });
});
