import type { MonitoringWindowDto, QualityDto, WindowColumnDriftDto } from '@stress/contracts';
import { formOf, settingsBody, settingsProblem } from './monitoring-settings';
import {
  actualCoverage,
  buildDriftHeatmap,
  driftLevel,
  headlineQuality,
  qualityLines,
  statusCounts,
  volumeBars,
  windowLabel,
} from './production-logic';

const DAY = 86_400_000;

function column(name: string, drifted: boolean, pValue: number | null, statistic = 0.2, threshold = 0.05): WindowColumnDriftDto {
  return { column: name, type: 'numerical', stattest: pValue === null ? 'wasserstein' : 'ks', statistic, pValue, threshold, drifted };
}

function quality(accuracy: number, rocAuc?: number): QualityDto {
  return {
    task: 'binary-classification',
    support: 10,
    accuracy,
    precision: 0.5,
    recall: 0.25,
    f1: 1 / 3,
    rocAuc,
    confusionMatrix: { labels: ['0', '1'], matrix: [] },
    targetColumn: 'actual',
    predictionColumn: 'prediction',
  } as QualityDto;
}

function window(day: number, overrides: Partial<MonitoringWindowDto> = {}): MonitoringWindowDto {
  const start = new Date(Date.UTC(2026, 11, 1) + day * DAY).toISOString();
  return {
    start,
    end: new Date(Date.parse(start) + DAY).toISOString(),
    status: 'fresh',
    rows: 300,
    rowsWithActual: 300,
    drift: null,
    quality: null,
    estimate: null,
    failure: null,
    computedAt: start,
    ...overrides,
  };
}

describe('driftLevel', () => {
  it('puts the threshold at the border between levels 1 and 2 for p-values and distances alike', () => {
    // ks: score = threshold / p. p = 0.2 → 0.25 (0); p = 0.08 → 0.625 (1); p = 0.04 drifted → 1.25 (2); p = 0.001 → 50 (3).
    expect(driftLevel(column('a', false, 0.2))).toBe(0);
    expect(driftLevel(column('a', false, 0.08))).toBe(1);
    expect(driftLevel(column('a', true, 0.04))).toBe(2);
    expect(driftLevel(column('a', true, 0.001))).toBe(3);
    // Distances: score = statistic / threshold (0.1): 0.03 → 0.3; 0.07 → 0.7; 0.15 → 1.5; 1.2 → 12.
    expect(driftLevel(column('b', false, null, 0.03, 0.1))).toBe(0);
    expect(driftLevel(column('b', false, null, 0.07, 0.1))).toBe(1);
    expect(driftLevel(column('b', true, null, 0.15, 0.1))).toBe(2);
    expect(driftLevel(column('b', true, null, 1.2, 0.1))).toBe(3);
  });

  it('follows the verdict at the threshold itself (p = threshold drifts)', () => {
    expect(driftLevel(column('a', true, 0.05))).toBe(2);
  });
});

