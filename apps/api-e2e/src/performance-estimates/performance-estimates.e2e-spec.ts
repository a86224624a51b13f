import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { expectClose, upload } from '../datasets/datasets-support';
import { createKey, expectErrorShape, http } from '../support/http';

/** Written by tools/fixtures/performance_estimates_e2e_fixtures.py (scikit-learn via tools/fixtures/cbpe_reference.py). */
interface Band {
  value: number;
  lower: number;
  upper: number;
}
interface Expected {
  calibration: { method: string; eceBefore: number; eceAfter: number };
  rows: { reference: number; current: number; labelled: number };
  estimated: Record<string, Band | null>;
  realized: Record<string, number | null> | null;
  warningCodes: string[];
}
interface Fixtures {
  positiveLabel: string;
  wellCalibrated: { reference: string; current: string; expected: Expected };
  miscalibrated: { reference: string; current: string; expected: { isotonic: Expected; none: Expected } };
  unlabelledCurrent: { current: string; expected: Expected };
  repeats: Array<{ current: string; expected: Expected }>;
}
const fixtures: Fixtures = JSON.parse(readFileSync(join(__dirname, 'fixtures.json'), 'utf8'));
const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'specificity', 'rocAuc'];

interface EstimateBody {
  id: string;
  model: string | null;
  version: string | null;
  referenceDatasetId: string;
  currentDatasetId: string;
  calibration: Expected['calibration'];
  rows: Expected['rows'];
  estimated: Record<string, Band | null>;
  realized: Record<string, number | null> | null;
  warnings: Array<{ code: string; message: string }>;
  createdAt: string;
}

/** Equal to scikit-learn to 1e-9 relative; the drift warning is the drift test's, checked in the drift specs. */
function expectEstimate(body: EstimateBody, expected: Expected): void {
  expectClose(body.calibration, expected.calibration, 'calibration');
  expect(body.rows).toEqual(expected.rows);
  expect(Object.keys(body.estimated).sort()).toEqual([...METRICS].sort());
  expectClose(body.estimated, expected.estimated, 'estimated');
  if (expected.realized === null) expect(body.realized).toBeNull();
  else expectClose(body.realized, expected.realized, 'realized');
  const codes = body.warnings.map((warning) => warning.code).filter((code) => code !== 'probability-drift');
  expect(codes).toEqual(expected.warningCodes);
  for (const warning of body.warnings) expect(warning.message.length).toBeGreaterThan(20);
}

const COLUMNS = { predictionColumn: 'predicted_state', probabilityColumn: 'stress_probability' };

