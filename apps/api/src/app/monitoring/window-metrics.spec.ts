import { ColumnType } from '@stress/contracts';
import { driftScoreMetric, windowMetricPoints } from './window-metrics';
import type { WindowResult } from './monitoring-windows.types';

const histogram = { histogram: { edges: [0, 1], counts: [1] } };

describe('driftScoreMetric', () => {
  it('keeps names that fit the metric-name pattern', () => {
    expect(driftScoreMetric('heart_rate')).toBe('drift_score.heart_rate');
  });

  it('replaces characters outside [A-Za-z0-9_.] with _ and cuts the name to 64 characters', () => {
    expect(driftScoreMetric('skin temp (°C)')).toBe('drift_score.skin_temp___C_');
    expect(driftScoreMetric('x'.repeat(80))).toBe(`drift_score.${'x'.repeat(52)}`);
    expect(driftScoreMetric('x'.repeat(80))).toHaveLength(64);
  });
});

describe('windowMetricPoints', () => {
  const version = { model: 'm', version: '1' };
  const start = new Date('2026-12-01T00:00:00Z');

  it('writes counts, drift and quality at the window start, labelled as monitoring', () => {
    const result: WindowResult = {
      status: 'fresh',
      rows: 200,
      rowsWithActual: 50,
      drift: {
        datasetDrift: true,
        driftShare: 0.5,
        columns: [
          {
            column: 'heart rate',
            type: ColumnType.Numerical,
            stattest: 'ks',
            statistic: 0.3,
            pValue: 0.01,
            threshold: 0.05,
            drifted: true,
            reference: histogram,
            current: histogram,
          },
          {
            column: 'device',
            type: ColumnType.Categorical,
            stattest: 'chisquare',
            statistic: 1.5,
            pValue: 0.4,
            threshold: 0.05,
            drifted: false,
            reference: histogram,
            current: histogram,
          },
        ],
      },
      quality: {
        task: 'binary-classification',
        support: 50,
        accuracy: 0.8,
        precision: 0.7,
        recall: 0.6,
        f1: 0.65,
        rocAuc: 0.9,
        logLoss: 0.4,
        confusionMatrix: {
          labels: ['0', '1'],
          matrix: [
            [1, 0],
            [0, 1],
          ],
        },
        targetColumn: 'actual',
        predictionColumn: 'prediction',
      },
      estimate: null,
    };
    const points = windowMetricPoints(version, start, result);
    const byName = Object.fromEntries(points.map((point) => [point.name, point.value]));
    expect(byName).toEqual({
      prediction_count: 200,
      actual_coverage: 0.25,
      drift_share: 0.5,
      dataset_drift: 1,
      'drift_score.heart_rate': 0.3,
      'drift_score.device': 1.5,
      accuracy: 0.8,
      precision: 0.7,
      recall: 0.6,
      f1: 0.65,
      roc_auc: 0.9,
      log_loss: 0.4,
    });
    for (const point of points) {
      expect(point).toMatchObject({ model: 'm', version: '1', timestamp: '2026-12-01T00:00:00.000Z', labels: { source: 'monitoring' } });
    }
  });

  it('writes only counts for an insufficient window without labels, and coverage 0 for an empty one', () => {
    const points = windowMetricPoints(version, start, {
      status: 'insufficient',
      rows: 0,
      rowsWithActual: 0,
      drift: null,
      quality: null,
      estimate: null,
    });
    expect(points.map((point) => [point.name, point.value])).toEqual([
      ['prediction_count', 0],
      ['actual_coverage', 0],
    ]);
  });

  it('leaves out statistics that are not finite (an infinite chi-square)', () => {
    const points = windowMetricPoints(version, start, {
      status: 'fresh',
      rows: 10,
      rowsWithActual: 0,
      drift: {
        datasetDrift: false,
        driftShare: 0,
        columns: [
          {
            column: 'c',
            type: ColumnType.Categorical,
            stattest: 'chisquare',
            statistic: Infinity,
            pValue: 0,
            threshold: 0.05,
            drifted: true,
            reference: histogram,
            current: histogram,
          },
        ],
      },
      quality: null,
      estimate: null,
    });
    expect(points.map((point) => point.name)).not.toContain('drift_score.c');
  });

  it('writes mae, rmse and r2 for a regression window, and no r2 below two pairs', () => {
    const regression = (r2: number | null): WindowResult => ({
      status: 'fresh',
      rows: 120,
      rowsWithActual: 100,
      drift: null,
      quality: { task: 'regression', support: 100, mae: 1.5, rmse: 2.25, r2, targetColumn: 'actual', predictionColumn: 'prediction' },
      estimate: null,
    });
    const names = (result: WindowResult) => Object.fromEntries(windowMetricPoints(version, start, result).map((p) => [p.name, p.value]));
    expect(names(regression(0.75))).toEqual({ prediction_count: 120, actual_coverage: 100 / 120, mae: 1.5, rmse: 2.25, r2: 0.75 });
    expect(names(regression(null))).not.toHaveProperty('r2');
  });

  it("writes each estimate's value beside the realized metrics, and no estimated_roc_auc when it is undefined", () => {
    const band = (value: number) => ({ value, lower: value - 0.1, upper: value + 0.1 });
    const estimate = {
      estimated: {
        accuracy: band(0.81),
        precision: band(0.72),
        recall: band(0.63),
        f1: band(0.67),
        specificity: band(0.9),
        rocAuc: null,
      },
      calibration: { method: 'isotonic' as const, eceBefore: 0.1, eceAfter: 0 },
      rows: { reference: 1000, current: 120 },
      warnings: [],
    };
    const points = windowMetricPoints(version, start, {
      status: 'insufficient',
      rows: 120,
      rowsWithActual: 0,
      drift: null,
      quality: null,
      estimate,
    });
    expect(Object.fromEntries(points.map((point) => [point.name, point.value]))).toEqual({
      prediction_count: 120,
      actual_coverage: 0,
      estimated_accuracy: 0.81,
      estimated_precision: 0.72,
      estimated_recall: 0.63,
      estimated_f1: 0.67,
    });
  });
});
