import { ApiProcess, createTestDatabase, startApi, TestDatabase, usesRealPostgres, withClient } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';

interface Detail {
  index: number;
  field: string;
  message: string;
}
interface PredictionItem {
  id: string;
  timestamp: string;
  features: Record<string, number | string | null>;
  prediction: number | string;
  probability: number | null;
  actual: number | string | null;
  actualTimestamp: string | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_BATCH = 50;
// Several API starts: slow on a busy machine with the embedded database.
jest.setTimeout(300_000);
/** An embedded start took over 60 s on a shared 2-core machine under load. */
const START_TIMEOUT_MS = 120_000;

let database: TestDatabase;
let api: ApiProcess;
let editor: string;
let viewer: string;

const FEATURES = [
  { name: 'heart_rate', type: 'numerical', role: 'feature' },
  { name: 'eda', type: 'numerical', role: 'feature' },
  { name: 'device', type: 'categorical', role: 'feature' },
  { name: 'stressed', type: 'categorical', role: 'target' },
];

async function registerModel(name: string, versions: Array<{ version: string; features?: unknown[] }>): Promise<void> {
  await http(api.url, editor).post('/api/v1/models').send({ name, task: 'binary-classification' }).expect(201);
  for (const version of versions) {
    await http(api.url, editor).post(`/api/v1/models/${name}/versions`).send(version).expect(201);
  }
}

function logPredictions(model: string, version: string, rows: unknown[], key = editor) {
  return http(api.url, key).post(`/api/v1/models/${model}/versions/${version}/predictions`).send({ rows });
}

function logActuals(model: string, rows: unknown[], key = editor) {
  return http(api.url, key).post(`/api/v1/models/${model}/actuals`).send({ rows });
}

async function list(
  model: string,
  version: string,
  query: Record<string, string> = {},
): Promise<{ items: PredictionItem[]; total: number }> {
  const response = await http(api.url, viewer)
    .get(`/api/v1/models/${model}/versions/${version}/predictions?${new URLSearchParams(query).toString()}`)
    .expect(200);
  return response.body as { items: PredictionItem[]; total: number };
}

function row(id: string, at: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    timestamp: new Date(at).toISOString(),
    features: { heart_rate: 70 + (at % 7), eda: 2.5, device: 'watch' },
    prediction: 1,
    probability: 0.8,
    ...overrides,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  // A small BODY_LIMIT: a full batch (~9 KB) must still pass, through the prediction routes' own limit (2 KB a row).
  api = await startApi({
    database,
    env: { THROTTLE_LIMIT: '100000', PREDICTIONS_MAX_BATCH: String(MAX_BATCH), BODY_LIMIT: '4kb' },
    startTimeoutMs: START_TIMEOUT_MS,
  });
  editor = await createKey(api.url, api.adminKey, 'editor');
  viewer = await createKey(api.url, api.adminKey, 'viewer');
  await registerModel('detector', [
    { version: '1', features: FEATURES },
    { version: '2', features: FEATURES },
    { version: 'bare', features: [{ name: 'stressed', type: 'categorical', role: 'target' }] },
  ]);
});

afterAll(async () => {
  await api?.stop();
  await database?.drop();
});

