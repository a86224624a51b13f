import profiles from '../fixtures/profiles.json';
import { decodeSample, EncodedSample, expectClose, toCounts } from './fixtures.spec-helpers';
import { describeCategorical, describeNumerical } from './profile';
import type { CategoricalStats, NumericalStats } from './types';

/** Profiles are plain arithmetic: NumPy's values to 1e-9 relative (bin edges and counts exactly). */
const RELATIVE = 1e-9;

interface NumericalFixture {
  name: string;
  values: EncodedSample;
  missing: number;
  expected: Partial<NumericalStats> & { count: number; missing: number; distinct: number };
}
interface CategoricalFixture {
  name: string;
  counts: Record<string, number>;
  missing: number;
  expected: CategoricalStats;
}

const numerical = (profiles as unknown as { numerical: NumericalFixture[] }).numerical;
const categorical = (profiles as unknown as { categorical: CategoricalFixture[] }).categorical;

describe('describeNumerical against NumPy', () => {
  it.each(numerical.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
    const stats = describeNumerical(decodeSample(fixture.values), fixture.missing);
    const expected = fixture.expected;
    expect(stats.count).toBe(expected.count);
    expect(stats.missing).toBe(expected.missing);
    expect(stats.distinct).toBe(expected.distinct);
    if (expected.count === 0) {
      expect(stats).toMatchObject({ mean: null, std: null, min: null, max: null, quantiles: null, histogram: null });
      return;
    }
    expectClose(stats.mean as number, expected.mean as number, RELATIVE, 1e-15, 'mean');
    if (expected.std === null) expect(stats.std).toBeNull();
    else expectClose(stats.std as number, expected.std as number, RELATIVE, 1e-15, 'std');
    expect(stats.min).toBe(expected.min);
    expect(stats.max).toBe(expected.max);
    for (const [key, value] of Object.entries(expected.quantiles as Record<string, number>)) {
      expectClose((stats.quantiles as Record<string, number>)[key], value, RELATIVE, 1e-15, key);
    }
    expect(stats.histogram?.edges).toEqual(expected.histogram?.edges);
    expect(stats.histogram?.counts).toEqual(expected.histogram?.counts);
  });
});

describe('describeCategorical', () => {
  it.each(categorical.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
    expect(describeCategorical(toCounts(fixture.counts), fixture.missing)).toEqual(fixture.expected);
  });

  it('lists at most 20 values, most frequent first, ties by value', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 25; i++) counts.set(`k${String(i).padStart(2, '0')}`, i < 10 ? 5 : 1);
    const stats = describeCategorical(counts, 2);
    expect(stats.top).toHaveLength(20);
    expect(stats.top[0]).toEqual({ value: 'k00', count: 5 });
    expect(stats.top[10]).toEqual({ value: 'k10', count: 1 });
    expect(stats).toMatchObject({ count: 65, missing: 2, distinct: 25 });
  });
});
