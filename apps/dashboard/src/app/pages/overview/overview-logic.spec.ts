import type { LatestMetricDto } from '@stress/contracts';
import { judgeMetricShift } from '@stress/contracts';
import { byAttention, driftSummary, metricChange, pickKeyMetrics, reportedVersion } from './overview-logic';
import { sparklinePath } from '../../shared/ui/sparkline';

const at = '2026-11-27T00:00:00.000Z';
const latest = (name: string, value: number, version = '1.1.0', timestamp = at): LatestMetricDto => ({ name, value, version, timestamp });

describe('overview logic', () => {
  it('reports on production, else on the most recently measured version', () => {
    expect(reportedVersion('1.1.0', [latest('f1', 1, '2.0.0')])).toBe('1.1.0');
    expect(
      reportedVersion(null, [latest('f1', 1, '1.0.0', '2026-11-01T00:00:00Z'), latest('f1', 1, '2.0.0', '2026-11-02T00:00:00Z')]),
    ).toBe('2.0.0');
    expect(reportedVersion(null, [])).toBeNull();
  });

  it('picks up to 4 key metrics of that version, preferred names first', () => {
    const items = [
      latest('stress_rate', 0.3),
      latest('latency_ms', 40),
      latest('accuracy', 0.9),
      latest('f1', 0.8),
      latest('roc_auc', 0.93),
      latest('f1', 0.7, '2.0.0'),
      latest('precision', 0.8),
    ];
    expect(pickKeyMetrics(items, '1.1.0').map((item) => item.name)).toEqual(['f1', 'accuracy', 'roc_auc', 'precision']);
    expect(pickKeyMetrics([latest('zeta', 1), latest('alpha', 2)], '1.1.0').map((item) => item.name)).toEqual(['alpha', 'zeta']);
  });

  it('shows the 24 h mean against the week before: arrow by direction of change, colour by the shared verdict', () => {
    // Recent mean 0.80, baseline mean 0.90, each with variance .0002 over 6 points: z = −12.2 (see model-health.spec).
    const recent = [0.8, 0.82, 0.78, 0.8, 0.81, 0.79];
    const baseline = [0.9, 0.92, 0.88, 0.9, 0.91, 0.89];
    expect(metricChange(latest('recall', 0.8), judgeMetricShift('recall', recent, baseline))).toMatchObject({
      arrow: 'down',
      verdict: 'worse',
      delta: expect.closeTo(-0.1, 10),
      relative: expect.closeTo(-0.1111, 4),
    });
    expect(metricChange(latest('latency_ms', 40), judgeMetricShift('latency_ms', recent, baseline))).toMatchObject({
      arrow: 'down',
      verdict: 'better',
    });
    // A 1.2-standard-error wobble: the arrow still shows the direction, the colour stays neutral.
    const wobble = [0.81, 0.83, 0.79, 0.81, 0.82, 0.8];
    expect(metricChange(latest('f1', 0.8), judgeMetricShift('f1', recent, wobble))).toMatchObject({ arrow: 'down', verdict: 'steady' });
    expect(metricChange(latest('f1', 0.8), judgeMetricShift('f1', recent.slice(0, 2), []))).toMatchObject({
      arrow: null,
      delta: null,
      verdict: 'too-few-points',
    });
  });

  it('summarises the latest drift report', () => {
    expect(driftSummary(undefined)).toEqual({ state: 'none' });
    expect(driftSummary({ id: 'r1', createdAt: at, datasetDrift: true, driftedColumns: 3, totalColumns: 8, version: '1.1.0' })).toEqual({
      source: 'report',
      state: 'drift',
      version: '1.1.0',
      reportId: 'r1',
      createdAt: at,
      driftedColumns: 3,
      totalColumns: 8,
    });
    expect(driftSummary({ id: 'r2', createdAt: at, datasetDrift: false, driftedColumns: 1, totalColumns: 8 }).state).toBe('no-drift');
  });

  it('orders models needing attention first', () => {
    const card = (name: string, level: 'attention' | 'look' | 'ok') => ({
      name,
      attention: { level, reasons: level === 'ok' ? [] : ['x'] },
    });
    expect(
      byAttention([card('a', 'ok'), card('b', 'look'), card('c', 'attention'), card('d', 'ok'), card('e', 'attention')]).map(
        (item) => item.name,
      ),
    ).toEqual(['c', 'e', 'b', 'a', 'd']);
  });

  it('draws a sparkline path inside its box', () => {
    expect(sparklinePath([1, 2, 3], 100, 20)).toBe('M2.0,18.0 L50.0,10.0 L98.0,2.0');
    expect(sparklinePath([5, 5], 100, 20)).toBe('M2.0,10.0 L98.0,10.0');
    expect(sparklinePath([], 100, 20)).toBe('');
  });
});
