import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { seededRandom } from '@stress/statistics';
import { upload } from '../datasets/datasets-support';
import { createKey, expectErrorShape, http } from '../support/http';

/**
 * Monitoring windows computed by themselves from logged predictions, checked against the CSV path: the
 * same rows uploaded as a dataset and compared with the same reference in a drift report (and their
 * quality as dataset quality) must give the same numbers, since both are checked against SciPy and
 * scikit-learn elsewhere.
 */
const HOUR = 3_600_000;
const MODEL = 'windowed';
const BASE = `/api/v1/models/${MODEL}/versions/1`;
const FEATURES = [
  { name: 'heart_rate', type: 'numerical', role: 'feature' },
  { name: 'eda', type: 'numerical', role: 'feature' },
  { name: 'device', type: 'categorical', role: 'feature' },
];

interface Row {
  id: string;
  timestamp: string;
  features: { heart_rate: number; eda: number | null; device: string };
  prediction: number;
  probability: number;
  actual: number;
}

interface WindowBody {
  start: string;
  end: string;
  status: string;
  rows: number | null;
  rowsWithActual: number | null;
  drift: {
    datasetDrift: boolean;
    driftShare: number;
    columns: Array<{ column: string; stattest: string; statistic: number; pValue: number | null; drifted: boolean; reference?: unknown }>;
  } | null;
  quality: { accuracy: number; precision: number; recall: number; f1: number; rocAuc?: number; logLoss?: number; support: number } | null;
  estimate: {
    estimated: Record<string, { value: number; lower: number; upper: number } | null>;
    calibration: { method: string; eceBefore: number; eceAfter: number };
    rows: { reference: number; current: number };
    warnings: Array<{ code: string; message: string }>;
  } | null;
  failure: string | null;
  computedAt: string | null;
}

let database: TestDatabase;
let api: ApiProcess;
let editor: string;
let viewer: string;
let referenceId: string;
const random = seededRandom(20261207);
// Two whole hours that closed before the test started.
const hourB = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const hourA = hourB - HOUR;

/** `count` rows spread evenly over [startMs, startMs + spanMs). */
function makeRows(prefix: string, count: number, startMs: number, shift: number, spanMs = HOUR): Row[] {
  return Array.from({ length: count }, (_, index) => {
    const heartRate = Math.round((70 + shift * 12 + random() * 30) * 10) / 10;
    const probability = Math.round(Math.min(0.99, Math.max(0.01, (heartRate - 60) / 60 + (random() - 0.5) * 0.3)) * 1000) / 1000;
    const prediction = probability >= 0.5 ? 1 : 0;
    return {
      id: `${prefix}-${index}`,
      timestamp: new Date(startMs + Math.floor((index * spanMs) / count)).toISOString(),
      features: {
        heart_rate: heartRate,
        eda: index % 17 === 0 ? null : Math.round((2 + shift + random() * 3) * 1000) / 1000,
        device: random() < 0.6 + shift * 0.3 ? 'watch' : 'ring',
      },
      prediction,
      probability,
      actual: random() < probability ? 1 : 0,
    };
  });
}

function csvOf(rows: Row[], withTarget: boolean): string {
  const header = ['heart_rate', 'eda', 'device', 'prediction', 'probability', ...(withTarget ? ['stressed'] : [])];
  const lines = rows.map((row) =>
    [
      row.features.heart_rate,
      row.features.eda ?? '',
      row.features.device,
      row.prediction,
      row.probability,
      ...(withTarget ? [row.actual] : []),
    ].join(','),
  );
  return `${header.join(',')}\n${lines.join('\n')}\n`;
}

async function log(rows: Row[]): Promise<void> {
  await http(api.url, editor)
    .post(`${BASE}/predictions`)
    .send({
      rows: rows.map((row) => ({
        id: row.id,
        timestamp: row.timestamp,
        features: row.features,
        prediction: row.prediction,
        probability: row.probability,
      })),
    })
    .expect(202);
}

async function windows(): Promise<WindowBody[]> {
  return (await http(api.url, viewer).get(`${BASE}/windows`).expect(200)).body.items as WindowBody[];
}

