import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, http } from '../support/http';

const DAY = 86_400_000;
// Two API starts: slow on a busy machine with the embedded database.
jest.setTimeout(180_000);

let database: TestDatabase;
let api: ApiProcess | undefined;

afterAll(async () => {
  await api?.stop();
  await database?.drop();
});

async function countSince(url: string, key: string, from: number, to: number): Promise<number> {
  const query = new URLSearchParams({
    model: 'kept-model',
    name: 'accuracy',
    agg: 'count',
    bucket: '1d',
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
  });
  const response = await http(url, key).get(`/api/v1/metrics/series?${query.toString()}`).expect(200);
  return (response.body.series as Array<{ points: Array<{ count: number }> }>)
    .flatMap((series) => series.points)
    .reduce((sum, point) => sum + point.count, 0);
}

it('deletes points older than METRICS_RETENTION_DAYS with a job that runs after start-up', async () => {
  database = await createTestDatabase();
  const env = { THROTTLE_LIMIT: '100000', METRICS_RETENTION_DAYS: '2' };
  api = await startApi({ database, env });
  const editor = await createKey(api.url, api.adminKey, 'editor');
  await http(api.url, editor).post('/api/v1/models').send({ name: 'kept-model', task: 'regression' }).expect(201);
  await http(api.url, editor).post('/api/v1/models/kept-model/versions').send({ version: '1' }).expect(201);
  const now = Date.now();
  const points = [5, 3, 2.5, 1, 0.1].map((daysAgo) => ({
    model: 'kept-model',
    version: '1',
    name: 'accuracy',
    value: daysAgo,
    timestamp: new Date(now - daysAgo * DAY).toISOString(),
  }));
  await http(api.url, editor).post('/api/v1/metrics').send({ points }).expect(202);
  expect(await countSince(api.url, editor, now - 10 * DAY, now + 60_000)).toBe(5);

  // The job's first pass runs shortly after start-up; restart so it sees the old points.
  const port = api.port;
  expect(await api.stop()).toBe(0);
  api = await startApi({ database, env, port });
  let remaining = -1;
  for (let attempt = 0; attempt < 60 && remaining !== 2; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    remaining = await countSince(api.url, api.adminKey, now - 10 * DAY, now + 60_000);
  }
  expect(remaining).toBe(2);
  expect(await countSince(api.url, api.adminKey, now - 2 * DAY + 60_000, now + 60_000)).toBe(2);
});
