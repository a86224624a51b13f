import { DriftReportDto, DriftReportSummaryDto } from '@stress/contracts';
import { DriftReportRecord, DriftReportSummaryRecord } from './drift-reports.types';

export function toDriftReportSummaryDto(report: DriftReportSummaryRecord): DriftReportSummaryDto {
  return {
    id: report.id,
    referenceDatasetId: report.referenceDatasetId,
    currentDatasetId: report.currentDatasetId,
    model: report.modelName,
    version: report.modelVersion,
    datasetDrift: report.datasetDrift,
    driftShare: report.driftShare,
    driftShareThreshold: report.driftShareThreshold,
    driftedColumns: report.driftedColumns,
    totalColumns: report.totalColumns,
    stattest: report.stattest,
    threshold: report.threshold,
    createdBy: report.createdBy,
    createdAt: report.createdAt.toISOString(),
  };
}

export function toDriftReportDto(report: DriftReportRecord): DriftReportDto {
  return { ...toDriftReportSummaryDto(report), columns: report.columns };
}
