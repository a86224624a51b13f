import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { upload } from '../datasets/datasets-support';
import { createKey, http } from '../support/http';

/*
 * Rules mode: "how is the model doing without labels?" answered from the stored CBPE estimate.
 * The datasets are the CBPE e2e's scikit-learn fixtures; every expected number is read from
 * GET /api/v1/performance-estimates/{id} and formatted as ratios are (3 decimals).
 */

interface Fixtures {
  positiveLabel: string;
  wellCalibrated: { reference: string; current: string };
  unlabelledCurrent: { current: string };
}
const fixtures: Fixtures = JSON.parse(readFileSync(join(__dirname, '../performance-estimates/fixtures.json'), 'utf8'));
const COLUMNS = { predictionColumn: 'predicted_state', probabilityColumn: 'stress_probability', positiveLabel: fixtures.positiveLabel };
const MODEL = 'stress-detector';
const LABELS: Record<string, string> = {
  accuracy: 'accuracy',
  precision: 'precision',
  recall: 'recall',
  f1: 'F1',
  specificity: 'specificity',
  rocAuc: 'ROC AUC',
};

interface Band {
  value: number;
  lower: number;
  upper: number;
}
interface Estimate {
  id: string;
  version: string;
  rows: { reference: number; current: number; labelled: number };
  estimated: Record<string, Band | null>;
  realized: Record<string, number | null> | null;
  warnings: Array<{ code: string; message: string }>;
}

describe('assistant rules mode: quality without labels (CBPE)', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let viewer: string;
  let editor: string;

  const ask = async (message: string) => {
    const response = await http(api.url, viewer).post('/api/v1/chat').send({ message }).expect(200);
    expect(response.body.mode).toBe('rules');
    return response.body as { reply: string; toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> };
  };
  const uploadDataset = async (name: string, csv: string, fields: Record<string, string>) =>
    (await upload(api.url, editor, csv, { name, model: MODEL, ...COLUMNS, ...fields }).expect(201)).body.id as string;
  const createEstimate = async (referenceDatasetId: string, currentDatasetId: string) => {
    const created = await http(api.url, editor)
      .post('/api/v1/performance-estimates')
      .send({ referenceDatasetId, currentDatasetId })
      .expect(201);
    return (await http(api.url, viewer).get(`/api/v1/performance-estimates/${created.body.id}`).expect(200)).body as Estimate;
  };
  const ratio = (value: number) => value.toFixed(3);

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000', CHAT_THROTTLE_LIMIT: '100000' } });
    viewer = await createKey(api.url, api.adminKey, 'viewer', 'analyst');
    editor = await createKey(api.url, api.adminKey, 'editor');
    await http(api.url, editor).post('/api/v1/models').send({ name: MODEL, task: 'binary-classification' }).expect(201);
    for (const version of ['1.0.0', '2.0.0'])
      await http(api.url, editor).post(`/api/v1/models/${MODEL}/versions`).send({ version }).expect(201);
    await http(api.url, editor).patch(`/api/v1/models/${MODEL}/versions/1.0.0`).send({ stage: 'production' }).expect(200);
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('says when no estimate exists and how to make one', async () => {
    const answer = await ask('How is the model doing without labels?');
    expect(answer.toolCalls.map((call) => [call.name, call.arguments])).toEqual([['get_performance_estimate', { model: MODEL }]]);
    expect(answer.reply).toContain(`No performance estimate of ${MODEL} 1.0.0 exists yet`);
    expect(answer.reply).toContain('**Estimate quality**');
    expect(answer.reply).toContain('`POST /api/v1/performance-estimates`');
  });

  it("answers from the production version's latest estimate with bands, realized values and warnings", async () => {
    const reference = await uploadDataset('well reference', fixtures.wellCalibrated.reference, {
      role: 'reference',
      targetColumn: 'state',
      version: '1.0.0',
    });
    const current = await uploadDataset('well current', fixtures.wellCalibrated.current, {
      role: 'current',
      targetColumn: 'state',
      version: '1.0.0',
    });
    const production = await createEstimate(reference, current);
    // A newer estimate of the other version: the production version's is still the one answered.
    const unlabelled = await uploadDataset('unlabelled current', fixtures.unlabelledCurrent.current, { role: 'current', version: '2.0.0' });
    const other = await createEstimate(reference, unlabelled);
    expect([production.version, other.version, other.realized]).toEqual(['1.0.0', '2.0.0', null]);
    expect(production.realized).not.toBeNull();

    for (const question of [
      'How is the model doing without labels?',
      `estimated accuracy of ${MODEL}`,
      'performance without ground truth',
    ]) {
      const answer = await ask(question);
      expect(answer.toolCalls.map((call) => call.name)).toEqual(['get_performance_estimate']);
      expect(answer.reply).toContain(`**Estimated quality of ${MODEL} 1.0.0 without labels**`);
      expect(answer.reply).toContain('of **well current** against the reference **well reference**');
      expect(answer.reply).toContain('| Metric | Estimated | 95 % band | Realized |');
      for (const [name, label] of Object.entries(LABELS)) {
        const band = production.estimated[name];
        const realized = production.realized?.[name];
        const cells = band ? [ratio(band.value), `${ratio(band.lower)} – ${ratio(band.upper)}`] : ['—', '—'];
        expect(answer.reply).toContain(
          `| ${label} | ${cells.join(' | ')} | ${realized === null || realized === undefined ? '—' : ratio(realized)} |`,
        );
      }
      expect(answer.reply).toContain(`from the ${production.rows.labelled.toLocaleString('en-US')} current rows that have a target`);
      for (const warning of production.warnings) expect(answer.reply).toContain(`- ${warning.message}`);
      if (!production.warnings.length) expect(answer.reply).toContain('No warnings');
    }

    const named = await ask(`CBPE of ${MODEL} 2.0.0`);
    expect(named.toolCalls[0].arguments).toEqual({ model: MODEL, version: '2.0.0' });
    expect(named.reply).toContain(`**Estimated quality of ${MODEL} 2.0.0 without labels**`);
    expect(named.reply).toContain('| Metric | Estimated | 95 % band |\n');
    const accuracy = other.estimated.accuracy as Band;
    expect(named.reply).toContain(`| accuracy | ${ratio(accuracy.value)} | ${ratio(accuracy.lower)} – ${ratio(accuracy.upper)} |`);
    expect(named.reply).toContain('no realized values');
  });
});
