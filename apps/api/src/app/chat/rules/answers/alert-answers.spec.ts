import { AlertOperator, AlertSeverity, AlertState } from '@stress/contracts';
import type { AlertDto, AlertEventDto } from '@stress/contracts';
import { demoLikeWorld, FakeMonitoringData, FakeWorld } from '../../testing/fake-monitoring-data';
import { AlertsResult, createMonitoringTools } from '../../tools/monitoring-tools';
import { ToolRegistry } from '../../tools/tool-registry';
import { parseQuestion } from '../intent-parser';
import { RulesAssistant } from '../rules-assistant';
import { VocabularyCache } from '../vocabulary-cache';

const NOW = new Date('2026-11-26T15:30:00.000Z');
const RECALL = '11111111-1111-4111-8111-111111111111';
const LATENCY = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';

function alert(fields: Partial<AlertDto> & Pick<AlertDto, 'ruleId' | 'name' | 'state'>): AlertDto {
  return {
    model: 'stress-detector',
    version: '1.1.0',
    metric: 'recall',
    severity: AlertSeverity.Warning,
    value: null,
    threshold: 0,
    op: AlertOperator.Gt,
    since: '2026-11-26T00:00:00.000Z',
    error: null,
    ...fields,
  };
}

function event(ruleId: string, from: AlertState, to: AlertState, at: string, value: number | null): AlertEventDto {
  return { ruleId, from, to, at, value, version: '1.1.0', error: null };
}

/** Recall firing since 14:10 (pending from 13:55), latency normal, another model's rule pending; one change 3 days ago. */
function alertingWorld(): FakeWorld {
  return {
    ...demoLikeWorld(NOW),
    alerts: [
      alert({
        ruleId: RECALL,
        name: 'stress recall low',
        state: AlertState.Firing,
        severity: AlertSeverity.Critical,
        value: 0.7412,
        op: AlertOperator.Lt,
        threshold: 0.8,
        since: '2026-11-26T14:10:00.000Z',
      }),
      alert({
        ruleId: OTHER,
        name: 'heart latency',
        model: 'heart-detector',
        metric: 'latency_ms',
        state: AlertState.Pending,
        value: 71.3,
        threshold: 60,
      }),
      alert({
        ruleId: LATENCY,
        name: 'stress latency p95 high',
        metric: 'latency_ms',
        state: AlertState.Normal,
        value: 42.9,
        threshold: 60,
      }),
    ],
    alertEvents: [
      event(RECALL, AlertState.Normal, AlertState.Pending, '2026-11-26T13:55:00.000Z', 0.7901),
      event(RECALL, AlertState.Pending, AlertState.Firing, '2026-11-26T14:10:00.000Z', 0.7412),
      event(LATENCY, AlertState.Firing, AlertState.Normal, '2026-11-23T09:00:00.000Z', 55),
      event(OTHER, AlertState.Normal, AlertState.Pending, '2026-11-26T15:00:00.000Z', 71.3),
    ],
  };
}

function setup(world: FakeWorld = alertingWorld()) {
  const data = new FakeMonitoringData(world);
  const tools = new ToolRegistry(createMonitoringTools(data, () => NOW));
  const assistant = new RulesAssistant(tools, new VocabularyCache(data));
  return { tools, ask: (question: string) => assistant.answer(question, NOW) };
}

describe('get_alerts', () => {
  it('lists the states firing first and the transitions of the last 24 hours, newest first', async () => {
    const run = await setup().tools.run<AlertsResult>('get_alerts', {});
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.result).toMatchObject({ firing: 1, pending: 1, rules: 3, since: '2026-11-25T15:30:00.000Z' });
    expect(run.result.alerts.map((item) => [item.name, item.state])).toEqual([
      ['stress recall low', 'firing'],
      ['heart latency', 'pending'],
      ['stress latency p95 high', 'normal'],
    ]);
    // The latency rule's change 3 days ago is outside the default 24 hours.
    expect(run.result.transitions.map((item) => [item.rule, item.from, item.to, item.at])).toEqual([
      ['heart latency', 'normal', 'pending', '2026-11-26T15:00:00.000Z'],
      ['stress recall low', 'pending', 'firing', '2026-11-26T14:10:00.000Z'],
      ['stress recall low', 'normal', 'pending', '2026-11-26T13:55:00.000Z'],
    ]);
    expect(run.summary).toBe('3 alert rules, 1 firing, 3 transitions in the last 24 h');
  });

  it("keeps one model's rules, over the hours asked for", async () => {
    const run = await setup().tools.run<AlertsResult>('get_alerts', { model: 'stress-detector', hours: 96 });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.result.rules).toBe(2);
    expect(run.result.pending).toBe(0);
    expect(run.result.transitions.map((item) => item.at)).toEqual([
      '2026-11-26T14:10:00.000Z',
      '2026-11-26T13:55:00.000Z',
      '2026-11-23T09:00:00.000Z',
    ]);
  });

  it('refuses unknown arguments and out-of-range hours', async () => {
    const { tools } = setup();
    const run = await tools.run('get_alerts', { hours: 0, colour: 'red' });
    expect(run.ok ? '' : run.error).toMatch(/Invalid arguments for get_alerts: .*hours/);
    expect(run.ok ? '' : run.error).toMatch(/colour/);
  });
});

describe('alert questions in rules mode', () => {
  it.each([
    ['Is anything firing?', 'alerts'],
    ['Any alerts on stress-detector?', 'alerts'],
    ['Which alerts fired this week?', 'alerts'],
    ['How is stress-detector doing?', 'model_status'],
  ])('"%s" → %s', (question, intent) => {
    const vocabulary = { models: [{ name: 'stress-detector', versions: ['1.1.0'] }], metricNames: ['recall'], datasets: [] };
    expect(parseQuestion(question, vocabulary, NOW).intent).toBe(intent);
  });

  it('answers "is anything firing?" with the rules not normal and the recent changes', async () => {
    const answer = await setup().ask('Is anything firing?');
    expect(answer.toolCalls.map((call) => [call.name, call.arguments])).toEqual([['get_alerts', { hours: 24 }]]);
    expect(answer.reply).toContain('**Yes: 1 of 3 alert rules is firing.**');
    expect(answer.reply).toContain(
      '| **stress recall low** (critical) | firing | stress-detector 1.1.0 | 0.741 | recall < 0.8 | 2026-11-26 14:10 UTC |',
    );
    expect(answer.reply).toContain('| **heart latency** (warning) | pending | heart-detector 1.1.0 |');
    expect(answer.reply).not.toContain('stress latency p95 high');
    expect(answer.reply).toContain('- 2026-11-26 14:10 UTC: **stress recall low** (stress-detector) pending → firing, value 0.7412');
  });

  it('says nothing is firing, and that there are no rules when none is enabled', async () => {
    const quiet = alertingWorld();
    quiet.alerts = (quiet.alerts ?? []).map((item) => ({ ...item, state: AlertState.Normal }));
    quiet.alertEvents = [];
    const calm = await setup(quiet).ask('Is anything firing?');
    expect(calm.reply).toContain('**Nothing is firing**: 3 alert rules enabled.');
    expect(calm.reply).toContain('All 3 are normal.');
    expect(calm.reply).toContain('No state changes in the last 24 hours.');
    const none = await setup(demoLikeWorld(NOW)).ask('any alerts?');
    expect(none.reply).toMatch(/^No alert rules are enabled, so nothing can fire\./);
  });
});
