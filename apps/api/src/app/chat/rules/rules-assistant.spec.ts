import { demoLikeWorld, FakeMonitoringData } from '../testing/fake-monitoring-data';
import { createMonitoringTools } from '../tools/monitoring-tools';
import { ToolRegistry } from '../tools/tool-registry';
import { RulesAssistant } from './rules-assistant';
import { VocabularyCache } from './vocabulary-cache';

const NOW = new Date('2026-11-26T15:30:00.000Z');

function assistant() {
  const data = new FakeMonitoringData(demoLikeWorld(NOW));
  return new RulesAssistant(new ToolRegistry(createMonitoringTools(data, () => NOW)), new VocabularyCache(data));
}

const ask = (question: string) => assistant().answer(question, NOW);

describe('RulesAssistant', () => {
  it('lists models with the production version', async () => {
    const answer = await ask('Which models are monitored?');
    expect(answer.reply).toContain('stress-detector **1.1.0**');
    expect(answer.toolCalls.map((call) => call.name)).toEqual(['list_models']);
  });

  it('reports status against 7 days earlier and the drift verdict', async () => {
    const answer = await ask('How is stress-detector doing?');
    // The 24 h mean: 0.9 − 0.001 × (168 − 11.5) = 0.7435; a week earlier it was flat at 0.9.
    expect(answer.reply).toContain('| accuracy | 0.732 | 0.900 | −0.168 | 0.743 (vs 0.900) worse |');
    expect(answer.reply).toContain('**Worse than 7 days ago** (24 h means): accuracy 0.900 → 0.743.');
    expect(answer.reply).toContain('| latency_ms | 40.0 ms | 40.0 ms | ±0.0 ms | 41.0 ms (vs 41.0 ms) |');
    expect(answer.reply).toContain('1 of 4 columns drifted (heart_rate)');
    expect(answer.toolCalls.map((call) => call.name)).toEqual(['get_model', 'get_latest_metrics', 'get_drift_report']);
    expect(answer.toolCalls[1].arguments).toEqual({ model: 'stress-detector', version: '1.1.0', compareDaysAgo: 7 });
  });

  it('gives a metric value for a stage and a trend over a period', async () => {
    const value = await ask('latest latency of the staging version');
    expect(value.reply).toMatch(/No \*\*latency_ms\*\* values are recorded for stress-detector 2\.0\.0/);
    const production = await ask('What is the accuracy of the production version?');
    expect(production.reply).toContain('The latest **accuracy** of stress-detector 1.1.0 (production) is **0.732**');
    const trend = await ask('accuracy of 1.1.0 over the last 7 days');
    expect(trend.reply).toMatch(/\*\*1\.1\.0 \(production\)\*\*: falling, from 0\.899 to 0\.732 \(−0\.167\)/);
  });

  it('compares versions on a metric and names the better one', async () => {
    const answer = await ask('compare 1.1.0 and 2.0.0 on accuracy');
    expect(answer.reply).toContain('| 2.0.0 (staging) | 0.930 |');
    expect(answer.reply).toContain('2.0.0 +0.198 against 1.1.0; **2.0.0** is better on accuracy.');
  });

  it('answers drift for a named column, datasets, quality and terms', async () => {
    expect((await ask('did heart_rate drift?')).reply).toContain('**heart_rate** has drifted: wasserstein = 0.8123 (threshold 0.1).');
    expect((await ask('profile of stress-current')).reply).toContain('| heart_rate | 0 | 1,800 | 81.25 | 10.5 | 50 | 130 |');
    const quality = await ask('quality of stress-current');
    expect(quality.reply).toContain('accuracy **0.813**');
    expect(quality.reply).toContain('| 1 | 225 | 425 |');
    expect((await ask('quality of stress-reference')).reply).toMatch(/no target column/);
    expect((await ask('What is PSI?')).reply).toMatch(/^\*\*PSI \(Population Stability Index\)\*\*/);
  });

  it('answers an unknown question with help naming the real model', async () => {
    const answer = await ask('What is the weather in Paris?');
    expect(answer.reply).toContain('I could not match that question');
    expect(answer.reply).toContain('"How is stress-detector doing?"');
    expect(answer.toolCalls).toEqual([]);
  });
});
