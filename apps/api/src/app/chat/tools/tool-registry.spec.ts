import { demoLikeWorld, FakeMonitoringData } from '../testing/fake-monitoring-data';
import { createMonitoringTools, LatestMetricsResult, MetricSummaryResult } from './monitoring-tools';
import { ToolRegistry } from './tool-registry';

const NOW = new Date('2026-11-26T15:30:00.000Z');

function registry() {
  const data = new FakeMonitoringData(demoLikeWorld(NOW));
  return { registry: new ToolRegistry(createMonitoringTools(data, () => NOW)), data };
}

describe('ToolRegistry with the monitoring tools', () => {
  it('offers every tool with a JSON schema that forbids unknown arguments', () => {
    const specs = registry().registry.list();
    expect(specs.map((spec) => spec.name)).toEqual([
      'list_models',
      'get_model',
      'list_metric_names',
      'get_latest_metrics',
      'get_metric_summary',
      'list_drift_reports',
      'get_drift_report',
      'list_datasets',
      'get_dataset_profile',
      'get_dataset_quality',
      'get_performance_estimate',
      'get_monitoring_windows',
      'get_alerts',
    ]);
    const summary = specs.find((spec) => spec.name === 'get_metric_summary');
    expect(summary?.parameters).toMatchObject({
      type: 'object',
      required: ['model', 'metric'],
      additionalProperties: false,
      properties: { model: { type: 'string' }, metric: { type: 'string' }, from: { type: 'string' } },
    });
    expect(summary?.parameters['$schema']).toBeUndefined();
  });

  it('rejects invalid arguments with a message naming each problem, without executing', async () => {
    const { registry: tools, data } = registry();
    const run = await tools.run('get_metric_summary', {
      model: 'stress-detector',
      metric: 'accuracy',
      from: 'last tuesday',
      colour: 'red',
    });
    expect(run.ok).toBe(false);
    expect(run.ok ? '' : run.error).toMatch(/Invalid arguments for get_metric_summary: .*from: must be an ISO 8601/);
    expect(run.ok ? '' : run.error).toMatch(/colour/);
    expect(data.seriesRequests).toHaveLength(0);
    const unknown = await tools.run('drop_tables', {});
    expect(unknown.ok ? '' : unknown.error).toMatch(/Unknown tool "drop_tables"\. Available tools: list_models/);
  });

  it('reports unknown models and versions with the names that exist', async () => {
    const { registry: tools } = registry();
    const model = await tools.run('get_latest_metrics', { model: 'heart-detector' });
    expect(model.ok ? '' : model.error).toBe('Model "heart-detector" not found. Known models: stress-detector.');
    const version = await tools.run('get_latest_metrics', { model: 'stress-detector', version: '9.9.9' });
    expect(version.ok ? '' : version.error).toBe('Model "stress-detector" has no version "9.9.9". Its versions: 1.0.0, 1.1.0, 2.0.0.');
  });

  it('compares the latest value with the hourly mean 7 days earlier', async () => {
    const { registry: tools } = registry();
    const run = await tools.run<LatestMetricsResult>('get_latest_metrics', { model: 'stress-detector', version: '1.1.0' });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const accuracy = run.result.items.find((item) => item.name === 'accuracy');
    // Latest point (hour 0) is 0.9 − 0.168; 7 days earlier (hour 168) it was 0.9.
    expect(accuracy?.value).toBeCloseTo(0.732, 12);
    expect(accuracy?.earlier?.value).toBeCloseTo(0.9, 12);
    expect(accuracy?.change).toBeCloseTo(-0.168, 12);
    expect(accuracy?.stage).toBe('production');
    expect(accuracy?.dayMean).toBeCloseTo(0.9 - 0.001 * (168 - 11.5), 12);
    expect(accuracy?.earlierDayMean).toBeCloseTo(0.9, 12);
    expect(run.summary).toBe('2 latest metrics of stress-detector 1.1.0, compared with 7 days earlier');
  });

  it('summarises a series per version over the default 7 days', async () => {
    const { registry: tools } = registry();
    const run = await tools.run<MetricSummaryResult>('get_metric_summary', { model: 'stress-detector', metric: 'accuracy' });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.result.bucket).toBe('1h');
    expect(run.result.versions.map((entry) => entry.version)).toEqual(['1.1.0', '2.0.0']);
    const production = run.result.versions[0].summary;
    expect(production.trend).toBe('falling');
    expect(production.max).toBeCloseTo(0.899, 12);
    expect(run.result.versions[1].summary.trend).toBe('stable');
    const missing = await tools.run('get_metric_summary', { model: 'stress-detector', metric: 'recall' });
    expect(missing.ok ? '' : missing.error).toBe('Model "stress-detector" has no metric "recall". Its metrics: accuracy, latency_ms.');
  });

  it('resolves datasets by name and reports quality problems as tool errors', async () => {
    const { registry: tools } = registry();
    const profile = await tools.run('get_dataset_profile', { dataset: 'STRESS-current' });
    expect(profile.ok && profile.summary).toBe('profile of stress-current: 2000 rows, 1 column');
    const quality = await tools.run('get_dataset_quality', { dataset: 'stress-reference' });
    expect(quality.ok ? '' : quality.error).toMatch(/no target column/);
    const report = await tools.run('get_drift_report', { model: 'stress-detector' });
    expect(report.ok && report.summary).toBe('drift report 33333333: 1 of 4 columns drifted, no dataset drift');
  });
});
