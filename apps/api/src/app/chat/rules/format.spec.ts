import { formatMetricChange, formatMetricValue, formatPValue, markdownTable, markdownText, metricKind } from './format';

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

describe('markdownText', () => {
  it.each([
    ['[Login again](https://evil.example/phish)', '\\[Login again\\](https\\://evil.example/phish)'],
    ['![x](https://evil.example/p.png)', '!\\[x\\](https\\://evil.example/p.png)'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['www.evil.example', 'www\\.evil.example'],
    ['mail me@evil.example', 'mail me\\@evil.example'],
    ['**bold** `code` ~~gone~~ &amp;', '\\*\\*bold\\*\\* \\`code\\` \\~\\~gone\\~\\~ \\&amp;'],
    ['_emphasis_ but heart_rate', '\\_emphasis\\_ but heart_rate'],
    ['two\nlines', 'two lines'],
    ['back\\slash', 'back\\\\slash'],
    ['stress-detector 1.1.0', 'stress-detector 1.1.0'],
  ])('%j → %j', (text, escaped) => {
    expect(markdownText(text)).toBe(escaped);
  });

  it('survives a table cell: an escaped pipe stays inside its cell', () => {
    expect(markdownTable(['Name'], [[markdownText('a|b')]])).toBe('| Name |\n|---|\n| a\\|b |');
  });
});
