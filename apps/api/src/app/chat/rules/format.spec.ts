import { formatMetricChange, formatMetricValue, formatPValue, metricKind } from './format';

describe('metric formatting', () => {
  it.each([
    ['accuracy', 0.91234, '0.912'],
    ['f1', 0.8, '0.800'],
    ['roc_auc', 0.95678, '0.957'],
    ['stress_rate', 0.2346, '0.235'],
    ['latency_ms', 42.345, '42.3 ms'],
    ['prediction_count', 1234, '1,234'],
    ['prediction_count', 1234.56, '1234.6'],
    ['throughput', 12.34567, '12.35'],
  ])('%s %d → %s', (name, value, text) => {
    expect(formatMetricValue(name, value)).toBe(text);
  });

  it('reads latency names as latencies', () => {
    expect(metricKind('latency_p95_ms')).toBe('latency-ms');
    expect(metricKind('inference_seconds')).toBe('latency-s');
  });

  it('signs changes and p-values', () => {
    expect(formatMetricChange('accuracy', -0.0512)).toBe('−0.051');
    expect(formatMetricChange('latency_ms', 3.21)).toBe('+3.2 ms');
    expect(formatMetricChange('accuracy', 0.0001)).toBe('±0.000');
    expect(formatPValue(0.04321)).toBe('0.0432');
    expect(formatPValue(1.5e-9)).toBe('1.50e-9');
  });
});
