import { ApiProcess, createTestDatabase, startApi, TestDatabase, withClient } from '@stress/e2e-support';
import { seededRandom } from '@stress/statistics';
import { createKey, expectErrorShape, http } from '../support/http';

interface SeriesBody {
  model: string;
  name: string;
  agg: string;
  bucket: string;
  series: Array<{ version: string; points: Array<{ t: string; value: number; count: number }> }>;
}
interface Detail {
  field: string;
  message: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let database: TestDatabase;
let api: ApiProcess;
let viewer: string;
let editor: string;
let admin: string;

/** Percentile with linear interpolation between closest ranks (NumPy's default, PostgreSQL's percentile_cont). */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return (sorted[lower] as number) + ((sorted[upper] as number) - (sorted[lower] as number)) * (position - lower);
}

async function registerModel(name: string, versions: string[]): Promise<void> {
  await http(api.url, editor).post('/api/v1/models').send({ name, task: 'binary-classification' }).expect(201);
  for (const version of versions) {
    await http(api.url, editor).post(`/api/v1/models/${name}/versions`).send({ version }).expect(201);
  }
}

function ingest(points: unknown[], key = editor) {
  return http(api.url, key).post('/api/v1/metrics').send({ points });
}

function series(query: Record<string, string>, key = viewer) {
  return http(api.url, key).get(`/api/v1/metrics/series?${new URLSearchParams(query).toString()}`);
}

/** Points stored for a model's metric over the last 30 days, counted through the API. */
async function storedCount(model: string, name: string): Promise<number> {
  const now = Date.now();
  const response = await series({
    model,
    name,
    agg: 'count',
    bucket: '1d',
    from: new Date(now - 30 * DAY).toISOString(),
    to: new Date(now + 10 * 60_000).toISOString(),
  }).expect(200);
  return (response.body as SeriesBody).series.flatMap((s) => s.points).reduce((sum, point) => sum + point.count, 0);
}

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
  viewer = await createKey(api.url, api.adminKey, 'viewer');
  editor = await createKey(api.url, api.adminKey, 'editor');
  admin = await createKey(api.url, api.adminKey, 'admin');
  await registerModel('metric-model', ['1.0.0', '2.0.0']);
});

afterAll(async () => {
  await api?.stop();
  await database?.drop();
});

