import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, http } from '../support/http';

const DAY = 86_400_000;
// Two API starts and a 10,000-point seed per test: slow on a busy machine with the embedded database.
jest.setTimeout(240_000);

const databases: TestDatabase[] = [];
let api: ApiProcess | undefined;

afterEach(async () => {
  await api?.stop();
  api = undefined;
});

afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function accuracyCounts(url: string, key: string): Promise<Record<string, number>> {
  const query = new URLSearchParams({
    model: 'stress-detector',
    name: 'accuracy',
    agg: 'count',
    bucket: '1d',
    from: new Date(Date.now() - 31 * DAY).toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
  });
  const response = await http(url, key).get(`/api/v1/metrics/series?${query.toString()}`).expect(200);
  const counts: Record<string, number> = {};
  for (const series of response.body.series as Array<{ version: string; points: Array<{ count: number }> }>) {
    counts[series.version] = series.points.reduce((sum, point) => sum + point.count, 0);
  }
  return counts;
}

it('seeds the stress-detector demo into an empty database once, with production degrading over the last week', async () => {
  const database = await createTestDatabase();
  databases.push(database);
  api = await startApi({ database, env: { SEED_DEMO: 'true' } });
  const key = api.adminKey;

  const model = await http(api.url, key).get('/api/v1/models/stress-detector').expect(200);
  expect(model.body).toEqual(expect.objectContaining({ task: 'binary-classification', productionVersion: '1.1.0' }));
  expect(Object.fromEntries(model.body.versions.map((v: { version: string; stage: string }) => [v.version, v.stage]))).toEqual({
    '1.0.0': 'archived',
    '1.1.0': 'production',
    '2.0.0': 'staging',
  });
  const version = await http(api.url, key).get('/api/v1/models/stress-detector/versions/1.1.0').expect(200);
  const columns = Object.fromEntries(version.body.features.map((f: { name: string; role: string }) => [f.name, f.role]));
  expect(columns).toEqual({
    heart_rate: 'feature',
    eda: 'feature',
    skin_temp: 'feature',
    resp_rate: 'feature',
    hrv_rmssd: 'feature',
    activity: 'feature',
    device: 'feature',
    stress_label: 'target',
    predicted: 'prediction',
    stress_proba: 'probability',
  });
  const history = await http(api.url, key).get('/api/v1/models/stress-detector/versions/1.0.0/stage-history').expect(200);
  expect(history.body.items.map((c: { to: string }) => c.to)).toEqual(['staging', 'production', 'archived']);

  const names = await http(api.url, key).get('/api/v1/models/stress-detector/metrics/names').expect(200);
  // Later seeders (drift) may add their own metrics, such as drift_share.
  expect(names.body.items).toEqual(
    expect.arrayContaining(['accuracy', 'f1', 'latency_ms', 'precision', 'prediction_count', 'recall', 'roc_auc', 'stress_rate']),
  );
  const counts = await accuracyCounts(api.url, key);
  expect(counts['1.1.0']).toBe(720);

  // The CBPE demo: the drift demo's current dataset estimated against its reference; its targets give the realized values.
  const estimates = await http(api.url, key).get('/api/v1/performance-estimates?model=stress-detector').expect(200);
  expect(estimates.body.total).toBe(1);
  const [estimate] = estimates.body.items;
  expect(estimate).toMatchObject({ version: '1.1.0', rows: { reference: 5000, current: 2000, labelled: 2000 } });
  expect(Math.abs(estimate.estimated.accuracy.value - estimate.realized.accuracy)).toBeLessThan(0.05);

  const weekly = await http(api.url, key)
    .get(
      `/api/v1/metrics/series?${new URLSearchParams({
        model: 'stress-detector',
        name: 'accuracy',
        version: '1.1.0',
        bucket: '1d',
        from: new Date(Date.now() - 30 * DAY).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      }).toString()}`,
    )
    .expect(200);
  const daily = (weekly.body.series[0].points as Array<{ value: number }>).map((point) => point.value);
  const firstWeeks = daily.slice(1, 20);
  const lastDays = daily.slice(-2);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  expect(mean(firstWeeks) - mean(lastDays)).toBeGreaterThan(0.03);

  // A restart finds data and seeds nothing more.
  const port = api.port;
  await api.stop();
  api = await startApi({ database, env: { SEED_DEMO: 'true' }, port });
  expect(await accuracyCounts(api.url, api.adminKey)).toEqual(counts);
});

it('never seeds into a database that holds data', async () => {
  const database = await createTestDatabase();
  databases.push(database);
  api = await startApi({ database });
  const editor = await createKey(api.url, api.adminKey, 'editor');
  await http(api.url, editor).post('/api/v1/models').send({ name: 'my-model', task: 'regression' }).expect(201);
  const port = api.port;
  await api.stop();
  api = await startApi({ database, env: { SEED_DEMO: 'true' }, port });
  await http(api.url, api.adminKey).get('/api/v1/models/stress-detector').expect(404);
  const list = await http(api.url, api.adminKey).get('/api/v1/models').expect(200);
  expect(list.body.total).toBe(1);
});