describe('buildDriftHeatmap', () => {
  // Newest first, as the API lists them: day 2 drifted in eda and heart_rate, day 1 in eda, day 0 none; day 3 insufficient.
  const windows = [
    window(3, { status: 'insufficient', rows: 20, drift: null }),
    window(2, {
      drift: {
        datasetDrift: true,
        driftShare: 2 / 3,
        columns: [column('prediction', false, 0.3), column('heart_rate', true, 0.0001), column('eda', true, 0.01)],
      },
    }),
    window(1, {
      drift: { datasetDrift: false, driftShare: 1 / 3, columns: [column('eda', true, 0.02), column('heart_rate', false, 0.5)] },
    }),
    window(0, {
      drift: {
        datasetDrift: false,
        driftShare: 0,
        columns: [column('heart_rate', false, 0.9), column('eda', false, 0.6), column('prediction', false, 0.7)],
      },
    }),
  ];
  const heatmap = buildDriftHeatmap(windows, DAY);

  it('lays windows out oldest first with their day as label', () => {
    expect(heatmap.windows.map((entry) => entry.label)).toEqual(['12-01', '12-02', '12-03', '12-04']);
    expect(heatmap.windows.map((entry) => entry.datasetDrift)).toEqual([false, false, true, null]);
    expect(heatmap.windows[3].status).toBe('insufficient');
  });

  it('orders columns by windows drifted, then inputs before outputs', () => {
    expect(heatmap.rows.map((row) => [row.column, row.drifted])).toEqual([
      ['eda', 2],
      ['heart_rate', 1],
      ['prediction', 0],
    ]);
  });

  it('gives one cell per window, null where the window compared no such column', () => {
    const prediction = heatmap.rows[2];
    expect(prediction.cells.map((cell) => cell?.drifted ?? null)).toEqual([false, null, false, null]);
    const heartRate = heatmap.rows[1];
    expect(heartRate.cells.map((cell) => cell?.level ?? null)).toEqual([0, 0, 3, null]);
    // threshold / p = 0.05 / 0.0001 = 500
    expect(heartRate.cells[2]?.score).toBeCloseTo(500, 9);
    expect(heartRate.cells[2]?.start).toBe(windows[1].start);
  });

  it('is empty without computed drift', () => {
    expect(buildDriftHeatmap([window(0)], DAY)).toEqual({
      windows: [{ start: window(0).start, label: '12-01', status: 'fresh', datasetDrift: null }],
      rows: [],
    });
  });
});

describe('windowLabel', () => {
  it('shows the day for daily windows and the hour for shorter ones (UTC)', () => {
    expect(windowLabel('2026-12-05T00:00:00.000Z', DAY)).toBe('12-05');
    expect(windowLabel('2026-12-05T06:00:00.000Z', 6 * 3_600_000)).toBe('12-05 06:00');
  });
});

