import { MonitoringData } from '../monitoring/monitoring-data';
import { alertTools } from './alert-tools';
import { datasetTools } from './dataset-tools';
import { driftTools } from './drift-tools';
import { estimateTools } from './estimate-tools';
import { metricTools } from './metric-tools';
import { modelTools } from './model-tools';
import { AnyToolDefinition } from './tool-registry';
import { windowTools } from './window-tools';
import { Lookups } from './tool-support';

export type { ListModelsResult, GetModelResult } from './model-tools';
export type { MetricNamesResult, LatestMetricItem, LatestMetricsResult, MetricSummaryResult } from './metric-tools';
export type { ListDriftReportsResult, DriftReportResult } from './drift-tools';
export type { ListDatasetsResult, DatasetProfileResult, DatasetQualityResult } from './dataset-tools';
export type { PerformanceEstimateResult } from './estimate-tools';
export type { MonitoringWindowsResult, WindowBrief, WindowsSummary } from './window-tools';
export type { AlertsResult, AlertBrief, AlertTransition } from './alert-tools';

/**
 * The assistant's tools, shared by LLM and rules mode, by subject: models, metrics, drift, datasets, performance estimates,
 * production monitoring windows, alerts.
 * Each validates names against the registry and reports unknown ones with the names that exist.
 */
export function createMonitoringTools(data: MonitoringData, now: () => Date = () => new Date()): AnyToolDefinition[] {
  const lookups = new Lookups(data);
  return [
    ...modelTools(data, lookups),
    ...metricTools(data, lookups, now),
    ...driftTools(data, lookups),
    ...datasetTools(data, lookups),
    ...estimateTools(data, lookups),
    ...windowTools(data, lookups, now),
    ...alertTools(data, now),
  ];
}
