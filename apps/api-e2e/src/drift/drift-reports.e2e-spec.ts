import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';
import { bigCsv, DriftExpectation, fixtures, idleProbeP90, p90, probeWhile, upload } from '../datasets/datasets-support';

/** Agreement with SciPy: 1e-6 relative, 1e-12 absolute for tiny values. */
function expectAgreement(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) {
    expect({ what, actual }).toEqual({ what, actual: null });
    return;
  }
  if (actual === null) throw new Error(`${what}: expected ${expected}, got null`);
  const tolerance = Math.max(Math.abs(expected) * 1e-6, 1e-12);
  if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

interface ColumnResult {
  column: string;
  type: string;
  stattest: string;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  reference: { histogram: { edges?: number[]; values?: string[]; counts: number[] } };
  current: { histogram: { edges?: number[]; values?: string[]; counts: number[] } };
}

function expectReport(
  body: { columns: ColumnResult[]; driftedColumns: number; totalColumns: number; datasetDrift: boolean; driftShare: number },
  expected: DriftExpectation,
): void {
  expect(body.columns.map((column) => column.column)).toEqual(Object.keys(expected.columns));
  for (const column of body.columns) {
    const want = expected.columns[column.column];
    expect({ column: column.column, stattest: column.stattest, threshold: column.threshold, drifted: column.drifted }).toEqual({
      column: column.column,
      stattest: want.stattest,
      threshold: want.threshold,
      drifted: want.drifted,
    });
    expectAgreement(column.statistic, want.statistic, `${column.column} ${column.stattest} statistic`);
    expectAgreement(column.pValue, want.pValue, `${column.column} ${column.stattest} p-value`);
    for (const side of [column.reference.histogram, column.current.histogram]) {
      if (side.edges) expect(side.edges).toHaveLength(side.counts.length + 1);
      else expect(side.values).toHaveLength(side.counts.length);
    }
  }
  expect(body.driftedColumns).toBe(expected.driftedColumns);
  expect(body.totalColumns).toBe(expected.totalColumns);
  expect(body.driftShare).toBeCloseTo(expected.driftedColumns / expected.totalColumns, 12);
  expect(body.datasetDrift).toBe(expected.datasetDrift);
}