/** Polls until `done` holds for the windows (the scheduler runs every second in this suite). */
async function waitForWindows(done: (items: WindowBody[]) => boolean, what: string): Promise<WindowBody[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const items = await windows();
    if (done(items)) return items;
    if (Date.now() > deadline) {
      const states = items.map((w) => [w.start, w.status, w.rows, w.rowsWithActual, w.failure]);
      const warnings = api
        .output()
        .split('\n')
        .filter((line) => /"level":(40|50)/.test(line))
        .slice(-5);
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(states)}\n${warnings.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function seriesPoints(name: string): Promise<Array<{ t: string; value: number; count: number }>> {
  const response = await http(api.url, viewer)
    .get('/api/v1/metrics/series')
    .query({
      model: MODEL,
      name,
      from: new Date(hourA - HOUR).toISOString(),
      to: new Date(hourB + 2 * HOUR).toISOString(),
      bucket: '1h',
      agg: 'avg',
    })
    .expect(200);
  return response.body.series[0]?.points ?? [];
}

const referenceRows = makeRows('ref', 400, hourA - 48 * HOUR, 0);
const rowsA = makeRows('a', 180, hourA, 0);
const rowsB = makeRows('b', 160, hourB, 1);

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startApi({
    database,
    env: { THROTTLE_LIMIT: '100000', MONITORING_INTERVAL_MS: '1000', MONITORING_DELAY_MS: '0', JOB_HEARTBEAT_SECONDS: '10' },
  });
  editor = await createKey(api.url, api.adminKey, 'editor');
  viewer = await createKey(api.url, api.adminKey, 'viewer');
  await http(api.url, editor).post('/api/v1/models').send({ name: MODEL, task: 'binary-classification' }).expect(201);
  await http(api.url, editor).post(`/api/v1/models/${MODEL}/versions`).send({ version: '1', features: FEATURES }).expect(201);
  const reference = await upload(api.url, editor, csvOf(referenceRows, true), {
    name: 'reference',
    model: MODEL,
    version: '1',
    role: 'reference',
    targetColumn: 'stressed',
    predictionColumn: 'prediction',
    probabilityColumn: 'probability',
  }).expect(201);
  referenceId = reference.body.id;
  await log(rowsA);
  await log(rowsB);
  // Labels for window A only; one of them arrives before... its prediction is already logged, so all match.
  const actuals = await http(api.url, editor)
    .post(`/api/v1/models/${MODEL}/actuals`)
    .send({ rows: rowsA.map((row) => ({ id: row.id, actual: row.actual })) })
    .expect(202);
  expect(actuals.body).toEqual({ accepted: rowsA.length, matched: rowsA.length, pending: 0 });
}, 180_000);

afterAll(async () => {
  await api?.stop();
  await database?.drop();
});

it('has no windows before monitoring is configured, and refuses recompute without a configuration', async () => {
  expect(await windows()).toEqual([]);
  const response = await http(api.url, editor).post(`${BASE}/windows/recompute`).expect(404);
  expectErrorShape(response.body, 404);
});

it('backfills the closed windows once configured, with the drift a drift report gives on the same rows', async () => {
  await http(api.url, editor)
    .put(`${BASE}/monitoring`)
    .send({ referenceDatasetId: referenceId, window: '1h', minRows: 100, enabled: true })
    .expect(200);
  const items = await waitForWindows((all) => all.length === 2 && all.every((w) => w.status === 'fresh'), 'two fresh windows');
  expect(items.map((w) => w.start)).toEqual([new Date(hourB).toISOString(), new Date(hourA).toISOString()]);
  const [windowB, windowA] = items;
  expect(windowB).toMatchObject({ end: new Date(hourB + HOUR).toISOString(), rows: rowsB.length, rowsWithActual: 0, quality: null });
  expect(windowA).toMatchObject({ rows: rowsA.length, rowsWithActual: rowsA.length });

  // The same rows as a CSV, compared with the same reference by a drift report.
  const current = await upload(api.url, editor, csvOf(rowsB, false), {
    name: 'window B',
    model: MODEL,
    version: '1',
    role: 'current',
  }).expect(201);
  const report = await http(api.url, editor)
    .post('/api/v1/drift-reports')
    .send({
      referenceDatasetId: referenceId,
      currentDatasetId: current.body.id,
      columns: ['heart_rate', 'eda', 'device', 'prediction', 'probability'],
    })
    .expect(201);
  const drift = windowB.drift;
  expect(drift).not.toBeNull();
  expect(drift?.columns.map((column) => column.column)).toEqual(['heart_rate', 'eda', 'device', 'prediction', 'probability']);
  for (const column of drift?.columns ?? []) {
    const expected = report.body.columns.find((entry: { column: string }) => entry.column === column.column);
    expect(column.stattest).toBe(expected.stattest);
    expect(column.statistic).toBeCloseTo(expected.statistic, 12);
    if (expected.pValue === null) expect(column.pValue).toBeNull();
    else expect(column.pValue).toBeCloseTo(expected.pValue, 12);
    expect(column.drifted).toBe(expected.drifted);
    expect(column.reference).toBeUndefined(); // histograms only on the window's own page
  }
  expect(drift?.driftShare).toBeCloseTo(report.body.driftShare, 12);
  expect(drift?.datasetDrift).toBe(report.body.driftShare >= 0.5);

  const detail = await http(api.url, viewer)
    .get(`${BASE}/windows/${new Date(hourB).toISOString()}`)
    .expect(200);
  const heartRate = detail.body.drift.columns.find((column: { column: string }) => column.column === 'heart_rate');
  const expectedHeartRate = report.body.columns.find((column: { column: string }) => column.column === 'heart_rate');
  expect(heartRate.reference).toEqual(expectedHeartRate.reference);
  expect(heartRate.current).toEqual(expectedHeartRate.current);
});

