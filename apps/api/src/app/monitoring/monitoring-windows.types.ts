import type { ColumnType, DriftStatTest, MonitoringWindowStatus, WindowEstimateDto, WindowQualityDto } from '@stress/contracts';
import type { ColumnDriftResult } from '@stress/statistics';

/** One column's drift in a window, with both distributions (stored; the list leaves the distributions out). */
export interface WindowColumnDrift {
  column: string;
  type: ColumnType;
  stattest: DriftStatTest;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  reference: ColumnDriftResult['reference'];
  current: ColumnDriftResult['current'];
}

export interface WindowDrift {
  datasetDrift: boolean;
  driftShare: number;
  columns: WindowColumnDrift[];
}

/** A stored monitoring window. */
export interface MonitoringWindowRecord {
  modelVersionId: string;
  start: Date;
  end: Date;
  status: MonitoringWindowStatus;
  /** Arrivals counted so far; a computation records the count it saw. */
  dataVersion: number;
  rows: number | null;
  rowsWithActual: number | null;
  drift: WindowDrift | null;
  quality: WindowQualityDto | null;
  estimate: WindowEstimateDto | null;
  failure: string | null;
  computedAt: Date | null;
}

/** What a computation found, written with its window's metric points. */
export interface WindowResult {
  status: Extract<MonitoringWindowStatus, 'fresh' | 'insufficient'>;
  rows: number;
  rowsWithActual: number;
  drift: WindowDrift | null;
  quality: WindowQualityDto | null;
  estimate: WindowEstimateDto | null;
}

/** A window the scheduler found due. */
export interface DueWindow {
  modelVersionId: string;
  start: Date;
}