describe('volume and quality', () => {
  const windows = [
    window(2, { rows: 280, rowsWithActual: 0, quality: null }),
    window(1, { rows: 300, rowsWithActual: 150, quality: quality(0.8, 0.9) }),
    window(0, { rows: 320, rowsWithActual: 320, quality: quality(0.75) }),
    window(3, { status: 'pending', rows: null, rowsWithActual: null }),
  ];

  it('splits each computed window into labelled and unlabelled predictions, oldest first', () => {
    expect(volumeBars(windows, DAY)).toEqual([
      {
        name: '12-01',
        series: [
          { name: 'With actual', value: 320 },
          { name: 'Without actual', value: 0 },
        ],
      },
      {
        name: '12-02',
        series: [
          { name: 'With actual', value: 150 },
          { name: 'Without actual', value: 150 },
        ],
      },
      {
        name: '12-03',
        series: [
          { name: 'With actual', value: 0 },
          { name: 'Without actual', value: 280 },
        ],
      },
    ]);
  });

  it('computes actual coverage, null until computed or empty', () => {
    expect(actualCoverage({ rows: 300, rowsWithActual: 150 })).toBe(0.5);
    expect(actualCoverage({ rows: null, rowsWithActual: null })).toBeNull();
    expect(actualCoverage({ rows: 0, rowsWithActual: 0 })).toBeNull();
  });

  it('draws one line per metric present, over the windows with labels, plus coverage', () => {
    const lines = qualityLines(windows);
    expect(lines.map((line) => line.name)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'actual coverage']);
    expect(lines[0].series.map((point) => point.value)).toEqual([0.75, 0.8]);
    expect(lines[4].series.map((point) => point.name.toISOString())).toEqual([windows[1].start]);
    expect(lines[5].series.map((point) => point.value)).toEqual([1, 0.5, 0]);
  });

  it('draws the estimated accuracy over every window that has an estimate, labelled or not', () => {
    const band = (value: number) => ({ value, lower: value - 0.05, upper: value + 0.05 });
    const estimate = (accuracy: number) => ({
      estimated: { accuracy: band(accuracy), precision: band(0.5), recall: band(0.5), f1: band(0.5), specificity: band(0.5), rocAuc: null },
      calibration: { method: 'isotonic' as const, eceBefore: 0.02, eceAfter: 0 },
      rows: { reference: 1000, current: 300 },
      warnings: [],
    });
    const lines = qualityLines([
      window(1, { rowsWithActual: 0, estimate: estimate(0.7) }),
      window(0, { quality: quality(0.75), estimate: estimate(0.78) }),
    ]);
    const estimated = lines.find((line) => line.name === 'estimated accuracy');
    expect(estimated?.series.map((point) => [point.name.toISOString(), point.value])).toEqual([
      [window(0).start, 0.78],
      [window(1).start, 0.7],
    ]);
    // Without any estimate, no empty line.
    expect(qualityLines(windows).map((line) => line.name)).not.toContain('estimated accuracy');
  });

  it("headlines realized accuracy, a regression model's R², else the estimated accuracy", () => {
    const band = (value: number) => ({ value, lower: value, upper: value });
    const estimate = {
      estimated: { accuracy: band(0.7), precision: band(0.5), recall: band(0.5), f1: band(0.5), specificity: band(0.5), rocAuc: null },
      calibration: { method: 'isotonic' as const, eceBefore: 0, eceAfter: 0 },
      rows: { reference: 600, current: 300 },
      warnings: [],
    };
    expect(headlineQuality({ quality: quality(0.8), estimate })).toEqual({ name: 'accuracy', value: 0.8 });
    expect(headlineQuality({ quality: null, estimate })).toEqual({ name: 'estimated accuracy', value: 0.7 });
    const regression = { task: 'regression' as const, support: 9, mae: 1, rmse: 2, r2: 0.4, targetColumn: 'a', predictionColumn: 'p' };
    expect(headlineQuality({ quality: regression, estimate: null })).toEqual({ name: 'R²', value: 0.4 });
    expect(headlineQuality({ quality: { ...regression, r2: null }, estimate: null })).toBeNull();
    expect(qualityLines([window(0, { quality: regression })]).map((line) => line.name)).toEqual(['r2', 'actual coverage']);
  });

  it('counts statuses in a fixed order', () => {
    expect(statusCounts([...windows, window(4, { status: 'failed' })])).toEqual([
      { status: 'fresh', count: 3 },
      { status: 'pending', count: 1 },
      { status: 'failed', count: 1 },
    ]);
  });
});

describe('monitoring settings form', () => {
  it('starts from the defaults without a configuration and leaves empty fields out of the body', () => {
    const form = formOf(null);
    expect(settingsProblem(form)).toBe('Pick a reference dataset.');
    const body = settingsBody({ ...form, referenceDatasetId: 'r' });
    expect(body).toEqual({ referenceDatasetId: 'r', window: '1d', enabled: true });
  });

  it('round-trips a configuration and refuses out-of-range numbers', () => {
    const form = formOf({
      model: 'm',
      version: '1',
      referenceDatasetId: 'r',
      window: '6h',
      stattest: 'psi',
      threshold: 0.2,
      driftShare: 0.3,
      minRows: 50,
      enabled: false,
      updatedBy: 'x',
      updatedAt: '2026-12-01T00:00:00.000Z',
    });
    expect(settingsBody(form)).toEqual({
      referenceDatasetId: 'r',
      window: '6h',
      stattest: 'psi',
      threshold: 0.2,
      driftShare: 0.3,
      minRows: 50,
      enabled: false,
    });
    expect(settingsProblem({ ...form, driftShare: 1.5 })).toBe('The drift share must be between 0 and 1.');
    expect(settingsProblem({ ...form, minRows: 2.5 })).toBe('The minimum rows must be a whole number ≥ 1.');
    expect(settingsProblem({ ...form, threshold: Number.NaN })).toBe('The threshold must be between 0 and 1000.');
  });
});
