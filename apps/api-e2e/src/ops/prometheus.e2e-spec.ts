import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { expectErrorShape, http } from '../support/http';

const TOKEN = 'prometheus-scrape-token-0123456789';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics (Prometheus)', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    // A small rate limit (one budget per key or IP across all routes): the ~7 API calls below fit in it, the
    // dozens of scrapes would not, so scrapes must never count against it.
    api = await startApi({ database, env: { METRICS_TOKEN: TOKEN, THROTTLE_LIMIT: '10' } });
  });
  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const scrape = () => http(api.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);

  it('needs the METRICS_TOKEN bearer when one is configured, with the one error shape', async () => {
    const none = await http(api.url).get('/metrics').expect(401);
    expectErrorShape(none.body, 401);
    expect(none.body.message).toMatch(/METRICS_TOKEN/);
    await http(api.url).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    // An API key is not a metrics token.
    await http(api.url, api.adminKey).get('/metrics').expect(401);
  });

  it('serves Prometheus text with process metrics, outside /api and never rate-limited', async () => {
    for (let i = 0; i < 12; i++) {
      const response = await scrape().expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      expect(response.text).toMatch(/^process_cpu_user_seconds_total /m);
      expect(response.text).toMatch(/^nodejs_heap_size_used_bytes /m);
    }
  });

  it('times requests by route template and status, with one label for unknown routes', async () => {
    const ids = ['0b9c5a9e-0000-4000-8000-000000000001', '0b9c5a9e-0000-4000-8000-000000000002'];
    for (const id of ids) await http(api.url, api.adminKey).delete(`/api/v1/api-keys/${id}`);
    await http(api.url).get('/api/v1/auth/me').expect(401);
    await http(api.url).get('/no/such/path/1');
    await http(api.url).get('/no/such/path/2');
    const text = (await scrape().expect(200)).text;
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="DELETE",route="\/api\/v1\/api-keys\/:id",status_code="\d{3}"\} 2$/m,
    );
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/auth/me",status_code="401"}')).toBe(1);
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/v1\/auth\/me",status_code="401"\} 1$/m,
    );
    expect(text).toMatch(/route="unmatched"/);
    for (const raw of [...ids, '/no/such/path']) expect(text).not.toContain(raw);
    // Scrapes are not timed (they would dominate the histogram).
    expect(text).not.toMatch(/route="\/metrics"/);
  });

  it('exports the feature counters from the start (zero before any traffic)', async () => {
    const text = (await scrape().expect(200)).text;
    expect(sample(text, 'metric_ingest_rejected_batches_total{reason="validation"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'dataset_upload_bytes_total{outcome="stored"}')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^# TYPE drift_report_duration_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE metric_ingest_points_total counter$/m);
  });

  it('counts accepted and rejected metric batches and exports per-model gauges from the registry', async () => {
    const admin = http(api.url, api.adminKey);
    await admin.post('/api/v1/models').send({ name: 'prom-model', task: 'binary-classification' }).expect(201);
    await admin.post('/api/v1/models/prom-model/versions').send({ version: '1.0.0' }).expect(201);
    const before = (await scrape().expect(200)).text;
    const point = (value: number) => ({
      model: 'prom-model',
      version: '1.0.0',
      name: 'accuracy',
      value,
      timestamp: new Date().toISOString(),
    });
    await admin
      .post('/api/v1/metrics')
      .send({ points: [point(0.9), point(0.8), point(0.7)] })
      .expect(202);
    await admin
      .post('/api/v1/metrics')
      .send({ points: [point(0.9), { ...point(1), value: 'high' }] })
      .expect(400);
    await admin
      .post('/api/v1/metrics')
      .send({ points: [{ ...point(1), model: 'no-such-model' }] })
      .expect(400);
    const after = (await scrape().expect(200)).text;
    const delta = (series: string) => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
    expect(delta('metric_ingest_points_total')).toBe(3);
    expect(delta('metric_ingest_batches_total')).toBe(1);
    expect(delta('metric_ingest_rejected_batches_total{reason="validation"}')).toBe(1);
    expect(delta('metric_ingest_rejected_points_total{reason="validation"}')).toBe(2);
    expect(delta('metric_ingest_rejected_batches_total{reason="unknown_model"}')).toBe(1);
    expect(sample(after, 'model_versions{model="prom-model"}')).toBe(1);
    expect(sample(after, 'model_metric_series{model="prom-model"}')).toBe(1);
    expect(Math.abs((sample(after, 'model_last_metric_timestamp_seconds{model="prom-model"}') ?? 0) - Date.now() / 1000)).toBeLessThan(300);
    expect(sample(after, 'model_gauge_series_dropped{gauge="model_versions"}')).toBe(0);
  });
});
