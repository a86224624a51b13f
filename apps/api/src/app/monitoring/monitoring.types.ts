import type { DriftStatTest, MonitoringWindow } from '@stress/contracts';

/** A version's monitoring configuration as the services see it. */
export interface MonitoringConfigRecord {
  model: string;
  version: string;
  modelVersionId: string;
  referenceDatasetId: string;
  window: MonitoringWindow;
  stattest: DriftStatTest | null;
  threshold: number | null;
  driftShare: number;
  minRows: number;
  enabled: boolean;
  updatedBy: string;
  updatedAt: Date;
}

export interface MonitoringConfigInput {
  referenceDatasetId: string;
  window: MonitoringWindow;
  stattest?: DriftStatTest;
  threshold?: number;
  driftShare?: number;
  minRows?: number;
  enabled: boolean;
}
