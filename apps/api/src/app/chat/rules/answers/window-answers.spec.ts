import { ColumnType } from '@stress/contracts';
import type { MonitoringWindowDto, QualityDto, WindowColumnDriftDto } from '@stress/contracts';
import { demoLikeWorld, FakeMonitoringData } from '../../testing/fake-monitoring-data';
import { createMonitoringTools } from '../../tools/monitoring-tools';
import { ToolRegistry } from '../../tools/tool-registry';
import { summarizeWindows } from '../../tools/window-summary';
import { parseQuestion } from '../intent-parser';
import { RulesAssistant } from '../rules-assistant';
import { VocabularyCache } from '../vocabulary-cache';

const NOW = new Date('2026-11-26T15:30:00.000Z');
const DAY = 86_400_000;
const FIRST = Date.parse('2026-11-12T00:00:00.000Z');

function column(name: string, drifted: boolean): WindowColumnDriftDto {
  return {
    column: name,
    type: ColumnType.Numerical,
    stattest: 'ks',
    statistic: drifted ? 0.3 : 0.05,
    pValue: drifted ? 0.0001 : 0.4,
    threshold: 0.05,
    drifted,
  };
}

/** Day `index` (0 = 2026-11-12) of a daily window. */
function window(index: number, fields: Partial<MonitoringWindowDto>): MonitoringWindowDto {
  const start = new Date(FIRST + index * DAY).toISOString();
  return {
    start,
    end: new Date(FIRST + (index + 1) * DAY).toISOString(),
    status: 'fresh',
    rows: 300,
    rowsWithActual: 300,
    drift: null,
    quality: null,
    estimate: null,
    failure: null,
    computedAt: start,
    ...fields,
  };
}

const quality = (accuracy: number) => ({ accuracy, f1: 0.5, precision: 0.5, recall: 0.5 }) as QualityDto;

/**
 * Like the demo: daily windows 11-12 … 11-25 computed, 11-26 still open (pending). heart_rate and eda drift from 11-23
 * (the last three closed windows); 11-19 had one stray drifted column (device) without dataset drift; 11-24 and 11-25
 * have no actuals; 11-12 had too few rows (insufficient, no drift).
 */
function demoWindows(): MonitoringWindowDto[] {
  const windows: MonitoringWindowDto[] = [window(0, { status: 'insufficient', rows: 40, rowsWithActual: 40, quality: quality(0.9) })];
  for (let index = 1; index <= 13; index++) {
    const drifting = index >= 11;
    const columns = [column('heart_rate', drifting), column('eda', drifting), column('device', index === 7), column('prediction', false)];
    windows.push(
      window(index, {
        rowsWithActual: index >= 12 ? 0 : 300,
        drift: { datasetDrift: drifting, driftShare: columns.filter((item) => item.drifted).length / columns.length, columns },
        quality: index >= 12 ? null : quality(drifting ? 0.7 : 0.85),
      }),
    );
  }
  windows.push(window(14, { status: 'pending', rows: null, rowsWithActual: null, computedAt: null }));
  return windows;
}

function setup(windows = demoWindows()) {
  const data = new FakeMonitoringData({ ...demoLikeWorld(NOW), windows: { 'stress-detector/1.1.0': windows } });
  const assistant = new RulesAssistant(new ToolRegistry(createMonitoringTools(data, () => NOW)), new VocabularyCache(data));
  return { data, ask: (question: string) => assistant.answer(question, NOW) };
}

describe('summarizeWindows', () => {
  it('finds the start of the ongoing drift, the drifted columns and the label coverage', () => {
    const summary = summarizeWindows(demoWindows());
    expect(summary.windows).toBe(15);
    expect(summary.withDrift).toBe(13);
    expect(summary.driftedWindows).toBe(3);
    expect(summary.ongoingDriftSince).toBe('2026-11-23T00:00:00.000Z');
    expect(summary.ongoingDriftSinceRangeStart).toBe(false);
    expect(summary.lastDriftedWindow).toBe('2026-11-25T00:00:00.000Z');
    expect(summary.driftedColumns).toEqual([
      { column: 'eda', driftedWindows: 3, compared: 13, firstDrifted: '2026-11-23T00:00:00.000Z', lastDrifted: '2026-11-25T00:00:00.000Z' },
      {
        column: 'heart_rate',
        driftedWindows: 3,
        compared: 13,
        firstDrifted: '2026-11-23T00:00:00.000Z',
        lastDrifted: '2026-11-25T00:00:00.000Z',
      },
      {
        column: 'device',
        driftedWindows: 1,
        compared: 13,
        firstDrifted: '2026-11-19T00:00:00.000Z',
        lastDrifted: '2026-11-19T00:00:00.000Z',
      },
    ]);
    // 40 + 13 × 300 = 3,940 rows; labelled: 40 + 11 × 300 = 3,340.
    expect(summary.rows).toBe(3940);
    expect(summary.rowsWithActual).toBe(3340);
    expect(summary.actualCoverage).toBeCloseTo(3340 / 3940, 12);
    expect(summary.windowsWithoutActuals).toEqual(['2026-11-25T00:00:00.000Z', '2026-11-24T00:00:00.000Z']);
    expect(summary.statuses).toEqual({ insufficient: 1, fresh: 13, pending: 1 });
  });

  it('has no ongoing drift when the newest window with results did not drift, and flags a run that fills the range', () => {
    const windows = demoWindows();
    const calm = windows.map((item) =>
      item.start === '2026-11-25T00:00:00.000Z' ? { ...item, drift: item.drift && { ...item.drift, datasetDrift: false } } : item,
    );
    expect(summarizeWindows(calm).ongoingDriftSince).toBeNull();
    expect(summarizeWindows(calm).lastDriftedWindow).toBe('2026-11-24T00:00:00.000Z');
    const lastThree = windows.filter((item) => item.start >= '2026-11-23');
    expect(summarizeWindows(lastThree).ongoingDriftSinceRangeStart).toBe(true);
  });
});

