import type { LatestMetricDto } from '@stress/contracts';
import {
  assessAttention,
  byAttention,
  DAY_MS,
  driftSummary,
  metricChange,
  pickKeyMetrics,
  reportedVersion,
  valueSevenDaysBefore,
  worsening,
} from './overview-logic';
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

  it('finds the value 7 days before the latest point, within 6 hours, else null', () => {
    const base = Date.parse(at);
    const point = (offsetHours: number, value: number) => ({
      t: new Date(base - 7 * DAY_MS + offsetHours * 3_600_000).toISOString(),
      value,
      count: 1,
    });
    expect(valueSevenDaysBefore([point(-2, 0.5), point(-1, 0.6), point(1, 0.7)], at)).toBe(0.6);
    expect(valueSevenDaysBefore([point(-7, 0.5), point(1, 0.7)], at)).toBeNull();
    expect(valueSevenDaysBefore([point(1, 0.7)], at)).toBeNull();
  });

  it('knows which way is better', () => {
    expect(metricChange(latest('f1', 0.8), 0.85)).toMatchObject({
      trend: 'worse',
      delta: expect.closeTo(-0.05, 10),
      relative: expect.closeTo(-0.0588, 3),
    });
    expect(metricChange(latest('latency_ms', 40), 50)).toMatchObject({ trend: 'better' });
    expect(metricChange(latest('f1', 0.8), 0.8001)).toMatchObject({ trend: 'same' });
    expect(metricChange(latest('f1', 0.8), null)).toMatchObject({ trend: null, delta: null });
  });

  it('grades worsening: small steps matter for scores, latency is noisier', () => {
    expect(worsening(metricChange(latest('f1', 0.8), 0.85))).toBe('alert'); // −5.9%
    expect(worsening(metricChange(latest('f1', 0.83), 0.85))).toBe('warn'); // −2.4%
    expect(worsening(metricChange(latest('f1', 0.845), 0.85))).toBe('ok');
    expect(worsening(metricChange(latest('latency_ms', 55), 50))).toBe('warn'); // +10%
    expect(worsening(metricChange(latest('latency_ms', 52), 50))).toBe('ok');
  });

  it('explains why a model needs attention', () => {
    const now = Date.parse(at);
    const degraded = assessAttention({
      productionVersion: '1.1.0',
      changes: [metricChange(latest('f1', 0.8), 0.85)],
      drift: { state: 'drift', driftedColumns: 2, totalColumns: 7 },
      now,
    });
    expect(degraded).toEqual({ level: 'alert', reasons: ['Drift in 2 of 7 columns', 'f1 down 5.9% in 7 days'] });
    const stale = assessAttention({
      productionVersion: null,
      changes: [metricChange(latest('f1', 0.8, '1.0.0', '2026-11-20T00:00:00Z'), 0.8)],
      drift: { state: 'none' },
      now,
    });
    expect(stale).toEqual({ level: 'warn', reasons: ['No version in production', 'No metrics for 7 days'] });
    expect(
      assessAttention({ productionVersion: '1', changes: [metricChange(latest('f1', 0.9), 0.89)], drift: { state: 'no-drift' }, now }),
    ).toEqual({ level: 'ok', reasons: [] });
  });

  it('summarises the latest drift report', () => {
    expect(driftSummary(undefined)).toEqual({ state: 'none' });
    expect(driftSummary({ id: 'r1', createdAt: at, datasetDrift: true, driftedColumns: 3, totalColumns: 8 })).toEqual({
      state: 'drift',
      reportId: 'r1',
      createdAt: at,
      driftedColumns: 3,
      totalColumns: 8,
    });
    expect(driftSummary({ id: 'r2', createdAt: at, datasetDrift: false, driftedColumns: 1, totalColumns: 8 }).state).toBe('no-drift');
  });

  it('orders models needing attention first', () => {
    const card = (name: string, level: 'alert' | 'warn' | 'ok') => ({ name, attention: { level, reasons: level === 'ok' ? [] : ['x'] } });
    expect(
      byAttention([card('a', 'ok'), card('b', 'warn'), card('c', 'alert'), card('d', 'ok'), card('e', 'alert')]).map((item) => item.name),
    ).toEqual(['c', 'e', 'b', 'a', 'd']);
  });

  it('draws a sparkline path inside its box', () => {
    expect(sparklinePath([1, 2, 3], 100, 20)).toBe('M2.0,18.0 L50.0,10.0 L98.0,2.0');
    expect(sparklinePath([5, 5], 100, 20)).toBe('M2.0,10.0 L98.0,10.0');
    expect(sparklinePath([], 100, 20)).toBe('');
  });
});