it('measures quality over the labelled rows as dataset quality does', async () => {
  const windowA = (await windows()).find((w) => w.start === new Date(hourA).toISOString()) as WindowBody;
  const labelled = await upload(api.url, editor, csvOf(rowsA, true), {
    name: 'window A labelled',
    model: MODEL,
    version: '1',
    role: 'current',
    targetColumn: 'stressed',
    predictionColumn: 'prediction',
    probabilityColumn: 'probability',
  }).expect(201);
  const quality = (await http(api.url, viewer).get(`/api/v1/datasets/${labelled.body.id}/quality`).expect(200)).body;
  for (const name of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss'] as const) {
    expect(windowA.quality?.[name]).toBeCloseTo(quality[name], 12);
  }
  expect(windowA.quality?.support).toBe(rowsA.length);
});

it("estimates each window's quality from its probabilities (CBPE) as a performance estimate of the same rows does", async () => {
  const items = await windows();
  const windowB = items.find((w) => w.start === new Date(hourB).toISOString()) as WindowBody;
  const current = await upload(api.url, editor, csvOf(rowsB, false), {
    name: 'window B with probabilities',
    model: MODEL,
    version: '1',
    role: 'current',
    predictionColumn: 'prediction',
    probabilityColumn: 'probability',
  }).expect(201);
  const expected = (
    await http(api.url, editor)
      .post('/api/v1/performance-estimates')
      .send({ referenceDatasetId: referenceId, currentDatasetId: current.body.id })
      .expect(201)
  ).body;
  // Window B has no actuals yet: the estimate is all there is.
  expect(windowB.quality).toBeNull();
  const estimate = windowB.estimate;
  expect(estimate).not.toBeNull();
  expect(estimate?.rows).toEqual({ reference: expected.rows.reference, current: rowsB.length });
  expect(estimate?.calibration.method).toBe('isotonic');
  expect(estimate?.calibration.eceBefore).toBeCloseTo(expected.calibration.eceBefore, 12);
  expect(estimate?.calibration.eceAfter).toBeCloseTo(expected.calibration.eceAfter, 12);
  for (const name of ['accuracy', 'precision', 'recall', 'f1', 'specificity', 'rocAuc']) {
    for (const bound of ['value', 'lower', 'upper'] as const) {
      expect(estimate?.estimated[name]?.[bound]).toBeCloseTo(expected.estimated[name][bound], 12);
    }
  }
  expect(estimate?.warnings.map((warning) => warning.code)).toEqual(expected.warnings.map((warning: { code: string }) => warning.code));
  // 400 reference rows: fewer than CBPE's 500, and the window says so.
  expect(estimate?.warnings.map((warning) => warning.code)).toContain('few-reference-rows');

  // Window A is labelled: its estimate and its realized quality sit side by side, as metric points too.
  const windowA = items.find((w) => w.start === new Date(hourA).toISOString()) as WindowBody;
  expect(windowA.estimate?.rows.current).toBe(rowsA.length);
  expect(windowA.quality).not.toBeNull();
  const estimatedAccuracy = await seriesPoints('estimated_accuracy');
  expect(estimatedAccuracy).toEqual([
    { t: new Date(hourA).toISOString(), value: windowA.estimate?.estimated.accuracy?.value, count: 1 },
    { t: new Date(hourB).toISOString(), value: estimate?.estimated.accuracy?.value, count: 1 },
  ]);
  for (const name of ['estimated_precision', 'estimated_recall', 'estimated_f1', 'estimated_roc_auc']) {
    expect((await seriesPoints(name)).map((point) => point.t)).toEqual([new Date(hourA).toISOString(), new Date(hourB).toISOString()]);
  }
});

