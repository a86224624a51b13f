import type { CalibrationMethodName, EstimatedMetricName } from '@stress/contracts';

export interface EstimatedMetricRecord {
  value: number;
  lower: number;
  upper: number;
}

/** A stored estimate (table performance_estimates). */
export interface PerformanceEstimateRecord {
  id: string;
  referenceDatasetId: string;
  currentDatasetId: string;
  modelName: string | null;
  modelVersion: string | null;
  calibration: { method: CalibrationMethodName; eceBefore: number; eceAfter: number };
  rows: { reference: number; current: number; labelled: number };
  estimated: Record<Exclude<EstimatedMetricName, 'rocAuc'>, EstimatedMetricRecord> & { rocAuc: EstimatedMetricRecord | null };
  realized: (Record<Exclude<EstimatedMetricName, 'rocAuc'>, number> & { rocAuc: number | null }) | null;
  warnings: Array<{ code: string; message: string }>;
  createdBy: string;
  createdAt: Date;
}

export type NewPerformanceEstimate = Omit<PerformanceEstimateRecord, 'id' | 'createdAt'>;

export interface PerformanceEstimateListQuery {
  model?: string;
  version?: string;
  currentDatasetId?: string;
  limit?: number;
  offset?: number;
}