describe('POST /api/v1/metrics', () => {
  it('stores a batch (editor) with 202 { accepted }, refuses viewers and anonymous callers', async () => {
    const points = [
      { model: 'metric-model', version: '1.0.0', name: 'roles_check', value: 1 },
      { model: 'metric-model', version: '2.0.0', name: 'roles_check', value: 2, labels: { region: 'eu' } },
    ];
    await ingest(points, viewer).expect(403);
    await http(api.url).post('/api/v1/metrics').send({ points }).expect(401);
    const response = await ingest(points).expect(202);
    expect(response.body).toEqual({ accepted: 2 });
    // Acknowledged means committed: readable at once.
    expect(await storedCount('metric-model', 'roles_check')).toBe(2);
  });

  it('rejects the whole batch when one point is bad, naming it by index and field, and stores nothing', async () => {
    const now = Date.now();
    const valid = (index: number) => ({
      model: 'metric-model',
      version: '1.0.0',
      name: 'atomic_check',
      value: index,
      timestamp: new Date(now - index * 1000).toISOString(),
    });
    await ingest([valid(0), valid(1)]).expect(202);
    const before = await storedCount('metric-model', 'atomic_check');
    expect(before).toBe(2);

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ value: 'high' }, 'value'],
      [{ value: null }, 'value'],
      [{ timestamp: 'last tuesday' }, 'timestamp'],
      [{ timestamp: new Date(now + 10 * 60_000).toISOString() }, 'timestamp'],
      [{ name: 'has space' }, 'name'],
      [{ labels: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'labels'],
      [{ model: 'unknown-model' }, 'model'],
      [{ version: '9.9.9' }, 'version'],
    ];
    for (const [override, field] of cases) {
      const batch = Array.from({ length: 50 }, (_, index) => valid(index + 10));
      batch[37] = { ...valid(37), ...override };
      const response = await ingest(batch).expect(400);
      expectErrorShape(response.body, 400);
      expect(response.body.details).toEqual([expect.objectContaining({ field: `points.37.${field}`, index: 37 })]);
      expect(response.body.message).toMatch(/nothing stored/);
    }
    expect(await storedCount('metric-model', 'atomic_check')).toBe(before);
  });

  it('lists the first 20 problems of a batch with many bad points', async () => {
    const batch = Array.from({ length: 60 }, (_, index) => ({
      model: 'metric-model',
      version: index % 2 === 0 ? 'nope' : '1.0.0',
      name: 'many_bad',
      value: 1,
    }));
    const response = await ingest(batch).expect(400);
    const details = response.body.details as Detail[];
    expect(details).toHaveLength(20);
    expect(details[0]?.field).toBe('points.0.version');
    expect(details[0]?.message).toContain('"nope"');
    expect(details[19]?.field).toBe('points.38.version');
    expect(response.body.message).toContain('30 bad points');
    expect(await storedCount('metric-model', 'many_bad')).toBe(0);
  });

  it('refuses an empty batch, a non-array and more than METRICS_MAX_BATCH points; accepts 10,000 points above BODY_LIMIT', async () => {
    await ingest([]).expect(400);
    await http(api.url, editor).post('/api/v1/metrics').send({ points: 'many' }).expect(400);
    const start = Date.now() - 2 * HOUR;
    const big = Array.from({ length: 10_000 }, (_, index) => ({
      model: 'metric-model',
      version: '1.0.0',
      name: 'big_batch',
      value: index / 7,
      timestamp: new Date(start + index * 500).toISOString(),
      labels: { host: `host-${index % 4}`, region: 'eu-west-1' },
    }));
    expect(JSON.stringify({ points: big }).length).toBeGreaterThan(1024 * 1024);
    expect((await ingest(big).expect(202)).body).toEqual({ accepted: 10_000 });
    expect(await storedCount('metric-model', 'big_batch')).toBe(10_000);
    const tooMany = await ingest([...big, big[0]]).expect(400);
    expect(tooMany.body.message).toMatch(/at most 10000 points/);
    expect(await storedCount('metric-model', 'big_batch')).toBe(10_000);
  });

  it('stores a batch sent with an Idempotency-Key once, answers a retry as the first time, and refuses the key for other data', async () => {
    const points = Array.from({ length: 25 }, (_, index) => ({
      model: 'metric-model',
      version: '2.0.0',
      name: 'idempotent_check',
      value: index,
      timestamp: new Date(Date.now() - index * 60_000).toISOString(),
    }));
    const key = `batch-${Date.now()}`;
    const first = await ingest(points).set('Idempotency-Key', key).expect(202);
    expect(first.body).toEqual({ accepted: 25 });
    const retry = await ingest(points).set('Idempotency-Key', key).expect(202);
    expect(retry.body).toEqual({ accepted: 25 });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await storedCount('metric-model', 'idempotent_check')).toBe(25);

    const other = await ingest(points.slice(1)).set('Idempotency-Key', key).expect(409);
    expectErrorShape(other.body, 409);
    expect(await storedCount('metric-model', 'idempotent_check')).toBe(25);

    // Retries racing each other still store the batch once.
    const raceKey = `race-${Date.now()}`;
    const racing = points.map((point) => ({ ...point, name: 'idempotent_race' }));
    const responses = await Promise.all([1, 2, 3, 4].map(() => ingest(racing).set('Idempotency-Key', raceKey)));
    expect(responses.map((response) => response.status)).toEqual([202, 202, 202, 202]);
    expect(responses.map((response) => response.body)).toEqual(Array(4).fill({ accepted: 25 }));
    expect(await storedCount('metric-model', 'idempotent_race')).toBe(25);

    await ingest(points).set('Idempotency-Key', 'with space').expect(400);
  });
});