describe('production window questions', () => {
  it.each([
    ['When did drift start?', 'production_windows'],
    ['Since when has the data been drifting?', 'production_windows'],
    ['Which columns drifted this week?', 'production_windows'],
    ['How many predictions have labels?', 'production_windows'],
    ['What is the actual coverage of stress-detector?', 'production_windows'],
    ['Show the monitoring windows', 'production_windows'],
    // Unchanged: drift without a period is the newest report; labels missing is CBPE.
    ['Which columns drifted?', 'drift'],
    ['How is the model doing without labels?', 'performance_estimate'],
  ])('"%s" → %s', (question, intent) => {
    const vocabulary = {
      models: [{ name: 'stress-detector', versions: ['1.1.0'] }],
      metricNames: ['accuracy', 'prediction_count'],
      datasets: [],
    };
    expect(parseQuestion(question, vocabulary, NOW).intent).toBe(intent);
  });

  it('says when drift started, from the windows of the production version over the last 30 days', async () => {
    const { ask, data } = setup();
    const answer = await ask('When did drift start?');
    expect(answer.toolCalls.map((call) => [call.name, call.arguments])).toEqual([
      ['get_monitoring_windows', { model: 'stress-detector', days: 30 }],
    ]);
    expect(data.windowRequests).toEqual([
      { model: 'stress-detector', version: '1.1.0', from: new Date(NOW.getTime() - 30 * DAY), to: NOW },
    ]);
    expect(answer.reply).toContain('**Production monitoring of stress-detector 1.1.0**, the last 30 days: 15 windows (newest 2026-11-26).');
    expect(answer.reply).toContain(
      '**Drift started with the window of 2026-11-23** and continues: 3 of 13 windows with drift results drifted.',
    );
    expect(answer.reply).toContain('| eda | 3 of 13 | 2026-11-23 | 2026-11-25 |');
    expect(answer.reply).toContain('| device | 1 of 13 | 2026-11-19 | 2026-11-19 |');
  });

  it('lists the columns that drifted this week (since Monday 2026-11-23)', async () => {
    const answer = await ask_('Which columns drifted this week?');
    expect(answer.toolCalls[0].arguments).toEqual({
      model: 'stress-detector',
      from: '2026-11-23T00:00:00.000Z',
      to: NOW.toISOString(),
      days: 30,
    });
    expect(answer.reply).toContain('this week (since Monday 2026-11-23): 4 windows (newest 2026-11-26).');
    expect(answer.reply).toContain('(every one in this period, so it may have begun earlier: ask over a longer period)');
    expect(answer.reply).toContain('| heart_rate | 3 of 3 | 2026-11-23 | 2026-11-25 |');
    expect(answer.reply).not.toContain('| device |');
  });

  it('counts the predictions with labels first when asked about labels', async () => {
    const answer = await ask_('How many predictions have labels?');
    const reply = answer.reply;
    expect(reply).toContain(
      '**Labels:** 3,340 of 3,940 logged predictions have an actual (84.8%). Windows with no actual yet: 2026-11-25, 2026-11-24.',
    );
    expect(reply).toContain('Newest window with labels (2026-11-23): accuracy 0.700, F1 0.500.');
    expect(reply.indexOf('**Labels:**')).toBeLessThan(reply.indexOf('Drift started'));
    expect(reply).toContain('Window status: 1 pending, 1 insufficient.');
  });

  it('names failed windows with their reason', async () => {
    const windows = demoWindows();
    windows[5] = { ...windows[5], status: 'failed', drift: null, failure: 'Reference dataset <x> is gone' };
    const answer = await setup(windows).ask('show the monitoring windows of stress-detector');
    expect(answer.reply).toContain('1 failed');
    expect(answer.reply).toContain('- 2026-11-17 failed: Reference dataset \\<x\\> is gone');
  });

  it('falls back to the newest drift report when the version has no windows, and says how to get windows otherwise', async () => {
    const drift = await setup([]).ask('Which columns drifted this week?');
    expect(drift.reply).toContain(
      'stress-detector 1.1.0 has no production monitoring windows in this week (since Monday 2026-11-23); here is the newest drift report instead.',
    );
    expect(drift.reply).toContain('1 of 4 columns drifted');
    expect(drift.toolCalls.map((call) => call.name)).toEqual(['get_monitoring_windows', 'get_drift_report']);
    const labels = await setup([]).ask('How many predictions have labels?');
    expect(labels.reply).toContain('stress-detector 1.1.0 has no production monitoring windows in the last 30 days.');
    expect(labels.reply).toContain('`PUT …/monitoring`');
  });

  it('reports an unknown version with the versions that exist', async () => {
    const answer = await ask_('how many predictions of stress-detector 9.9.9 have labels?');
    // 9.9.9 is no version, so the parser names none: the production version answers.
    expect(answer.toolCalls[0].arguments).toEqual({ model: 'stress-detector', days: 30 });
  });
});

function ask_(question: string) {
  return setup().ask(question);
}
