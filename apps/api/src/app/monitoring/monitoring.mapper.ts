import { MonitoringConfigDto, MonitoringWindowDetailDto, MonitoringWindowDto } from '@stress/contracts';
import { MonitoringConfigRecord } from './monitoring.types';
import { MonitoringWindowRecord } from './monitoring-windows.types';

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

/** A window in a list: drift columns without their distributions. */
export function toWindowDto(record: MonitoringWindowRecord): MonitoringWindowDto {
  return {
    ...windowFields(record),
    drift: record.drift && {
      datasetDrift: record.drift.datasetDrift,
      driftShare: record.drift.driftShare,
      columns: record.drift.columns.map((column) => ({
        column: column.column,
        type: column.type,
        stattest: column.stattest,
        statistic: column.statistic,
        pValue: column.pValue,
        threshold: column.threshold,
        drifted: column.drifted,
      })),
    },
  };
}

/** One window with each column's reference and current distributions. */
export function toWindowDetailDto(record: MonitoringWindowRecord): MonitoringWindowDetailDto {
  return { ...windowFields(record), drift: record.drift };
}

function windowFields(record: MonitoringWindowRecord): Omit<MonitoringWindowDto, 'drift'> {
  return {
    start: record.start.toISOString(),
    end: record.end.toISOString(),
    status: record.status,
    rows: record.rows,
    rowsWithActual: record.rowsWithActual,
    quality: record.quality,
    estimate: record.estimate,
    failure: record.failure,
    computedAt: record.computedAt?.toISOString() ?? null,
  };
}