describe('GET /api/v1/metrics/series', () => {
  // A fixed window in the past, so the test owns every point in it.
  const base = Math.floor((Date.now() - 3 * DAY) / DAY) * DAY; // UTC midnight three days ago
  const sent: Array<{ version: string; ms: number; value: number }> = [];

  beforeAll(async () => {
    const next = seededRandom(20261127);
    const points: unknown[] = [];
    for (const version of ['1.0.0', '2.0.0']) {
      // 600 points over 10 hours, irregularly spaced, with labels splitting them into two series.
      for (let index = 0; index < 600; index++) {
        const ms = base + 30 * 60_000 + Math.floor(next() * 10 * HOUR);
        const value = Math.round((version === '1.0.0' ? 100 : 200) + next() * 50 * 1000) / 1000;
        sent.push({ version, ms, value });
        points.push({
          model: 'metric-model',
          version,
          name: 'latency_ms',
          value,
          timestamp: new Date(ms).toISOString(),
          labels: { pod: index % 2 === 0 ? 'a' : 'b' },
        });
      }
    }
    await ingest(points).expect(202);
  });

  function expected(version: string, widthMs: number, from: number, to: number, reduce: (values: number[]) => number) {
    const buckets = new Map<number, number[]>();
    for (const point of sent) {
      if (point.version !== version || point.ms < from || point.ms >= to) continue;
      const t = Math.floor(point.ms / widthMs) * widthMs;
      buckets.set(t, [...(buckets.get(t) ?? []), point.value]);
    }
    return [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([t, values]) => ({ t: new Date(t).toISOString(), value: reduce(values), count: values.length }));
  }

  const reducers: Record<string, (values: number[]) => number> = {
    avg: (values) => values.reduce((sum, value) => sum + value, 0) / values.length,
    min: (values) => Math.min(...values),
    max: (values) => Math.max(...values),
    sum: (values) => values.reduce((sum, value) => sum + value, 0),
    count: (values) => values.length,
    p50: (values) => percentile(values, 0.5),
    p95: (values) => percentile(values, 0.95),
    p99: (values) => percentile(values, 0.99),
  };

  it.each(Object.keys(reducers))('%s per 1h bucket matches values computed from the points sent', async (agg) => {
    const from = base;
    const to = base + DAY;
    const response = await series({
      model: 'metric-model',
      name: 'latency_ms',
      agg,
      bucket: '1h',
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    }).expect(200);
    const body = response.body as SeriesBody;
    expect(body).toEqual(expect.objectContaining({ model: 'metric-model', name: 'latency_ms', agg, bucket: '1h' }));
    expect(body.series.map((s) => s.version)).toEqual(['1.0.0', '2.0.0']);
    for (const version of ['1.0.0', '2.0.0']) {
      const want = expected(version, HOUR, from, to, reducers[agg] as (values: number[]) => number);
      const got = body.series.find((s) => s.version === version)?.points ?? [];
      expect(got.map((point) => [point.t, point.count])).toEqual(want.map((point) => [point.t, point.count]));
      got.forEach((point, index) => expect(point.value).toBeCloseTo(want[index]?.value as number, 9));
    }
  });

  it('aligns 15m buckets to the epoch, honours from (inclusive) and to (exclusive) and filters by version', async () => {
    // Unaligned bounds: the first bucket starts before `from`, yet only points inside the range count.
    const from = base + 2 * HOUR + 7 * 60_000 + 13_000;
    const to = base + 5 * HOUR + 41 * 60_000;
    const response = await series({
      model: 'metric-model',
      name: 'latency_ms',
      version: '2.0.0',
      agg: 'max',
      bucket: '15m',
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    }).expect(200);
    const body = response.body as SeriesBody;
    expect(body.series).toHaveLength(1);
    const want = expected('2.0.0', 15 * 60_000, from, to, reducers['max'] as (values: number[]) => number);
    expect(body.series[0]?.points).toEqual(want);
    expect(body.series[0]?.points[0]?.t).toBe(new Date(base + 2 * HOUR).toISOString());
  });

  it('1d buckets start at UTC midnight; empty buckets are omitted', async () => {
    const response = await series({
      model: 'metric-model',
      name: 'latency_ms',
      agg: 'count',
      bucket: '1d',
      from: new Date(base - 5 * DAY + 1234).toISOString(),
      to: new Date(base + DAY).toISOString(),
    }).expect(200);
    const body = response.body as SeriesBody;
    for (const s of body.series) {
      expect(s.points).toEqual([{ t: new Date(base).toISOString(), value: 600, count: 600 }]);
    }
  });

  it('auto picks the narrowest bucket with at most ~500 buckets; default range is the last 24 hours', async () => {
    const recent = await series({ model: 'metric-model', name: 'latency_ms' }).expect(200);
    expect(recent.body).toEqual(expect.objectContaining({ agg: 'avg', bucket: '5m', series: [] }));
    expect(Date.parse(recent.body.to) - Date.parse(recent.body.from)).toBe(DAY);
    const month = await series({
      model: 'metric-model',
      name: 'latency_ms',
      bucket: 'auto',
      from: new Date(base - 27 * DAY).toISOString(),
      to: new Date(base + 3 * DAY).toISOString(),
    }).expect(200);
    expect(month.body.bucket).toBe('6h');
  });

  it('caps ranges and bucket counts with 400, and 404s unknown models and versions by name', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const bad: Array<Record<string, string>> = [
      { from: iso(now), to: iso(now - HOUR) },
      { from: iso(now - 401 * DAY), to: iso(now) },
      { from: iso(now - 30 * DAY), to: iso(now), bucket: '1m' },
      { agg: 'median' },
      { bucket: '2h' },
      { from: 'yesterday' },
    ];
    for (const query of bad) {
      const response = await series({ model: 'metric-model', name: 'latency_ms', ...query }).expect(400);
      expectErrorShape(response.body, 400);
    }
    await series({
      model: 'metric-model',
      name: 'latency_ms',
      from: iso(now - 6 * DAY),
      to: iso(now),
      bucket: '1m',
    }).expect(200);
    await series({ name: 'latency_ms' }).expect(400);
    const unknownModel = await series({ model: 'no-such-model', name: 'latency_ms' }).expect(404);
    expect(unknownModel.body.message).toContain('"no-such-model"');
    const unknownVersion = await series({ model: 'metric-model', name: 'latency_ms', version: '7.7.7' }).expect(404);
    expect(unknownVersion.body.message).toContain('"7.7.7"');
    await http(api.url).get('/api/v1/metrics/series?model=metric-model&name=latency_ms').expect(401);
  });
});

