import type { ColumnDriftDto, DriftStatTest } from '@stress/contracts';

/** A stored drift report (a `drift_reports` row). */
export interface DriftReportRecord {
  id: string;
  referenceDatasetId: string;
  currentDatasetId: string;
  modelName: string | null;
  modelVersion: string | null;
  datasetDrift: boolean;
  /** Share of compared columns that drifted. */
  driftShare: number;
  driftShareThreshold: number;
  driftedColumns: number;
  totalColumns: number;
  stattest: DriftStatTest | null;
  threshold: number | null;
  columns: ColumnDriftDto[];
  createdBy: string;
  createdAt: Date;
}

/** A report in lists: without its per-column results. */
export type DriftReportSummaryRecord = Omit<DriftReportRecord, 'columns'>;

export type NewDriftReport = Omit<DriftReportRecord, 'id' | 'createdAt'>;

export interface DriftReportListFilter {
  model?: string;
  version?: string;
  limit: number;
  offset: number;
}
