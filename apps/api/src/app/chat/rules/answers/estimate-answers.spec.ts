import type { MonitoringWindowDto, PerformanceEstimateDto, QualityDto } from '@stress/contracts';
import { demoLikeWorld, FakeMonitoringData } from '../../testing/fake-monitoring-data';
import { createMonitoringTools } from '../../tools/monitoring-tools';
import { ToolRegistry } from '../../tools/tool-registry';
import { RulesAssistant } from '../rules-assistant';
import { VocabularyCache } from '../vocabulary-cache';

const NOW = new Date('2026-11-26T15:30:00.000Z');
const REFERENCE = '11111111-1111-4111-8111-111111111111';
const CURRENT = '22222222-2222-4222-8222-222222222222';

const band = (value: number, lower: number, upper: number) => ({ value, lower, upper });

function estimate(fields: Partial<PerformanceEstimateDto>): PerformanceEstimateDto {
  return {
    id: '44444444-4444-4444-8444-444444444444',
    model: 'stress-detector',
    version: '1.1.0',
    referenceDatasetId: REFERENCE,
    currentDatasetId: CURRENT,
    calibration: { method: 'isotonic', eceBefore: 0.08123, eceAfter: 0.01234 },
    rows: { reference: 5000, current: 2000, labelled: 0 },
    estimated: {
      accuracy: band(0.8123, 0.7951, 0.8294),
      precision: band(0.7412, 0.7101, 0.7723),
      recall: band(0.6988, 0.6677, 0.7299),
      f1: band(0.7194, 0.6942, 0.7446),
      specificity: band(0.8721, 0.8542, 0.8899),
      rocAuc: null,
    },
    realized: null,
    warnings: [],
    createdBy: 'test',
    createdAt: '2026-11-25T08:15:00.000Z',
    ...fields,
  };
}

function window(start: string, fields: Partial<MonitoringWindowDto>): MonitoringWindowDto {
  return {
    start,
    end: new Date(Date.parse(start) + 86_400_000).toISOString(),
    status: 'fresh',
    rows: 300,
    rowsWithActual: 0,
    drift: null,
    quality: null,
    estimate: null,
    failure: null,
    computedAt: start,
    ...fields,
  };
}

const windowEstimate = {
  estimated: {
    accuracy: band(0.7012, 0.6512, 0.7512),
    precision: band(0.6, 0.55, 0.65),
    recall: band(0.5, 0.45, 0.55),
    f1: band(0.55, 0.5, 0.6),
    specificity: band(0.8, 0.75, 0.85),
    rocAuc: band(0.81, 0.77, 0.85),
  },
  calibration: { method: 'isotonic' as const, eceBefore: 0.03, eceAfter: 0 },
  rows: { reference: 2400, current: 300 },
  warnings: [{ code: 'probability-drift', message: 'The probability column drifted from the reference (ks p = 0.0001).' }],
};

function setup(estimates: PerformanceEstimateDto[], windows: MonitoringWindowDto[] = []) {
  const data = new FakeMonitoringData({ ...demoLikeWorld(NOW), estimates, windows: { 'stress-detector/1.1.0': windows } });
  const assistant = new RulesAssistant(new ToolRegistry(createMonitoringTools(data, () => NOW)), new VocabularyCache(data));
  return (question: string) => assistant.answer(question, NOW);
}

