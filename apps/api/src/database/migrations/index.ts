import { MigrationInterface } from 'typeorm';
import { Foundation1764172800000 } from './1764172800000-Foundation';
import { ModelRegistry1764180000000 } from './1764180000000-ModelRegistry';
import { MetricSeries1764183600000 } from './1764183600000-MetricSeries';
import { Chat1764400000000 } from './1764400000000-Chat';
import { DatasetsAndDrift1764345600000 } from './1764345600000-DatasetsAndDrift';
import { DatasetCellFormats1764432000000 } from './1764432000000-DatasetCellFormats';
import { PerformanceEstimates1765065600000 } from './1765065600000-PerformanceEstimates';
import { Predictions1765152000000 } from './1765152000000-Predictions';
import { MonitoringConfigs1765152100000 } from './1765152100000-MonitoringConfigs';
import { MonitoringWindows1765300000000 } from './1765300000000-MonitoringWindows';
import { Alerting1765200000000 } from './1765200000000-Alerting';
import { SsoAndAudit1765210000000 } from './1765210000000-SsoAndAudit';
import { WindowEstimates1765310000000 } from './1765310000000-WindowEstimates';

/**
 * Every migration, in order. Listed explicitly: the API is bundled, so glob paths
 * would find nothing at run time. Add new migrations at the end.
 */
export const migrations: Array<new () => MigrationInterface> = [
  Foundation1764172800000,
  ModelRegistry1764180000000,
  MetricSeries1764183600000,
  DatasetsAndDrift1764345600000,
  Chat1764400000000,
  DatasetCellFormats1764432000000,
  PerformanceEstimates1765065600000,
  Predictions1765152000000,
  MonitoringConfigs1765152100000,
  MonitoringWindows1765300000000,
  Alerting1765200000000,
  SsoAndAudit1765210000000,
  WindowEstimates1765310000000,
];
