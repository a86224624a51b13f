export interface DriftReportSummary {
  id: string;
  referenceDatasetId: string;
  currentDatasetId: string;
  model: string | null;
  version: string | null;
  datasetDrift: boolean;
  driftShare: number;
  /** Share of drifted columns at which the dataset counts as drifted (0.5 by default). */
  driftShareThreshold?: number;
  driftedColumns: number;
  totalColumns: number;
  createdAt: string;
}

export interface DriftColumnResult {
  column: string;
  type: string;
  stattest: string;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
}

export interface DriftReportDetail extends DriftReportSummary {
  /** Per-column results without histograms. */
  columns: DriftColumnResult[];
}

export abstract class DriftAdapter {
  /** Newest first. */
  abstract list(filter: { model?: string; limit: number }): Promise<DriftReportSummary[]>;
  /** null when no report has this id. */
  abstract get(id: string): Promise<DriftReportDetail | null>;
}
