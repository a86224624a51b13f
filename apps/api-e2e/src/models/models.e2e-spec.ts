import { ApiProcess, createTestDatabase, startApi, TestDatabase, withClient } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';

interface ModelBody {
  name: string;
  displayName: string;
  description: string;
  task: string;
  owner: string;
  tags: string[];
  productionVersion: string | null;
  versions?: Array<{ version: string; stage: string }>;
}

let database: TestDatabase;
let api: ApiProcess;
let viewer: string;
let editor: string;
let admin: string;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
  viewer = await createKey(api.url, api.adminKey, 'viewer', 'Vera Viewer');
  editor = await createKey(api.url, api.adminKey, 'editor', 'Eddie Editor');
  admin = await createKey(api.url, api.adminKey, 'admin', 'Ada Admin');
});

afterAll(async () => {
  await api?.stop();
  await database?.drop();
});

async function createModel(name: string, extra: Record<string, unknown> = {}): Promise<ModelBody> {
  const response = await http(api.url, editor)
    .post('/api/v1/models')
    .send({ name, task: 'binary-classification', ...extra })
    .expect(201);
  return response.body as ModelBody;
}

async function createVersion(model: string, version: string, extra: Record<string, unknown> = {}): Promise<void> {
  await http(api.url, editor)
    .post(`/api/v1/models/${model}/versions`)
    .send({ version, ...extra })
    .expect(201);
}

function setStage(model: string, version: string, stage: string, key = editor) {
  return http(api.url, key).patch(`/api/v1/models/${model}/versions/${version}`).send({ stage });
}

describe('models', () => {
  it('creates a model with defaults (editor) and refuses a duplicate name with 409', async () => {
    const created = await createModel('churn-model', { tags: ['crm', 'team-a'], owner: 'data-team' });
    expect(created).toEqual(
      expect.objectContaining({
        name: 'churn-model',
        displayName: 'churn-model',
        description: '',
        task: 'binary-classification',
        owner: 'data-team',
        tags: ['crm', 'team-a'],
        productionVersion: null,
        id: expect.any(String),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      }),
    );
    const duplicate = await http(api.url, editor).post('/api/v1/models').send({ name: 'churn-model', task: 'regression' }).expect(409);
    expectErrorShape(duplicate.body, 409);
    expect(duplicate.body.message).toContain('churn-model');
  });

  it('validates the name slug, the task and unknown fields', async () => {
    const response = await http(api.url, editor)
      .post('/api/v1/models')
      .send({ name: 'Bad Name', task: 'clustering', extra: 1 })
      .expect(400);
    expectErrorShape(response.body, 400);
    const fields = (response.body.details as Array<{ field: string }>).map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'task', 'extra']));
  });

  it('lets viewers read but not write, and only admins delete', async () => {
    await createModel('roles-model');
    await http(api.url, viewer).get('/api/v1/models').expect(200);
    await http(api.url, viewer).get('/api/v1/models/roles-model').expect(200);
    await http(api.url, viewer).get('/api/v1/models/roles-model/versions').expect(200);
    await http(api.url, viewer).post('/api/v1/models').send({ name: 'nope-model', task: 'regression' }).expect(403);
    await http(api.url, viewer).patch('/api/v1/models/roles-model').send({ owner: 'x' }).expect(403);
    await http(api.url, viewer).post('/api/v1/models/roles-model/versions').send({ version: '1' }).expect(403);
    await createVersion('roles-model', '1');
    await setStage('roles-model', '1', 'staging', viewer).expect(403);
    await http(api.url, editor).delete('/api/v1/models/roles-model').expect(403);
    await http(api.url).get('/api/v1/models').expect(401);
    await http(api.url, admin).delete('/api/v1/models/roles-model').expect(204);
    await http(api.url, viewer).get('/api/v1/models/roles-model').expect(404);
  });

  it('lists with search, tag, task and pagination', async () => {
    await createModel('list-alpha', { tags: ['wearables'], description: 'Detects 100% STRESS' });
    await createModel('list-beta', { tags: ['wearables', 'beta'], task: 'regression', displayName: 'Beta regressor' });
    await createModel('list-gamma', { task: 'multiclass-classification' });

    const byTag = await http(api.url, viewer).get('/api/v1/models?tag=wearables').expect(200);
    expect(byTag.body.total).toBe(2);
    expect(byTag.body.items.map((model: ModelBody) => model.name)).toEqual(['list-alpha', 'list-beta']);

    const byTask = await http(api.url, viewer).get('/api/v1/models?task=regression').expect(200);
    expect(byTask.body.items.map((model: ModelBody) => model.name)).toEqual(['list-beta']);

    const bySearch = await http(api.url, viewer).get('/api/v1/models?search=regressor').expect(200);
    expect(bySearch.body.items.map((model: ModelBody) => model.name)).toEqual(['list-beta']);
    // `%` is a literal character, not a wildcard.
    const literal = await http(api.url, viewer)
      .get(`/api/v1/models?search=${encodeURIComponent('100%')}`)
      .expect(200);
    expect(literal.body.items.map((model: ModelBody) => model.name)).toEqual(['list-alpha']);
    const caseless = await http(api.url, viewer).get('/api/v1/models?search=stress').expect(200);
    expect(caseless.body.items.map((model: ModelBody) => model.name)).toEqual(['list-alpha']);

    const page = await http(api.url, viewer).get('/api/v1/models?search=list-&limit=2&offset=1').expect(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((model: ModelBody) => model.name)).toEqual(['list-beta', 'list-gamma']);
    // A page past the end still says how many there are; a search matching nothing says 0.
    const pastEnd = await http(api.url, viewer).get('/api/v1/models?search=list-&limit=2&offset=5').expect(200);
    expect(pastEnd.body).toEqual({ items: [], total: 3 });
    const none = await http(api.url, viewer).get('/api/v1/models?search=no-such-model').expect(200);
    expect(none.body).toEqual({ items: [], total: 0 });

    const bad = await http(api.url, viewer).get('/api/v1/models?limit=0&task=clustering').expect(400);
    expectErrorShape(bad.body, 400);
  });

  it('patches a model and 404s an unknown one by name', async () => {
    await createModel('patch-model');
    const patched = await http(api.url, editor)
      .patch('/api/v1/models/patch-model')
      .send({ displayName: 'Patched', tags: ['x'], description: 'new' })
      .expect(200);
    expect(patched.body).toEqual(expect.objectContaining({ displayName: 'Patched', tags: ['x'], description: 'new', owner: '' }));
    const missing = await http(api.url, editor).patch('/api/v1/models/ghost-model').send({ owner: 'x' }).expect(404);
    expectErrorShape(missing.body, 404);
    expect(missing.body.message).toContain('"ghost-model"');
    const notFound = await http(api.url, viewer).get('/api/v1/models/ghost-model').expect(404);
    expect(notFound.body.message).toContain('"ghost-model"');
    await http(api.url, editor).patch('/api/v1/models/patch-model').send({ name: 'renamed' }).expect(400);
  });
});