describe('logging predictions', () => {
  const now = Date.now();

  it('stores a batch and lists it newest first with every declared feature (missing as null)', async () => {
    const rows = [
      row('a-1', now - 3 * HOUR, { features: { heart_rate: 88.5, eda: 2.1, device: 'watch' }, probability: 0.83 }),
      row('a-2', now - 2 * HOUR, { features: { heart_rate: 61, device: true }, prediction: 'calm' }),
      row('a-3', now - 1 * HOUR, { features: { heart_rate: null, eda: -0.25, device: 7 }, probability: undefined }),
    ];
    const response = await logPredictions('detector', '1', rows).expect(202);
    expect(response.body).toEqual({ accepted: 3, duplicates: 0 });

    const page = await list('detector', '1');
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.id)).toEqual(['a-3', 'a-2', 'a-1']);
    expect(page.items[2]).toEqual({
      id: 'a-1',
      timestamp: new Date(now - 3 * HOUR).toISOString(),
      features: { heart_rate: 88.5, eda: 2.1, device: 'watch' },
      prediction: 1,
      probability: 0.83,
      actual: null,
      actualTimestamp: null,
    });
    expect(page.items[1]).toMatchObject({ features: { heart_rate: 61, eda: null, device: 'true' }, prediction: 'calm' });
    expect(page.items[0]).toMatchObject({ features: { heart_rate: null, eda: -0.25, device: '7' }, probability: null });

    const window = await list('detector', '1', {
      from: new Date(now - 2.5 * HOUR).toISOString(),
      to: new Date(now - 0.5 * HOUR).toISOString(),
      limit: '1',
      offset: '1',
    });
    expect(window).toMatchObject({ total: 2, items: [{ id: 'a-2' }] });
  });

  it('keeps categorical text exactly, whatever characters it holds', async () => {
    const awkward = ['say "hi", {x}\\', 'NULL', '', 'ünï ✓'];
    const rows = awkward.map((device, index) => row(`text-${index}`, now - 4 * HOUR - index * 1000, { features: { device } }));
    await logPredictions('detector', '1', rows).expect(202, { accepted: awkward.length, duplicates: 0 });
    const page = await list('detector', '1', { to: new Date(now - 4 * HOUR + 1).toISOString() });
    expect(page.items.map((item) => item.features['device'])).toEqual(awkward);
  });

  it('rejects a batch with bad rows, naming up to 20 of them by index and field, and stores nothing', async () => {
    const rows: unknown[] = [row('ok-1', now)];
    rows.push(row('bad-unknown', now, { features: { heart_rate: 1, pulse: 3 } }));
    rows.push(row('bad-string', now, { features: { heart_rate: '88' } }));
    rows.push(row('bad-time', now, { timestamp: 'yesterday' }));
    rows.push(row('bad-future', now + HOUR));
    rows.push(row('bad-probability', now, { probability: 1.5 }));
    rows.push(row('bad id', now));
    for (let index = 0; index < 24; index++) rows.push(row(`bad-prediction-${index}`, now, { prediction: null }));
    const response = await logPredictions('detector', '1', rows).expect(400);
    expectErrorShape(response.body, 400);
    const details = response.body.details as Detail[];
    expect(details).toHaveLength(20);
    expect(details.slice(0, 6)).toEqual([
      { index: 1, field: 'rows.1.features.pulse', message: expect.stringContaining('not a declared feature') },
      { index: 2, field: 'rows.2.features.heart_rate', message: expect.stringContaining('numerical') },
      { index: 3, field: 'rows.3.timestamp', message: expect.stringContaining('ISO 8601') },
      { index: 4, field: 'rows.4.timestamp', message: expect.stringContaining('future') },
      { index: 5, field: 'rows.5.probability', message: expect.stringContaining('[0, 1]') },
      { index: 6, field: 'rows.6.id', message: expect.stringContaining('visible ASCII') },
    ]);
    expect(response.body.message).toContain('30 bad rows');
    expect((await list('detector', '1', { from: new Date(now - 60_000).toISOString() })).total).toBe(0);
  });

  it('refuses timestamps older than the retention', async () => {
    const response = await logPredictions('detector', '1', [row('ancient', now - 91 * DAY)]).expect(400);
    expect(response.body.details).toEqual([{ index: 0, field: 'rows.0.timestamp', message: expect.stringContaining('older than') }]);
  });

  it(`answers 413 above PREDICTIONS_MAX_BATCH (${MAX_BATCH}) rows and stores nothing`, async () => {
    const rows = Array.from({ length: MAX_BATCH + 1 }, (_, index) => row(`big-${index}`, now - index * 1000));
    const response = await logPredictions('detector', '2', rows).expect(413);
    expectErrorShape(response.body, 413);
    expect(response.body.message).toContain('PREDICTIONS_MAX_BATCH');
    expect((await list('detector', '2')).total).toBe(0);
    expect(JSON.stringify({ rows: rows.slice(0, MAX_BATCH) }).length).toBeGreaterThan(4096);
    await logPredictions('detector', '2', rows.slice(0, MAX_BATCH)).expect(202, { accepted: MAX_BATCH, duplicates: 0 });
    // Other routes keep BODY_LIMIT.
    const tooLarge = await http(api.url, editor)
      .post('/api/v1/models')
      .send({ name: 'large-body', task: 'regression', description: 'x'.repeat(5000) })
      .expect(413);
    expectErrorShape(tooLarge.body, 413);
    expect((await list('detector', '2')).total).toBe(MAX_BATCH);
  });

  it('answers 422 for a version without declared features and 404 for unknown ones', async () => {
    const response = await logPredictions('detector', 'bare', [row('x', now)]).expect(422);
    expectErrorShape(response.body, 422);
    expect(response.body.message).toContain('declares no features');
    await logPredictions('detector', '9', [row('x', now)]).expect(404);
    await logPredictions('nobody', '1', [row('x', now)]).expect(404);
  });

  it('needs an editor key to log', async () => {
    await logPredictions('detector', '1', [row('viewer-row', now)], viewer).expect(403);
    await logActuals('detector', [{ id: 'a-1', actual: 1 }], viewer).expect(403);
  });

  it('counts a re-sent id with identical content as a duplicate and stores it once', async () => {
    const rows = [row('dup-1', now - 10 * 60_000), { ...row('dup-2', now), timestamp: undefined }];
    await logPredictions('detector', '1', rows).expect(202, { accepted: 2, duplicates: 0 });
    // Re-sent with a third row, and one row twice in the same batch.
    const again = [...rows, row('dup-3', now - 5 * 60_000), row('dup-3', now - 5 * 60_000)];
    await logPredictions('detector', '1', again).expect(202, { accepted: 1, duplicates: 3 });
    const ids = (await list('detector', '1', { limit: '200' })).items.map((item) => item.id).filter((id) => id.startsWith('dup-'));
    expect(ids.sort()).toEqual(['dup-1', 'dup-2', 'dup-3']);
  });

  it('stores each id once when concurrent batches share ids in different orders', async () => {
    for (let round = 0; round < 3; round++) {
      const rows = Array.from({ length: MAX_BATCH }, (_, index) =>
        row(`race-${round}-${String(index).padStart(2, '0')}`, now - 20 * 60_000 - index * 1000),
      );
      const orders = Array.from({ length: 8 }, (_, shift) => {
        const rotated = [...rows.slice(shift * 6), ...rows.slice(0, shift * 6)];
        return shift % 2 === 0 ? rotated : rotated.reverse();
      });
      const answers = await Promise.all(orders.map((batch) => logPredictions('detector', '1', batch)));
      expect(answers.map((answer) => answer.status)).toEqual(orders.map(() => 202));
      const bodies = answers.map((answer) => answer.body as { accepted: number; duplicates: number });
      expect(bodies.reduce((sum, body) => sum + body.accepted, 0)).toBe(MAX_BATCH);
      expect(bodies.reduce((sum, body) => sum + body.duplicates, 0)).toBe(7 * MAX_BATCH);
    }
    const stored = (await list('detector', '1', { limit: '200' })).items.filter((item) => item.id.startsWith('race-'));
    expect(stored).toHaveLength(3 * MAX_BATCH);
  });

  it('answers 409 naming the ids re-sent with different content, and stores nothing of the batch', async () => {
    const changed = [
      row('fresh-1', now - 60_000),
      row('dup-1', now - 10 * 60_000, { prediction: 0 }),
      row('a-1', now - 3 * HOUR + 1000, { features: { heart_rate: 88.5, eda: 2.1, device: 'watch' }, probability: 0.83 }),
    ];
    const response = await logPredictions('detector', '1', changed).expect(409);
    expectErrorShape(response.body, 409);
    expect(response.body.message).toContain('"dup-1"');
    expect(response.body.message).toContain('"a-1"');
    expect((response.body.details as Detail[]).map((detail) => detail.field)).toEqual(['rows.1.id', 'rows.2.id']);
    // The same id under another version of the model is a conflict too: ids are unique within the model.
    await logPredictions('detector', '2', [row('dup-1', now - 10 * 60_000)]).expect(409);
    const ids = (await list('detector', '1', { limit: '200' })).items.map((item) => item.id);
    expect(ids).not.toContain('fresh-1');
  });
});

