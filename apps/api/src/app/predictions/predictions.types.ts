import type { PredictionFeatureValue } from '@stress/contracts';

/**
 * A version's declared features (role `feature` in the registry), split by storage: numerical ones
 * go to the row's float8 array, the others to its text array, each in declaration order.
 */
export interface DeclaredFeatures {
  numerical: string[];
  categorical: string[];
  /** Every declared feature name, in declaration order. */
  all: string[];
}

/** The model version a request logs to. */
export interface PredictionTarget {
  modelId: string;
  versionId: string;
  features: DeclaredFeatures;
}

export interface LogPredictionsResult {
  accepted: number;
  duplicates: number;
}

export interface LogActualsResult {
  accepted: number;
  matched: number;
  pending: number;
}

export interface PredictionListQuery {
  from?: string;
  to?: string;
  hasActual?: boolean;
  limit?: number;
  offset?: number;
}

/** A stored prediction with its joined actual (the service's answer; mapped to PredictionDto). */
export interface PredictionRecord {
  id: string;
  timestamp: Date;
  features: Record<string, PredictionFeatureValue>;
  prediction: number | string;
  probability: number | null;
  actual: number | string | null;
  actualTimestamp: Date | null;
}
