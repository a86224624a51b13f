import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { upload } from '../datasets/datasets-support';
import { createKey, expectErrorShape, http } from '../support/http';

let database: TestDatabase;
let api: ApiProcess;
let editor: string;
let viewer: string;
let referenceId: string;
let partialId: string;
let otherModelDatasetId: string;

const FEATURES = [
  { name: 'heart_rate', type: 'numerical', role: 'feature' },
  { name: 'device', type: 'categorical', role: 'feature' },
  { name: 'stressed', type: 'categorical', role: 'target' },
];
const REFERENCE_CSV = 'heart_rate,device,stressed,predicted\n70,watch,0,0\n95,ring,1,1\n82,watch,0,1\n';
const PATH = '/api/v1/models/detector/versions/1/monitoring';

async function uploadFor(model: string, csv: string): Promise<string> {
  const response = await upload(api.url, editor, csv, { name: `${model} reference`, model, version: '1', role: 'reference' }).expect(201);
  return (response.body as { id: string }).id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
  editor = await createKey(api.url, api.adminKey, 'editor');
  viewer = await createKey(api.url, api.adminKey, 'viewer');
  for (const model of ['detector', 'other']) {
    await http(api.url, editor).post('/api/v1/models').send({ name: model, task: 'binary-classification' }).expect(201);
    await http(api.url, editor).post(`/api/v1/models/${model}/versions`).send({ version: '1', features: FEATURES }).expect(201);
  }
  await http(api.url, editor).post('/api/v1/models/detector/versions').send({ version: 'bare' }).expect(201);
  referenceId = await uploadFor('detector', REFERENCE_CSV);
  partialId = await uploadFor('detector', 'heart_rate,stressed\n70,0\n95,1\n');
  otherModelDatasetId = await uploadFor('other', REFERENCE_CSV);
});

afterAll(async () => {
  await api?.stop();
  await database?.drop();
});

it('answers 404 before a configuration exists, saying how to create one', async () => {
  const response = await http(api.url, viewer).get(PATH).expect(404);
  expectErrorShape(response.body, 404);
  expect(response.body.message).toContain('PUT /api/v1/models/detector/versions/1/monitoring');
});

it('stores a configuration with defaults, returns it on GET, and replaces it on a second PUT', async () => {
  const created = await http(api.url, editor).put(PATH).send({ referenceDatasetId: referenceId, window: '1d', enabled: true }).expect(200);
  expect(created.body).toEqual({
    model: 'detector',
    version: '1',
    referenceDatasetId: referenceId,
    window: '1d',
    stattest: null,
    threshold: null,
    driftShare: 0.5,
    minRows: 100,
    enabled: true,
    updatedBy: 'editor-key',
    updatedAt: expect.any(String),
  });
  expect((await http(api.url, viewer).get(PATH).expect(200)).body).toEqual(created.body);

  const replaced = await http(api.url, editor)
    .put(PATH)
    .send({ referenceDatasetId: referenceId, window: '1h', stattest: 'psi', threshold: 0.2, driftShare: 0.3, minRows: 10, enabled: false })
    .expect(200);
  expect(replaced.body).toMatchObject({ window: '1h', stattest: 'psi', threshold: 0.2, driftShare: 0.3, minRows: 10, enabled: false });
  expect((await http(api.url, viewer).get(PATH).expect(200)).body).toEqual(replaced.body);
});

it('refuses a reference of another model, one lacking declared features, and unknown datasets', async () => {
  const foreign = await http(api.url, editor)
    .put(PATH)
    .send({ referenceDatasetId: otherModelDatasetId, window: '1d', enabled: true })
    .expect(400);
  expectErrorShape(foreign.body, 400);
  expect(foreign.body.details).toEqual([
    { field: 'referenceDatasetId', message: expect.stringContaining('does not belong to model "detector"') },
  ]);

  const partial = await http(api.url, editor).put(PATH).send({ referenceDatasetId: partialId, window: '1d', enabled: true }).expect(400);
  expect(partial.body.message).toContain('lacks declared feature device');

  const unknown = await http(api.url, editor)
    .put(PATH)
    .send({ referenceDatasetId: '00000000-0000-4000-8000-000000000000', window: '1d', enabled: true })
    .expect(404);
  expect(unknown.body.message).toContain('not found');
  // The stored configuration is unchanged.
  expect((await http(api.url, viewer).get(PATH).expect(200)).body.window).toBe('1h');
});

it('validates the fields, needs an editor to change and a version with declared features', async () => {
  const bad = await http(api.url, editor)
    .put(PATH)
    .send({ referenceDatasetId: referenceId, window: '2d', driftShare: 1.5, minRows: 0, enabled: 'yes' })
    .expect(400);
  expectErrorShape(bad.body, 400);
  const fields = (bad.body.details as Array<{ field: string }>).map((detail) => detail.field).sort();
  expect(fields).toEqual(['driftShare', 'enabled', 'minRows', 'window']);

  await http(api.url, viewer).put(PATH).send({ referenceDatasetId: referenceId, window: '1d', enabled: true }).expect(403);
  const bare = await http(api.url, editor)
    .put('/api/v1/models/detector/versions/bare/monitoring')
    .send({ referenceDatasetId: referenceId, window: '1d', enabled: true })
    .expect(422);
  expect(bare.body.message).toContain('declares no features');
  await http(api.url, viewer).get('/api/v1/models/detector/versions/9/monitoring').expect(404);
});

it('goes with its reference dataset', async () => {
  const path = '/api/v1/models/other/versions/1/monitoring';
  await http(api.url, editor).put(path).send({ referenceDatasetId: otherModelDatasetId, window: '7d', enabled: true }).expect(200);
  await http(api.url, api.adminKey).delete(`/api/v1/datasets/${otherModelDatasetId}`).expect(204);
  await http(api.url, viewer).get(path).expect(404);
});