describe('logging actuals', () => {
  const now = Date.now();

  it('joins actuals by id across versions, keeps early ones pending until their prediction arrives, and lets corrections replace', async () => {
    await logPredictions('detector', '1', [row('j-1', now - 40 * 60_000), row('j-2', now - 30 * 60_000)]).expect(202);
    await logPredictions('detector', '2', [row('j-3', now - 20 * 60_000)]).expect(202);

    const first = await logActuals('detector', [
      { id: 'j-1', actual: 1, timestamp: new Date(now - 60_000).toISOString() },
      { id: 'j-3', actual: 'calm' },
      { id: 'early-1', actual: 0 },
    ]).expect(202);
    expect(first.body).toEqual({ accepted: 3, matched: 2, pending: 1 });

    const joined = await list('detector', '1', { hasActual: 'true' });
    expect(joined.items).toEqual([
      expect.objectContaining({ id: 'j-1', actual: 1, actualTimestamp: new Date(now - 60_000).toISOString() }),
    ]);
    expect((await list('detector', '2', { hasActual: 'true' })).items).toEqual([expect.objectContaining({ id: 'j-3', actual: 'calm' })]);
    const withoutVersion1 = await list('detector', '1', { hasActual: 'false', limit: '200' });
    expect(withoutVersion1.items.map((item) => item.id)).toContain('j-2');
    expect(withoutVersion1.items.map((item) => item.id)).not.toContain('j-1');

    // The prediction arrives after its actual: joined at once.
    await logPredictions('detector', '1', [row('early-1', now - 10 * 60_000)]).expect(202, { accepted: 1, duplicates: 0 });
    expect((await list('detector', '1', { hasActual: 'true' })).items.map((item) => [item.id, item.actual])).toEqual([
      ['early-1', 0],
      ['j-1', 1],
    ]);

    // A correction replaces the label; the last of two rows for one id in a batch wins.
    const correction = await logActuals('detector', [
      { id: 'j-1', actual: 7 },
      { id: 'j-1', actual: 0 },
    ]).expect(202);
    expect(correction.body).toEqual({ accepted: 1, matched: 1, pending: 0 });
    const corrected = (await list('detector', '1', { hasActual: 'true' })).items.find((item) => item.id === 'j-1');
    expect(corrected?.actual).toBe(0);
  });

  it('rejects bad actuals by index and field and stores nothing', async () => {
    const response = await logActuals('detector', [
      { id: 'j-2', actual: 1 },
      { id: 'j-2b', actual: Number.NaN },
      { id: 'j-2c', actual: 1, extra: true },
    ]).expect(400);
    expect(response.body.details).toEqual([
      { index: 1, field: 'rows.1.actual', message: expect.any(String) },
      { index: 2, field: 'rows.2.extra', message: expect.stringContaining('unknown field') },
    ]);
    expect((await list('detector', '1', { hasActual: 'true' })).items.map((item) => item.id)).not.toContain('j-2');
    await logActuals('nobody', [{ id: 'x', actual: 1 }]).expect(404);
  });

  it('removes the predictions and actuals with their model', async () => {
    await registerModel('short-lived', [{ version: '1', features: FEATURES }]);
    await logPredictions('short-lived', '1', [row('s-1', now - 60_000)]).expect(202);
    await logActuals('short-lived', [{ id: 's-1', actual: 1 }]).expect(202, { accepted: 1, matched: 1, pending: 0 });
    await http(api.url, api.adminKey).delete('/api/v1/models/short-lived').expect(204);
    await registerModel('short-lived', [{ version: '1', features: FEATURES }]);
    expect((await list('short-lived', '1')).total).toBe(0);
    // The id is free again: the old key went with the model.
    await logPredictions('short-lived', '1', [row('s-1', now - 60_000, { prediction: 0 })]).expect(202, { accepted: 1, duplicates: 0 });
    expect((await list('short-lived', '1')).items[0]).toMatchObject({ id: 's-1', prediction: 0, actual: null });
  });
});