describe('performance estimates (CBPE)', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let viewer: string;
  let editor: string;
  const ids: Record<string, string> = {};

  const estimate = (key: string, body: Record<string, unknown>) => http(api.url, key).post('/api/v1/performance-estimates').send(body);
  const uploadDataset = async (name: string, csv: string, fields: Record<string, string>) =>
    (await upload(api.url, editor, csv, { name, positiveLabel: fixtures.positiveLabel, ...COLUMNS, ...fields }).expect(201)).body
      .id as string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
    viewer = await createKey(api.url, api.adminKey, 'viewer');
    editor = await createKey(api.url, api.adminKey, 'editor');
    await http(api.url, editor).post('/api/v1/models').send({ name: 'stress-detector', task: 'binary-classification' }).expect(201);
    await http(api.url, editor).post('/api/v1/models/stress-detector/versions').send({ version: '1.0.0' }).expect(201);
    const model = { model: 'stress-detector', version: '1.0.0' };
    ids.wellReference = await uploadDataset('well reference', fixtures.wellCalibrated.reference, {
      role: 'reference',
      targetColumn: 'state',
      ...model,
    });
    ids.wellCurrent = await uploadDataset('well current', fixtures.wellCalibrated.current, {
      role: 'current',
      targetColumn: 'state',
      ...model,
    });
    ids.misReference = await uploadDataset('miscalibrated reference', fixtures.miscalibrated.reference, {
      role: 'reference',
      targetColumn: 'state',
    });
    ids.misCurrent = await uploadDataset('miscalibrated current', fixtures.miscalibrated.current, {
      role: 'current',
      targetColumn: 'state',
    });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('estimates a well-calibrated model equal to scikit-learn, close to the realized quality, and stores it', async () => {
    const response = await estimate(editor, { referenceDatasetId: ids.wellReference, currentDatasetId: ids.wellCurrent }).expect(201);
    const body: EstimateBody = response.body;
    expect(body).toMatchObject({
      model: 'stress-detector',
      version: '1.0.0',
      referenceDatasetId: ids.wellReference,
      currentDatasetId: ids.wellCurrent,
    });
    expectEstimate(body, fixtures.wellCalibrated.expected);
    for (const metric of METRICS) {
      const band = body.estimated[metric] as Band;
      expect(Math.abs(band.value - (body.realized?.[metric] as number))).toBeLessThan(0.05);
    }
    const stored = await http(api.url, viewer).get(`/api/v1/performance-estimates/${body.id}`).expect(200);
    expect(stored.body).toEqual(body);
  });

  it('holds the realized metric inside the 95 % band in most of 20 simulated current datasets', async () => {
    const inside: Record<string, number> = Object.fromEntries(METRICS.map((metric) => [metric, 0]));
    for (const [index, repeat] of fixtures.repeats.entries()) {
      const currentId = await uploadDataset(`repeat ${index}`, repeat.current, { role: 'current', targetColumn: 'state' });
      const response = await estimate(editor, { referenceDatasetId: ids.wellReference, currentDatasetId: currentId }).expect(201);
      expectEstimate(response.body, repeat.expected);
      for (const metric of METRICS) {
        const band = response.body.estimated[metric] as Band;
        const realized = response.body.realized[metric] as number;
        if (band.lower <= realized && realized <= band.upper) inside[metric] += 1;
      }
    }
    // 95 % bands: 19 of 20 expected; at least 17 each (the fixture script prints 18 to 20).
    for (const metric of METRICS) expect({ metric, inside: inside[metric] >= 17 }).toEqual({ metric, inside: true });
  });

  it('corrects a miscalibrated model with isotonic calibration; without it the estimate is biased and says so', async () => {
    const isotonic = await estimate(editor, { referenceDatasetId: ids.misReference, currentDatasetId: ids.misCurrent }).expect(201);
    expectEstimate(isotonic.body, fixtures.miscalibrated.expected.isotonic);
    expect(isotonic.body).toMatchObject({ model: null, version: null });
    const none = await estimate(editor, {
      referenceDatasetId: ids.misReference,
      currentDatasetId: ids.misCurrent,
      calibration: 'none',
    }).expect(201);
    expectEstimate(none.body, fixtures.miscalibrated.expected.none);
    const realized = isotonic.body.realized.precision as number;
    expect(Math.abs(isotonic.body.estimated.precision.value - realized)).toBeLessThan(0.03);
    expect(none.body.estimated.precision.value - realized).toBeGreaterThan(0.15);
    expect(isotonic.body.warnings.map((warning: { code: string }) => warning.code)).toContain('reference-miscalibrated');
    expect(none.body.warnings.map((warning: { code: string }) => warning.code)).toContain('calibration-insufficient');
  });

  it('estimates a current dataset without targets (realized null) and lists estimates by model and dataset', async () => {
    const currentId = await uploadDataset('unlabelled current', fixtures.unlabelledCurrent.current, {
      role: 'current',
      model: 'stress-detector',
      version: '1.0.0',
    });
    const response = await estimate(editor, { referenceDatasetId: ids.wellReference, currentDatasetId: currentId }).expect(201);
    expectEstimate(response.body, fixtures.unlabelledCurrent.expected);
    expect(response.body.realized).toBeNull();

    const byDataset = await http(api.url, viewer).get(`/api/v1/performance-estimates?currentDatasetId=${currentId}`).expect(200);
    expect(byDataset.body).toEqual({ items: [response.body], total: 1 });
    const byModel = await http(api.url, viewer).get('/api/v1/performance-estimates?model=stress-detector&limit=1').expect(200);
    // The repeats' current datasets have no model: an estimate belongs to the reference's model then.
    expect(byModel.body.total).toBe(1 + 20 + 1);
    expect(byModel.body.items.map((item: EstimateBody) => item.id)).toEqual([response.body.id]);
    const all = await http(api.url, viewer).get('/api/v1/performance-estimates?limit=200').expect(200);
    expect(all.body.total).toBe(1 + 20 + 2 + 1);
  });

  it('answers 422 naming what is missing, 404 for unknown datasets, 400 for a bad request', async () => {
    const noProbability = (
      await upload(api.url, editor, 'x,predicted_state,state\n1,calm,calm\n2,stressed,calm\n', {
        name: 'no probability',
        predictionColumn: 'predicted_state',
        targetColumn: 'state',
      }).expect(201)
    ).body.id;
    const missing = await estimate(editor, { referenceDatasetId: ids.wellReference, currentDatasetId: noProbability }).expect(422);
    expectErrorShape(missing.body, 422);
    expect(missing.body.message).toMatch(/no probabilityColumn/);
    expect(missing.body.details).toEqual([{ field: 'currentDatasetId', message: expect.stringMatching(/no probabilityColumn/) }]);

    const noTarget = await estimate(editor, { referenceDatasetId: noProbability, currentDatasetId: ids.wellCurrent }).expect(422);
    expect(noTarget.body.message).toMatch(/has no probabilityColumn/);

    const unlabelledReference = await upload(api.url, editor, fixtures.unlabelledCurrent.current, {
      name: 'reference without target',
      ...COLUMNS,
    }).expect(201);
    const noTargetColumn = await estimate(editor, {
      referenceDatasetId: unlabelledReference.body.id,
      currentDatasetId: ids.wellCurrent,
    }).expect(422);
    expect(noTargetColumn.body.message).toMatch(/"reference without target" has no targetColumn/);

    await http(api.url, editor).post('/api/v1/models').send({ name: 'stress-score', task: 'regression' }).expect(201);
    await http(api.url, editor).post('/api/v1/models/stress-score/versions').send({ version: '1' }).expect(201);
    const regressionCurrent = await uploadDataset('regression current', fixtures.unlabelledCurrent.current, {
      role: 'current',
      model: 'stress-score',
      version: '1',
    });
    const otherModel = await estimate(editor, { referenceDatasetId: ids.wellReference, currentDatasetId: regressionCurrent }).expect(422);
    expect(otherModel.body.message).toMatch(
      /belongs to model "stress-detector" and the current dataset "regression current" to "stress-score"/,
    );
    const regression = await estimate(editor, { referenceDatasetId: ids.misReference, currentDatasetId: regressionCurrent }).expect(422);
    expect(regression.body.message).toMatch(/Model "stress-score" is a regression model/);

    const threeLabels = await upload(api.url, editor, 'p,predicted_state,state\n0.2,calm,calm\n0.9,stressed,stressed\n0.5,tired,calm\n', {
      name: 'three labels',
      targetColumn: 'state',
      predictionColumn: 'predicted_state',
      probabilityColumn: 'p',
    }).expect(201);
    const multiclass = await estimate(editor, { referenceDatasetId: ids.wellReference, currentDatasetId: threeLabels.body.id }).expect(422);
    expect(multiclass.body.message).toMatch(/3 labels \(calm, stressed, tired\).*binary/);

    const unknown = await estimate(editor, {
      referenceDatasetId: ids.wellReference,
      currentDatasetId: '00000000-0000-4000-8000-000000000000',
    }).expect(404);
    expect(unknown.body.message).toMatch(/currentDatasetId: dataset 00000000-0000-4000-8000-000000000000 not found/);
    const bad = await estimate(editor, { referenceDatasetId: 'nope', currentDatasetId: ids.wellCurrent, calibration: 'platt' }).expect(400);
    expectErrorShape(bad.body, 400);
    await http(api.url, viewer).get('/api/v1/performance-estimates/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('lets viewers read but not create estimates', async () => {
    const denied = await estimate(viewer, { referenceDatasetId: ids.wellReference, currentDatasetId: ids.wellCurrent }).expect(403);
    expectErrorShape(denied.body, 403);
    await http(api.url).get('/api/v1/performance-estimates').expect(401);
  });

  it('deletes the estimates of a dataset with it, whichever side it was on', async () => {
    const reference = await uploadDataset('short-lived reference', fixtures.wellCalibrated.reference, {
      role: 'reference',
      targetColumn: 'state',
    });
    const current = await uploadDataset('short-lived current', fixtures.unlabelledCurrent.current, { role: 'current' });
    const asReference = await estimate(editor, { referenceDatasetId: reference, currentDatasetId: ids.wellCurrent }).expect(201);
    const asCurrent = await estimate(editor, { referenceDatasetId: ids.wellReference, currentDatasetId: current }).expect(201);
    await http(api.url, api.adminKey).delete(`/api/v1/datasets/${reference}`).expect(204);
    await http(api.url, viewer).get(`/api/v1/performance-estimates/${asReference.body.id}`).expect(404);
    await http(api.url, viewer).get(`/api/v1/performance-estimates/${asCurrent.body.id}`).expect(200);
    await http(api.url, api.adminKey).delete(`/api/v1/datasets/${current}`).expect(204);
    await http(api.url, viewer).get(`/api/v1/performance-estimates/${asCurrent.body.id}`).expect(404);
  });
});
