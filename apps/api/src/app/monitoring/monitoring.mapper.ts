import { MonitoringConfigDto } from '@stress/contracts';
import { MonitoringConfigRecord } from './monitoring.types';

export function toMonitoringConfigDto(record: MonitoringConfigRecord): MonitoringConfigDto {
  return {
    model: record.model,
    version: record.version,
    referenceDatasetId: record.referenceDatasetId,
    window: record.window,
    stattest: record.stattest,
    threshold: record.threshold,
    driftShare: record.driftShare,
    minRows: record.minRows,
    enabled: record.enabled,
    updatedBy: record.updatedBy,
    updatedAt: record.updatedAt.toISOString(),
  };
}
