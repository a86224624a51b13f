import { PerformanceEstimateDto } from '@stress/contracts';
import { PerformanceEstimateRecord } from './performance-estimates.types';

export function toPerformanceEstimateDto(record: PerformanceEstimateRecord): PerformanceEstimateDto {
  return {
    id: record.id,
    model: record.modelName,
    version: record.modelVersion,
    referenceDatasetId: record.referenceDatasetId,
    currentDatasetId: record.currentDatasetId,
    calibration: record.calibration,
    rows: record.rows,
    estimated: record.estimated,
    realized: record.realized,
    warnings: record.warnings,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
  };
}
