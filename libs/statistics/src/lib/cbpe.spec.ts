import cbpe from '../fixtures/cbpe.json';
import { CBPE_METRICS, estimatePerformance, EstimatedMetric } from './cbpe';
import { StatisticsInputError } from './errors';
import { expectClose } from './fixtures.spec-helpers';
import { fitIsotonic, predictIsotonic } from './isotonic';

/** Equal to scikit-learn's to 1e-9 relative. */
const TOLERANCE = 1e-9;

interface CbpeFixture {
  name: string;
  calibration: 'isotonic' | 'none';
  reference: { actual: number[]; predicted: number[]; probability: number[] };
  current: { actual?: number[]; predicted: number[]; probability: number[] };
  isotonic?: { x: number[]; y: number[]; calibrated: number[] };
  expected: {
    calibration: { method: string; eceBefore: number; eceAfter: number };
    rows: { reference: number; current: number; labelled: number };
    estimated: Record<string, EstimatedMetric | null>;
    realized: Record<string, number | null> | null;
    outOfRangeShare: number;
    warningCodes: string[];
  };
}

const cases = (cbpe as unknown as { cases: CbpeFixture[] }).cases;
const bytes = (values: number[]) => Uint8Array.from(values);

function run(fixture: CbpeFixture) {
  const { reference, current } = fixture;
  return estimatePerformance({
    calibration: fixture.calibration,
    reference: {
      actualPositive: bytes(reference.actual),
      predictedPositive: bytes(reference.predicted),
      probability: Float64Array.from(reference.probability),
    },
    current: { predictedPositive: bytes(current.predicted), probability: Float64Array.from(current.probability) },
    labelled: current.actual
      ? {
          actualPositive: bytes(current.actual),
          predictedPositive: bytes(current.predicted),
          probability: Float64Array.from(current.probability),
        }
      : undefined,
  });
}

describe('isotonic regression against sklearn IsotonicRegression(out_of_bounds="clip")', () => {
  const withIsotonic = cases.filter((c) => c.isotonic);
  it.each(withIsotonic.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
    const expected = fixture.isotonic as NonNullable<CbpeFixture['isotonic']>;
    const fit = fitIsotonic(Float64Array.from(fixture.reference.probability), Float64Array.from(fixture.reference.actual));
    expect(Array.from(fit.x)).toEqual(expected.x);
    expect(fit.y.length).toBe(expected.y.length);
    fit.y.forEach((value, i) => expectClose(value, expected.y[i], TOLERANCE, TOLERANCE, `y threshold ${i}`));
    const predicted = predictIsotonic(fit, Float64Array.from(fixture.current.probability));
    predicted.forEach((value, i) => expectClose(value, expected.calibrated[i], TOLERANCE, TOLERANCE, `calibrated ${i}`));
  });

  it('rejects missing values and unequal lengths', () => {
    expect(() => fitIsotonic(Float64Array.of(0.1, NaN), Float64Array.of(0, 1))).toThrow(StatisticsInputError);
    expect(() => fitIsotonic(Float64Array.of(0.1), Float64Array.of(0, 1))).toThrow(StatisticsInputError);
    expect(() => fitIsotonic(new Float64Array(0), new Float64Array(0))).toThrow(StatisticsInputError);
  });
});

describe('estimatePerformance against scikit-learn', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
    const result = run(fixture);
    const expected = fixture.expected;
    expect(result.calibration.method).toBe(expected.calibration.method);
    expectClose(result.calibration.eceBefore, expected.calibration.eceBefore, TOLERANCE, TOLERANCE, 'eceBefore');
    expectClose(result.calibration.eceAfter, expected.calibration.eceAfter, TOLERANCE, TOLERANCE, 'eceAfter');
    expect(result.rows).toEqual(expected.rows);
    expectClose(result.outOfRangeShare, expected.outOfRangeShare, TOLERANCE, TOLERANCE, 'outOfRangeShare');
    for (const metric of CBPE_METRICS) {
      const want = expected.estimated[metric];
      const got = result.estimated[metric];
      if (want === null) {
        expect(got).toBeNull();
        continue;
      }
      expect(got).not.toBeNull();
      for (const key of ['value', 'standardError', 'lower', 'upper'] as const) {
        expectClose((got as EstimatedMetric)[key], want[key], TOLERANCE, TOLERANCE, `estimated ${metric}.${key}`);
      }
    }
    if (expected.realized === null) expect(result.realized).toBeNull();
    else {
      for (const metric of CBPE_METRICS) {
        const want = expected.realized[metric];
        if (want === null) expect(result.realized?.[metric]).toBeNull();
        else expectClose(result.realized?.[metric] as number, want, TOLERANCE, TOLERANCE, `realized ${metric}`);
      }
    }
    const codes = result.warnings.map((warning) => warning.code).filter((code) => code !== 'probability-drift');
    expect(codes).toEqual(expected.warningCodes);
    expect(result.warnings.some((warning) => warning.code === 'probability-drift')).toBe(result.probabilityDrift.drifted);
  });

  it('names the problem when a probability is outside [0, 1] or no row is usable', () => {
    const fixture = cases[0];
    const broken = { ...fixture, current: { ...fixture.current, probability: [1.5, ...fixture.current.probability.slice(1)] } };
    expect(() => run(broken)).toThrow(/current probability column holds 1.5/);
    const empty = { ...fixture, current: { predicted: [], probability: [] } };
    expect(() => run(empty)).toThrow(/no row with a prediction and a probability/);
  });
});