describe('latest and names', () => {
  it('returns the newest point per version and metric, and the metric names', async () => {
    await registerModel('latest-model', ['a', 'b']);
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    await ingest([
      { model: 'latest-model', version: 'a', name: 'f1', value: 0.5, timestamp: at(30) },
      { model: 'latest-model', version: 'a', name: 'f1', value: 0.7, timestamp: at(5) },
      { model: 'latest-model', version: 'a', name: 'f1', value: 0.6, timestamp: at(10), labels: { shard: '2' } },
      { model: 'latest-model', version: 'a', name: 'accuracy', value: 0.9, timestamp: at(60) },
      { model: 'latest-model', version: 'b', name: 'f1', value: 0.8, timestamp: at(1) },
      { model: 'latest-model', version: 'b', name: 'f1', value: 0.1, timestamp: at(2) },
    ]).expect(202);
    const latest = await http(api.url, viewer).get('/api/v1/models/latest-model/metrics/latest').expect(200);
    expect(latest.body.items).toEqual([
      { version: 'a', name: 'accuracy', value: 0.9, timestamp: at(60) },
      { version: 'a', name: 'f1', value: 0.7, timestamp: at(5) },
      { version: 'b', name: 'f1', value: 0.8, timestamp: at(1) },
    ]);
    const names = await http(api.url, viewer).get('/api/v1/models/latest-model/metrics/names').expect(200);
    expect(names.body).toEqual({ items: ['accuracy', 'f1'] });

    const empty = await http(api.url, editor).post('/api/v1/models').send({ name: 'quiet-model', task: 'regression' }).expect(201);
    expect(empty.body.name).toBe('quiet-model');
    expect((await http(api.url, viewer).get('/api/v1/models/quiet-model/metrics/latest').expect(200)).body).toEqual({
      items: [],
    });
    expect((await http(api.url, viewer).get('/api/v1/models/quiet-model/metrics/names').expect(200)).body).toEqual({
      items: [],
    });
    const missing = await http(api.url, viewer).get('/api/v1/models/ghost/metrics/latest').expect(404);
    expect(missing.body.message).toContain('"ghost"');
    await http(api.url, viewer).get('/api/v1/models/ghost/metrics/names').expect(404);
  });

  it('deleting a model removes its metric points; a new model of the same name starts empty', async () => {
    await registerModel('doomed-model', ['1']);
    await ingest([{ model: 'doomed-model', version: '1', name: 'accuracy', value: 1 }]).expect(202);
    await http(api.url, admin).delete('/api/v1/models/doomed-model').expect(204);
    await ingest([{ model: 'doomed-model', version: '1', name: 'accuracy', value: 1 }]).expect(400);
    await registerModel('doomed-model', ['1']);
    expect(await storedCount('doomed-model', 'accuracy')).toBe(0);
    expect((await http(api.url, viewer).get('/api/v1/models/doomed-model/metrics/names').expect(200)).body).toEqual({
      items: [],
    });
  });
  it('a model deleted while batches for it are being stored leaves no orphan points', async () => {
    await registerModel('racing-model', ['1']);
    const batch = Array.from({ length: 2_000 }, (_, index) => ({
      model: 'racing-model',
      version: '1',
      name: `m_${index % 50}`,
      value: index,
      timestamp: new Date(Date.now() - index * 1000).toISOString(),
    }));
    const ingests = Array.from({ length: 6 }, () => ingest(batch));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const deletion = http(api.url, admin).delete('/api/v1/models/racing-model');
    const statuses = (await Promise.all([...ingests, deletion])).map((response) => response.status);
    expect(statuses.slice(0, 6).every((status) => status === 202 || status === 400)).toBe(true);
    expect(statuses[6]).toBe(204);
    await registerModel('racing-model', ['1']);
    expect((await http(api.url, viewer).get('/api/v1/models/racing-model/metrics/names').expect(200)).body).toEqual({
      items: [],
    });
    if (database.url) {
      const orphans = await withClient(database.url, (client) =>
        client.query(
          'SELECT count(*)::int AS n FROM metric_points p WHERE NOT EXISTS (SELECT 1 FROM metric_series s WHERE s.id = p.series_id)',
        ),
      );
      expect(orphans.rows[0].n).toBe(0);
    }
  });
});