it('writes one set of metric points per window at its start', async () => {
  const driftShare = await seriesPoints('drift_share');
  const windowB = (await windows()).find((w) => w.start === new Date(hourB).toISOString()) as WindowBody;
  expect(driftShare).toEqual([
    { t: new Date(hourA).toISOString(), value: expect.any(Number), count: 1 },
    { t: new Date(hourB).toISOString(), value: windowB.drift?.driftShare, count: 1 },
  ]);
  expect(await seriesPoints('prediction_count')).toEqual([
    { t: new Date(hourA).toISOString(), value: rowsA.length, count: 1 },
    { t: new Date(hourB).toISOString(), value: rowsB.length, count: 1 },
  ]);
  expect((await seriesPoints('actual_coverage')).map((point) => point.value)).toEqual([1, 0]);
  expect((await seriesPoints('drift_score.heart_rate')).length).toBe(2);
  expect((await seriesPoints('recall')).map((point) => point.t)).toEqual([new Date(hourA).toISOString()]);
});

it('marks a window stale when late rows and labels arrive, and recomputes it with one set of points', async () => {
  const before = (await windows()).find((w) => w.start === new Date(hourB).toISOString()) as WindowBody;
  const late = makeRows('late', 40, hourB + 30 * 60_000, 1, 30 * 60_000);
  await log(late);
  await http(api.url, editor)
    .post(`/api/v1/models/${MODEL}/actuals`)
    .send({ rows: [...rowsB, ...late].map((row) => ({ id: row.id, actual: row.actual })) })
    .expect(202);
  const items = await waitForWindows(
    (all) =>
      all.some(
        (w) => w.start === before.start && w.status === 'fresh' && w.rows === rowsB.length + late.length && w.rowsWithActual === w.rows,
      ),
    'window B recomputed with the late rows',
  );
  const after = items.find((w) => w.start === before.start) as WindowBody;
  expect(after.computedAt).not.toBe(before.computedAt);
  expect(after.quality?.support).toBe(rowsB.length + late.length);
  const counts = await seriesPoints('prediction_count');
  expect(counts).toEqual([
    { t: new Date(hourA).toISOString(), value: rowsA.length, count: 1 },
    { t: new Date(hourB).toISOString(), value: rowsB.length + late.length, count: 1 },
  ]);
});

it('recomputes on request (editor only) and refuses bad ranges', async () => {
  const forbidden = await http(api.url, viewer).post(`${BASE}/windows/recompute`).expect(403);
  expectErrorShape(forbidden.body, 403);
  const bad = await http(api.url, editor).post(`${BASE}/windows/recompute`).query({ from: 'yesterday' }).expect(400);
  expectErrorShape(bad.body, 400);
  const before = (await windows()).find((w) => w.start === new Date(hourA).toISOString()) as WindowBody;
  const response = await http(api.url, editor)
    .post(`${BASE}/windows/recompute`)
    .query({ from: new Date(hourA).toISOString(), to: new Date(hourA + HOUR).toISOString() })
    .expect(202);
  expect(response.body).toEqual({ windows: 1 });
  await waitForWindows(
    (all) => all.some((w) => w.start === before.start && w.status === 'fresh' && w.computedAt !== before.computedAt),
    'window A recomputed',
  );
  expect((await seriesPoints('prediction_count'))[0]).toEqual({ t: new Date(hourA).toISOString(), value: rowsA.length, count: 1 });
});

it('marks windows with fewer rows than minRows insufficient, without drift', async () => {
  await http(api.url, editor)
    .put(`${BASE}/monitoring`)
    .send({ referenceDatasetId: referenceId, window: '1h', minRows: 190, enabled: true })
    .expect(200);
  const items = await waitForWindows(
    (all) =>
      all.length === 2 &&
      all.some((w) => w.status === 'insufficient') &&
      all.every((w) => w.status === 'fresh' || w.status === 'insufficient'),
    'window A insufficient',
  );
  const windowA = items.find((w) => w.start === new Date(hourA).toISOString()) as WindowBody;
  expect(windowA).toMatchObject({ status: 'insufficient', drift: null, rows: rowsA.length });
  expect(windowA.quality?.support).toBe(rowsA.length);
  expect(items.find((w) => w.start === new Date(hourB).toISOString())?.status).toBe('fresh');
});

