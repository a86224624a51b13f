import regression from '../fixtures/regression.json';
import { StatisticsInputError } from './errors';
import { expectClose } from './fixtures.spec-helpers';
import { regressionQuality, RegressionQualityResult } from './regression';

/** Equal to scikit-learn's to 1e-9. */
const TOLERANCE = 1e-9;

interface RegressionFixture {
  name: string;
  actual: number[];
  predicted: number[];
  expected: RegressionQualityResult;
}

const cases = (regression as unknown as { cases: RegressionFixture[] }).cases;

describe('regressionQuality against scikit-learn', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
    const result = regressionQuality(Float64Array.from(fixture.actual), Float64Array.from(fixture.predicted));
    expect(result.task).toBe('regression');
    expect(result.support).toBe(fixture.expected.support);
    expectClose(result.mae, fixture.expected.mae, TOLERANCE, TOLERANCE, 'mae');
    expectClose(result.rmse, fixture.expected.rmse, TOLERANCE, TOLERANCE, 'rmse');
    if (fixture.expected.r2 === null) expect(result.r2).toBeNull();
    else expectClose(result.r2 as number, fixture.expected.r2, TOLERANCE, TOLERANCE, 'r2');
  });

  it('covers a negative r2, r2 of constant targets and a single pair', () => {
    const r2 = new Map(cases.map((c) => [c.name, c.expected.r2]));
    expect([...r2.values()].some((value) => value !== null && value < 0)).toBe(true);
    expect([...r2.values()]).toEqual(expect.arrayContaining([1, 0, null]));
  });

  it('refuses unpaired or empty input', () => {
    expect(() => regressionQuality(Float64Array.from([1, 2]), Float64Array.from([1]))).toThrow(StatisticsInputError);
    expect(() => regressionQuality(new Float64Array(0), new Float64Array(0))).toThrow(StatisticsInputError);
  });
});