describe('drift reports', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let viewer: string;
  let editor: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
    viewer = await createKey(api.url, api.adminKey, 'viewer');
    editor = await createKey(api.url, api.adminKey, 'editor');
    for (const size of ['small', 'large'] as const) {
      for (const role of ['reference', 'current'] as const) {
        const response = await upload(api.url, editor, fixtures.drift[size][role], { name: `${size} ${role}`, role }).expect(201);
        ids[`${size}-${role}`] = response.body.id;
      }
    }
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('compares small datasets with KS, chi-square and z-tests equal to SciPy (default tests, datetime left out)', async () => {
    const response = await http(api.url, editor)
      .post('/api/v1/drift-reports')
      .send({ referenceDatasetId: ids['small-reference'], currentDatasetId: ids['small-current'] })
      .expect(201);
    expect(response.body).toMatchObject({
      referenceDatasetId: ids['small-reference'],
      currentDatasetId: ids['small-current'],
      model: null,
      version: null,
      driftShareThreshold: 0.5,
    });
    expectReport(response.body, fixtures.drift.small.expected);
    const stored = await http(api.url, viewer).get(`/api/v1/drift-reports/${response.body.id}`).expect(200);
    expect(stored.body).toEqual(response.body);
  });

  it('compares large datasets with Wasserstein and Jensen-Shannon equal to SciPy', async () => {
    const response = await http(api.url, editor)
      .post('/api/v1/drift-reports')
      .send({ referenceDatasetId: ids['large-reference'], currentDatasetId: ids['large-current'] })
      .expect(201);
    expectReport(response.body, fixtures.drift.large.expected);
  });

  it('honours a forced stattest, threshold, driftShare and column list (PSI)', async () => {
    const response = await http(api.url, editor)
      .post('/api/v1/drift-reports')
      .send({ referenceDatasetId: ids['large-reference'], currentDatasetId: ids['large-current'], ...fixtures.drift.largePsi.request })
      .expect(201);
    expectReport(response.body, fixtures.drift.largePsi.expected);
    expect(response.body).toMatchObject({ stattest: 'psi', threshold: 0.05, driftShareThreshold: 0.3 });
  });

  it('applies a forced test to the columns it fits; the others keep their default test', async () => {
    const response = await http(api.url, editor)
      .post('/api/v1/drift-reports')
      .send({ referenceDatasetId: ids['small-reference'], currentDatasetId: ids['small-current'], stattest: 'wasserstein' })
      .expect(201);
    const tests = Object.fromEntries(response.body.columns.map((column: ColumnResult) => [column.column, column.stattest]));
    expect(tests).toEqual({
      heart_rate: 'wasserstein',
      eda: 'wasserstein',
      activity: 'chisquare',
      device: 'z',
      level: 'wasserstein',
      stress_label: 'wasserstein',
    });
  });

  it('lists reports newest first without per-column results, and needs editor to create', async () => {
    const list = await http(api.url, viewer).get('/api/v1/drift-reports?limit=2').expect(200);
    expect(list.body.total).toBeGreaterThanOrEqual(3);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0].columns).toBeUndefined();
    expect(new Date(list.body.items[0].createdAt).getTime()).toBeGreaterThanOrEqual(new Date(list.body.items[1].createdAt).getTime());
    const none = await http(api.url, viewer).get('/api/v1/drift-reports?model=unknown-model').expect(200);
    expect(none.body).toEqual({ items: [], total: 0 });
    await http(api.url, viewer)
      .post('/api/v1/drift-reports')
      .send({ referenceDatasetId: ids['small-reference'], currentDatasetId: ids['small-current'] })
      .expect(403);
    await http(api.url).get('/api/v1/drift-reports').expect(401);
    const missing = await http(api.url, viewer).get('/api/v1/drift-reports/6f1c1e9e-8a4b-4c11-9a55-0d3f9b1d2e3f').expect(404);
    expectErrorShape(missing.body, 404);
  });

  it.each([
    ['an unknown stattest', { stattest: 'anova' }, 400, /stattest must be one of/],
    ['a negative threshold', { threshold: -1 }, 400, /threshold/],
    ['a driftShare above 1', { driftShare: 2 }, 400, /driftShare/],
    ['an unknown column', { columns: ['pulse'] }, 400, /"pulse" is not a column/],
    ['a datetime column', { columns: ['recorded'] }, 400, /"recorded" is a datetime column/],
    ['an id that is not a UUID', { referenceDatasetId: 'nope' }, 400, /referenceDatasetId/],
    ['an unknown dataset', { currentDatasetId: '6f1c1e9e-8a4b-4c11-9a55-0d3f9b1d2e3f' }, 404, /currentDatasetId: dataset .* not found/],
  ])('refuses %s with a readable message', async (_label, overrides, status, message) => {
    const before = (await http(api.url, viewer).get('/api/v1/drift-reports').expect(200)).body.total;
    const response = await http(api.url, editor)
      .post('/api/v1/drift-reports')
      .send({ referenceDatasetId: ids['small-reference'], currentDatasetId: ids['small-current'], ...overrides });
    expect(response.status).toBe(status);
    expectErrorShape(response.body, status);
    expect(response.body.message).toMatch(message);
    expect((await http(api.url, viewer).get('/api/v1/drift-reports').expect(200)).body.total).toBe(before);
  });

  it('ties datasets to a registered model version, records drift_share, and goes when the model is deleted', async () => {
    await http(api.url, editor).post('/api/v1/models').send({ name: 'wear-drift', task: 'binary-classification' }).expect(201);
    await http(api.url, editor).post('/api/v1/models/wear-drift/versions').send({ version: '2.0.0' }).expect(201);
    const unknown = await upload(api.url, editor, fixtures.drift.small.reference, { name: 'r', model: 'wear-drift', version: '9.9.9' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/9\.9\.9/);
    const reference = await upload(api.url, editor, fixtures.drift.small.reference, {
      name: 'ref',
      role: 'reference',
      model: 'wear-drift',
      version: '2.0.0',
    }).expect(201);
    expect(reference.body).toMatchObject({ model: 'wear-drift', version: '2.0.0' });
    const current = await upload(api.url, editor, 'heart_rate,eda,activity,pulse\n70,2.1,walk,1\n75,2.4,run,2\n', {
      name: 'cur',
      role: 'current',
      model: 'wear-drift',
      version: '2.0.0',
    }).expect(201);
    expect(current.body.warnings).toContainEqual(expect.objectContaining({ code: 'not-in-reference', column: 'pulse' }));
    const listed = await http(api.url, viewer).get('/api/v1/datasets?model=wear-drift&role=current').expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([current.body.id]);

    const report = await http(api.url, editor)
      .post('/api/v1/drift-reports')
      .send({ referenceDatasetId: reference.body.id, currentDatasetId: current.body.id })
      .expect(201);
    expect(report.body).toMatchObject({ model: 'wear-drift', version: '2.0.0', totalColumns: 3 });
    const latest = await http(api.url, viewer).get('/api/v1/models/wear-drift/metrics/latest').expect(200);
    const point = latest.body.items.find((item: { name: string }) => item.name === 'drift_share');
    expect(point).toMatchObject({ version: '2.0.0', name: 'drift_share' });
    expect(point.value).toBeCloseTo(report.body.driftShare, 12);
    const byModel = await http(api.url, viewer).get('/api/v1/drift-reports?model=wear-drift').expect(200);
    expect(byModel.body.items.map((item: { id: string }) => item.id)).toEqual([report.body.id]);

    await http(api.url, api.adminKey).delete('/api/v1/models/wear-drift').expect(204);
    await http(api.url, viewer).get(`/api/v1/datasets/${reference.body.id}`).expect(404);
    await http(api.url, viewer).get(`/api/v1/datasets/${current.body.id}`).expect(404);
    await http(api.url, viewer).get(`/api/v1/drift-reports/${report.body.id}`).expect(404);
  });

  it('deleting a dataset deletes its reports', async () => {
    const reference = await upload(api.url, editor, 'x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,c\n', {
      name: 'short-lived',
      role: 'reference',
    }).expect(201);
    const report = await http(api.url, editor)
      .post('/api/v1/drift-reports')
      .send({ referenceDatasetId: reference.body.id, currentDatasetId: reference.body.id })
      .expect(201);
    expect(report.body.driftedColumns).toBe(0);
    await http(api.url, api.adminKey).delete(`/api/v1/datasets/${reference.body.id}`).expect(204);
    await http(api.url, viewer).get(`/api/v1/drift-reports/${report.body.id}`).expect(404);
  });

  it('keeps /health/live answering while a large report is computed', async () => {
    const reference = await upload(api.url, editor, bigCsv(120_000, 3), { name: 'big reference', role: 'reference' }).expect(201);
    const current = await upload(api.url, editor, bigCsv(120_000, 4), { name: 'big current', role: 'current' }).expect(201);
    const idle = await idleProbeP90(api.url);
    const work = http(api.url, editor)
      .post('/api/v1/drift-reports')
      .send({ referenceDatasetId: reference.body.id, currentDatasetId: current.body.id, stattest: 'ks' })
      .then((response) => response);
    const { result, latencies } = await probeWhile(api.url, work, 20);
    expect(result.status).toBe(201);
    expect(result.body.totalColumns).toBe(12);
    expect(latencies.length).toBeGreaterThan(1);
    expect(p90(latencies) - idle).toBeLessThan(200);
  });
});