it('answers 404 for a window that does not exist and 400 for a start that is not a date', async () => {
  const missing = await http(api.url, viewer)
    .get(`${BASE}/windows/${new Date(hourA - 10 * HOUR).toISOString()}`)
    .expect(404);
  expectErrorShape(missing.body, 404);
  const bad = await http(api.url, viewer).get(`${BASE}/windows/not-a-date`).expect(400);
  expectErrorShape(bad.body, 400);
});

it("measures a regression model's windows with MAE, RMSE and R² (and no classification metrics or estimate)", async () => {
  const model = 'windowed-regression';
  const base = `/api/v1/models/${model}/versions/1`;
  await http(api.url, editor).post('/api/v1/models').send({ name: model, task: 'regression' }).expect(201);
  await http(api.url, editor)
    .post(`${base.replace('/versions/1', '')}/versions`)
    .send({ version: '1', features: FEATURES })
    .expect(201);
  const rows = makeRows('reg', 60, hourA, 0).map((row, index) => ({
    ...row,
    prediction: Math.round((row.features.heart_rate + (random() - 0.5) * 8) * 100) / 100,
    actual: index === 7 ? Number.NaN : Math.round((row.features.heart_rate + (random() - 0.5) * 4) * 100) / 100,
  }));
  const referenceCsv = `heart_rate,eda,device,prediction,hr_next\n${makeRows('reg-ref', 200, hourA - 48 * HOUR, 0)
    .map((row) =>
      [row.features.heart_rate, row.features.eda ?? '', row.features.device, row.features.heart_rate + 1, row.features.heart_rate].join(
        ',',
      ),
    )
    .join('\n')}\n`;
  const reference = await upload(api.url, editor, referenceCsv, {
    name: 'regression reference',
    model,
    version: '1',
    role: 'reference',
    targetColumn: 'hr_next',
    predictionColumn: 'prediction',
  }).expect(201);
  await http(api.url, editor)
    .post(`${base}/predictions`)
    .send({ rows: rows.map((row) => ({ id: row.id, timestamp: row.timestamp, features: row.features, prediction: row.prediction })) })
    .expect(202);
  // One actual is a label that is not a number: left out, as a missing value would be.
  await http(api.url, editor)
    .post(`/api/v1/models/${model}/actuals`)
    .send({ rows: rows.map((row) => ({ id: row.id, actual: Number.isNaN(row.actual) ? 'unknown' : row.actual })) })
    .expect(202);
  await http(api.url, editor)
    .put(`${base}/monitoring`)
    .send({ referenceDatasetId: reference.body.id, window: '1h', minRows: 10, enabled: true })
    .expect(200);
  const deadline = Date.now() + 60_000;
  let window: WindowBody | undefined;
  while (!window || window.status !== 'fresh') {
    if (Date.now() > deadline) throw new Error(`regression window not computed: ${JSON.stringify(window)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    window = ((await http(api.url, viewer).get(`${base}/windows`).expect(200)).body.items as WindowBody[])[0];
  }
  // The expected values, from their definitions (scikit-learn's, checked against it in libs/statistics).
  const pairs = rows.filter((row) => !Number.isNaN(row.actual));
  const errors = pairs.map((row) => row.actual - row.prediction);
  const mean = pairs.reduce((sum, row) => sum + row.actual, 0) / pairs.length;
  const total = pairs.reduce((sum, row) => sum + (row.actual - mean) ** 2, 0);
  const squared = errors.reduce((sum, error) => sum + error * error, 0);
  const quality = window.quality as unknown as { task: string; support: number; mae: number; rmse: number; r2: number };
  expect(quality.task).toBe('regression');
  expect(quality.support).toBe(pairs.length);
  expect(quality.mae).toBeCloseTo(errors.reduce((sum, error) => sum + Math.abs(error), 0) / pairs.length, 10);
  expect(quality.rmse).toBeCloseTo(Math.sqrt(squared / pairs.length), 10);
  expect(quality.r2).toBeCloseTo(1 - squared / total, 10);
  expect(window.estimate).toBeNull();
  const series = async (name: string) =>
    (
      await http(api.url, viewer)
        .get('/api/v1/metrics/series')
        .query({
          model,
          name,
          from: new Date(hourA - HOUR).toISOString(),
          to: new Date(hourA + HOUR).toISOString(),
          bucket: '1h',
          agg: 'avg',
        })
        .expect(200)
    ).body.series[0]?.points ?? [];
  expect((await series('rmse')).map((point: { value: number }) => point.value)).toEqual([quality.rmse]);
  expect((await series('r2')).map((point: { value: number }) => point.value)).toEqual([quality.r2]);
  expect(await series('accuracy')).toEqual([]);
});