describe('retention', () => {
  it('drops whole daily partitions older than PREDICTIONS_RETENTION_DAYS', async () => {
    const retentionDatabase = await createTestDatabase();
    let retained: ApiProcess | undefined;
    try {
      const env = { THROTTLE_LIMIT: '100000', PREDICTIONS_RETENTION_DAYS: '10' };
      retained = await startApi({ database: retentionDatabase, env, startTimeoutMs: START_TIMEOUT_MS });
      const key = await createKey(retained.url, retained.adminKey, 'editor');
      const client = http(retained.url, key);
      await client.post('/api/v1/models').send({ name: 'aging', task: 'binary-classification' }).expect(201);
      await client.post('/api/v1/models/aging/versions').send({ version: '1', features: FEATURES }).expect(201);
      const now = Date.now();
      const rows = [6, 5, 4, 0.01].map((daysAgo) => row(`age-${daysAgo}`, now - daysAgo * DAY));
      await client.post('/api/v1/models/aging/versions/1/predictions').send({ rows }).expect(202, { accepted: 4, duplicates: 0 });
      await client
        .post('/api/v1/models/aging/actuals')
        .send({ rows: [{ id: 'age-6', actual: 1 }] })
        .expect(202);
      const oldDays = [6, 5, 4].map((daysAgo) => partitionOf(now - daysAgo * DAY));
      const before = await partitionNames(retentionDatabase);
      if (before !== null) expect(before).toEqual(expect.arrayContaining([...oldDays, partitionOf(now)]));

      // Restart with a 2-day retention: the maintenance pass after start-up drops the days before the cutoff's day.
      const port = retained.port;
      expect(await retained.stop()).toBe(0);
      retained = await startApi({
        database: retentionDatabase,
        env: { ...env, PREDICTIONS_RETENTION_DAYS: '2' },
        port,
        startTimeoutMs: START_TIMEOUT_MS,
      });
      const reader = http(retained.url, retained.adminKey);
      let ids: string[] = [];
      for (let attempt = 0; attempt < 60; attempt++) {
        const page = await reader.get('/api/v1/models/aging/versions/1/predictions').expect(200);
        ids = (page.body.items as PredictionItem[]).map((item) => item.id);
        if (ids.length === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(ids).toEqual(['age-0.01']);
      const after = await partitionNames(retentionDatabase);
      if (after !== null) {
        expect(after).toContain(partitionOf(now));
        for (const day of oldDays) expect(after).not.toContain(day);
      }
      // The dropped rows' ids are forgotten with them: the id may be used again.
      const reused = await http(retained.url, key)
        .post('/api/v1/models/aging/versions/1/predictions')
        .send({ rows: [row('age-6', now - 60_000)] })
        .expect(202);
      expect(reused.body).toEqual({ accepted: 1, duplicates: 0 });
      // Its old actual went too, so nothing is joined to it.
      const joined = await reader.get('/api/v1/models/aging/versions/1/predictions?hasActual=true').expect(200);
      expect(joined.body.total).toBe(0);
    } finally {
      await retained?.stop();
      await retentionDatabase.drop();
    }
  });
});

/** The daily partition holding `ms`, as docs/predictions.md names it. */
function partitionOf(ms: number): string {
  return `predictions_p${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** Partitions of `predictions` (PostgreSQL only: the embedded database is not reachable from the test). */
async function partitionNames(target: TestDatabase): Promise<string[] | null> {
  if (!usesRealPostgres() || !target.url) return null;
  return withClient(target.url, async (client) => {
    const result = await client.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'predictions'::regclass`,
    );
    return (result.rows as Array<{ name: string }>).map((row) => row.name);
  });
}