describe('performance estimate answer', () => {
  it('shows the estimated metrics with their bands, the calibration and that there are no labels yet', async () => {
    const answer = await setup([estimate({})])('How is the model doing without labels?');
    expect(answer.toolCalls.map((call) => [call.name, call.arguments])).toEqual([
      ['get_performance_estimate', { model: 'stress-detector' }],
    ]);
    expect(answer.reply).toContain(
      '**Estimated quality of stress-detector 1.1.0 without labels** (CBPE, isotonic calibration, 2026-11-25 08:15 UTC)',
    );
    expect(answer.reply).toContain('2,000 rows of **stress-current** against the reference **stress-reference** (5,000 rows)');
    expect(answer.reply).toContain('| Metric | Estimated | 95 % band |\n');
    expect(answer.reply).toContain('| accuracy | 0.812 | 0.795 – 0.829 |');
    expect(answer.reply).toContain('| F1 | 0.719 | 0.694 – 0.745 |');
    expect(answer.reply).toContain('| ROC AUC | — | — |');
    expect(answer.reply).toContain('no realized values');
    expect(answer.reply).toContain('0.0812 before, 0.0123 after calibration');
    expect(answer.reply).toContain('No warnings');
  });

  it('adds realized values and the warnings in words, stored text escaped', async () => {
    const answer = await setup([
      estimate({
        rows: { reference: 400, current: 2000, labelled: 1500 },
        estimated: { ...estimate({}).estimated, rocAuc: band(0.9012, 0.8876, 0.9148) },
        realized: { accuracy: 0.7766, precision: 0.7011, recall: 0.6544, f1: 0.6769, specificity: 0.8433, rocAuc: 0.8822 },
        warnings: [{ code: 'few-reference-rows', message: 'The reference has 400 rows (fewer than 500): see [docs](http://x.test).' }],
      }),
    ])('estimated accuracy of stress-detector');
    expect(answer.reply).toContain('| Metric | Estimated | 95 % band | Realized |');
    expect(answer.reply).toContain('| accuracy | 0.812 | 0.795 – 0.829 | 0.777 |');
    expect(answer.reply).toContain('| ROC AUC | 0.901 | 0.888 – 0.915 | 0.882 |');
    expect(answer.reply).toContain('from the 1,500 current rows that have a target');
    expect(answer.reply).toContain('**Warnings:**\n- The reference has 400 rows (fewer than 500): see \\[docs\\](http\\://x.test).');
  });

  it("prefers the production version's newest estimate and names another version when it falls back", async () => {
    const staging = estimate({ id: 'staging', version: '2.0.0', createdAt: '2026-11-26T00:00:00.000Z' });
    const production = estimate({
      id: 'production',
      createdAt: '2026-11-20T00:00:00.000Z',
      estimated: { ...estimate({}).estimated, accuracy: band(0.6543, 0.6, 0.7) },
    });
    const ask = setup([staging, production]);
    expect((await ask('CBPE of stress-detector')).reply).toContain('| accuracy | 0.654 | 0.600 – 0.700 |');
    const fallback = await setup([staging])('performance without ground truth');
    expect(fallback.reply).toContain('stress-detector 1.1.0 has no estimate; the newest of the model is of version 2.0.0.');
    expect(fallback.reply).toContain('**Estimated quality of stress-detector 2.0.0 without labels**');
  });

  it("answers from the production version's newest window with an estimate, beside its realized quality", async () => {
    const labelled = window('2026-11-24T00:00:00.000Z', {
      rowsWithActual: 300,
      estimate: { ...windowEstimate, estimated: { ...windowEstimate.estimated, accuracy: band(0.9, 0.85, 0.95) } },
      quality: { accuracy: 0.8811, precision: 0.7, recall: 0.6, f1: 0.65, rocAuc: 0.9, support: 300 } as QualityDto,
    });
    const unlabelled = window('2026-11-25T00:00:00.000Z', { estimate: windowEstimate });
    const pending = window('2026-11-26T00:00:00.000Z', { status: 'pending', rows: null, rowsWithActual: null });
    const answer = await setup([], [labelled, pending, unlabelled])('How is the model doing without labels?');
    expect(answer.reply).toContain(
      '**Production data: the latest monitoring window of stress-detector 1.1.0** (2026-11-25 00:00 UTC – 2026-11-26 00:00 UTC, ' +
        '300 logged predictions, 0 with an actual), estimated from 300 probabilities calibrated on the monitoring reference (2,400 rows).',
    );
    expect(answer.reply).toContain('| accuracy | 0.701 | 0.651 – 0.751 |');
    expect(answer.reply).toContain('No actual has arrived for this window yet');
    expect(answer.reply).toContain('- The probability column drifted from the reference');
    // No dataset estimate: nothing about one.
    expect(answer.reply).not.toContain('Estimated quality of');

    const once = await setup([estimate({})], [labelled])('How is the model doing without labels?');
    expect(once.reply).toContain('| Metric | Estimated | 95 % band | Realized |');
    expect(once.reply).toContain('| accuracy | 0.900 | 0.850 – 0.950 | 0.881 |');
    expect(once.reply).toContain('| specificity | 0.800 | 0.750 – 0.850 | — |');
    expect(once.reply).toContain('from the 300 rows of the window whose actual has arrived');
    // And the dataset estimate after it.
    expect(once.reply.indexOf('**Estimated quality of stress-detector 1.1.0 without labels**')).toBeGreaterThan(
      once.reply.indexOf('**Production data'),
    );
  });

  it('says when no estimate exists and how to make one', async () => {
    const answer = await setup([])('How is the model doing without labels?');
    expect(answer.reply).toContain('No performance estimate of stress-detector 1.1.0 exists yet');
    expect(answer.reply).toContain('**Estimate quality**');
    expect(answer.reply).toContain('`POST /api/v1/performance-estimates`');
  });
});
