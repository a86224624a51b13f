export interface DatasetSummary {
  id: string;
  name: string;
  model: string | null;
  version: string | null;
  role: string;
  rowCount: number;
  createdAt: string;
}

export interface DatasetColumnProfile {
  name: string;
  type: string;
  /** feature, target, prediction, probability, … when known. */
  role?: string | null;
  count: number;
  missing: number;
  distinct: number;
  mean?: number | null;
  std?: number | null;
  min?: number | null;
  max?: number | null;
  quantiles?: Record<string, number> | null;
  /** Most frequent values (counts, never rows). */
  top?: Array<{ value: string; count: number }> | null;
}

export interface DatasetDetail extends DatasetSummary {
  columns: DatasetColumnProfile[];
  warnings: string[];
}

export interface DatasetQuality {
  task: string;
  support: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc?: number | null;
  logLoss?: number | null;
  confusionMatrix: { labels: string[]; matrix: number[][] };
}

/** Thrown when a dataset cannot be scored (no target or prediction column); its message says why. */
export class QualityUnavailableError extends Error {}

export abstract class DatasetsAdapter {
  abstract list(filter: { model?: string; role?: string }): Promise<DatasetSummary[]>;
  /** null when no dataset has this id. */
  abstract get(id: string): Promise<DatasetDetail | null>;
  /** null when no dataset has this id; QualityUnavailableError when it lacks the columns. */
  abstract quality(id: string): Promise<DatasetQuality | null>;
}
