import { metricUnit } from './metric-unit';

describe('metricUnit', () => {
  it('reads the unit from the name', () => {
    expect(metricUnit('latency_ms')).toBe('ms');
    expect(metricUnit('duration_seconds')).toBe('s');
    expect(metricUnit('prediction_count')).toBe('count');
    expect(metricUnit('recall')).toBe('ratio');
    expect(metricUnit('roc_auc')).toBe('ratio');
    expect(metricUnit('stress_rate')).toBe('ratio');
    expect(metricUnit('drift_share')).toBe('ratio');
    expect(metricUnit('rmse')).toBeNull();
    expect(metricUnit('temperature')).toBeNull();
  });
});