describe('versions and stages', () => {
  it('registers versions (starting in none), refuses duplicates, lists newest first and 404s by name', async () => {
    await createModel('ver-model');
    const features = [
      { name: 'heart_rate', type: 'numerical', role: 'feature' },
      { name: 'label', type: 'categorical', role: 'target' },
    ];
    const created = await http(api.url, editor)
      .post('/api/v1/models/ver-model/versions')
      .send({ version: '1.0.0', framework: 'sklearn', trainingMetrics: { accuracy: 0.9 }, features })
      .expect(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        model: 'ver-model',
        version: '1.0.0',
        stage: 'none',
        framework: 'sklearn',
        trainingMetrics: { accuracy: 0.9 },
        features,
        description: '',
      }),
    );
    await createVersion('ver-model', '1.1.0');
    const duplicate = await http(api.url, editor).post('/api/v1/models/ver-model/versions').send({ version: '1.0.0' }).expect(409);
    expect(duplicate.body.message).toContain('1.0.0');

    const list = await http(api.url, viewer).get('/api/v1/models/ver-model/versions').expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((version: { version: string }) => version.version)).toEqual(['1.1.0', '1.0.0']);

    const one = await http(api.url, viewer).get('/api/v1/models/ver-model/versions/1.0.0').expect(200);
    expect(one.body.features).toEqual(features);

    const detail = await http(api.url, viewer).get('/api/v1/models/ver-model').expect(200);
    expect(detail.body.versions).toEqual([
      expect.objectContaining({ version: '1.1.0', stage: 'none' }),
      expect.objectContaining({ version: '1.0.0', stage: 'none' }),
    ]);

    const unknownVersion = await http(api.url, viewer).get('/api/v1/models/ver-model/versions/9.9.9').expect(404);
    expectErrorShape(unknownVersion.body, 404);
    expect(unknownVersion.body.message).toContain('"9.9.9"');
    expect(unknownVersion.body.message).toContain('"ver-model"');
    const unknownModel = await http(api.url, viewer).get('/api/v1/models/no-such-model/versions/1.0.0').expect(404);
    expect(unknownModel.body.message).toContain('"no-such-model"');
    await http(api.url, editor).post('/api/v1/models/no-such-model/versions').send({ version: '1' }).expect(404);
    await http(api.url, viewer).get('/api/v1/models/no-such-model/versions/1/stage-history').expect(404);
  });

  it('promoting archives the previous production version and records every change with the actor', async () => {
    await createModel('promo-model');
    await createVersion('promo-model', 'a');
    await createVersion('promo-model', 'b');
    await setStage('promo-model', 'a', 'staging').expect(200);
    const promoted = await setStage('promo-model', 'a', 'production').expect(200);
    expect(promoted.body.stage).toBe('production');
    expect((await http(api.url, viewer).get('/api/v1/models/promo-model').expect(200)).body.productionVersion).toBe('a');

    await setStage('promo-model', 'b', 'production', admin).expect(200);
    const a = await http(api.url, viewer).get('/api/v1/models/promo-model/versions/a').expect(200);
    expect(a.body.stage).toBe('archived');
    expect((await http(api.url, viewer).get('/api/v1/models/promo-model').expect(200)).body.productionVersion).toBe('b');

    // Same stage again: nothing changes, nothing is recorded.
    await setStage('promo-model', 'b', 'production').expect(200);

    const historyA = await http(api.url, viewer).get('/api/v1/models/promo-model/versions/a/stage-history').expect(200);
    expect(historyA.body.items.map((c: { from: string; to: string; actor: string }) => [c.from, c.to, c.actor])).toEqual([
      ['none', 'staging', 'Eddie Editor'],
      ['staging', 'production', 'Eddie Editor'],
      ['production', 'archived', 'Ada Admin'],
    ]);
    const historyB = await http(api.url, viewer).get('/api/v1/models/promo-model/versions/b/stage-history').expect(200);
    expect(historyB.body.items).toEqual([{ from: 'none', to: 'production', actor: 'Ada Admin', at: expect.any(String) }]);
    expect(Date.parse(historyB.body.items[0].at)).not.toBeNaN();

    const described = await http(api.url, editor)
      .patch('/api/v1/models/promo-model/versions/a')
      .send({ description: 'first try' })
      .expect(200);
    expect(described.body).toEqual(expect.objectContaining({ description: 'first try', stage: 'archived' }));
    await setStage('promo-model', 'a', 'retired').expect(400);
  });

  it('never leaves two production versions under parallel promotions', async () => {
    await createModel('race-model');
    const versions = Array.from({ length: 8 }, (_, index) => `v${index}`);
    for (const version of versions) await createVersion('race-model', version);

    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all(versions.map((version) => setStage('race-model', version, 'production')));
      // Serialised by the model lock: every promotion succeeds in turn.
      expect(responses.map((response) => response.status)).toEqual(versions.map(() => 200));
      const list = await http(api.url, viewer).get('/api/v1/models/race-model/versions?limit=200').expect(200);
      const production = list.body.items.filter((version: { stage: string }) => version.stage === 'production');
      expect(production).toHaveLength(1);
      const detail = await http(api.url, viewer).get('/api/v1/models/race-model').expect(200);
      expect(detail.body.productionVersion).toBe(production[0].version);
    }

    // The audit trail agrees: every demotion from production matches a promotion before it.
    let promotions = 0;
    let demotions = 0;
    for (const version of versions) {
      const history = await http(api.url, viewer).get(`/api/v1/models/race-model/versions/${version}/stage-history`).expect(200);
      for (const change of history.body.items as Array<{ from: string; to: string }>) {
        if (change.to === 'production') promotions++;
        if (change.from === 'production') demotions++;
      }
    }
    expect(promotions - demotions).toBe(1);

    if (database.url) {
      // The database itself refuses a second production version, whatever the application does.
      await expect(
        withClient(database.url, (client) =>
          client.query(
            `UPDATE model_versions SET stage = 'production'
             WHERE model_id = (SELECT id FROM models WHERE name = 'race-model') AND stage <> 'production'`,
          ),
        ),
      ).rejects.toThrow(/model_versions_one_production_key/);
    }
  });

  it('deletes a model with its versions and history (admin), and the name can be reused', async () => {
    await createModel('gone-model');
    await createVersion('gone-model', '1');
    await setStage('gone-model', '1', 'production').expect(200);
    await http(api.url, admin).delete('/api/v1/models/gone-model').expect(204);
    await http(api.url, viewer).get('/api/v1/models/gone-model/versions/1').expect(404);
    const again = await http(api.url, admin).delete('/api/v1/models/gone-model').expect(404);
    expect(again.body.message).toContain('"gone-model"');
    await createModel('gone-model');
    const versions = await http(api.url, viewer).get('/api/v1/models/gone-model/versions').expect(200);
    expect(versions.body).toEqual({ items: [], total: 0 });
  });
});
