import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination.dto';

/** Prediction ids (and actual ids): 1–128 visible ASCII characters, unique within the model. */
export const PREDICTION_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;
/** Longest string label accepted as a prediction, an actual or a categorical feature value. */
export const MAX_PREDICTION_LABEL_LENGTH = 200;

/** A feature value: a number, a string, a boolean, or null (missing). */
export type PredictionFeatureValue = number | string | boolean | null;

/** One logged prediction. */
export class PredictionInputDto {
  /** 1–128 visible ASCII characters, unique within the model (a request id, for example). */
  id!: string;

  /** ISO 8601; default now; at most 5 minutes ahead and not older than PREDICTIONS_RETENTION_DAYS. */
  timestamp?: string;

  /**
   * The version's declared features (role `feature` in the registry) → number, string, boolean or null
   * (missing). A declared feature left out is missing; a name that is not declared is refused.
   */
  features!: Record<string, PredictionFeatureValue>;

  /** The predicted value (regression) or label (a number or a string). */
  prediction!: number | string;

  /** In [0, 1]: the positive class's probability for binary classification. */
  probability?: number;
}

/**
 * `POST /api/v1/models/{name}/versions/{version}/predictions`: up to PREDICTIONS_MAX_BATCH rows,
 * stored all or none. Checked by one pass in the API (each bad row named by index and field).
 */
export class LogPredictionsDto {
  rows!: PredictionInputDto[];
}

/** 202: the batch is committed. */
export class LogPredictionsResponseDto {
  /** Rows stored by this request. */
  accepted!: number;
  /** Rows whose id was already stored with identical content (not stored twice). */
  duplicates!: number;
}

/** One actual (ground truth) for a logged prediction. */
export class ActualInputDto {
  /** The prediction's id; it may arrive before the prediction does. */
  id!: string;

  /** The true value or label (a number or a string). */
  actual!: number | string;

  /** When the truth was known (ISO 8601); default now; at most 5 minutes ahead. */
  timestamp?: string;
}

/** `POST /api/v1/models/{name}/actuals`: up to PREDICTIONS_MAX_BATCH rows, stored all or none. */
export class LogActualsDto {
  rows!: ActualInputDto[];
}

/** 202: the batch is committed. */
export class LogActualsResponseDto {
  /** Distinct ids stored (a second actual for an id replaces the first, also within one batch). */
  accepted!: number;
  /** Of those, joined to their prediction. */
  matched!: number;
  /** Of those, waiting for their prediction (kept ACTUALS_LOOKBACK_DAYS). */
  pending!: number;
}

/** `GET …/predictions?from&to&hasActual&limit&offset` */
export class PredictionListQueryDto extends PaginationQueryDto {
  /** From this time (inclusive, ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Until this time (exclusive, ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** `true`: only rows joined to an actual; `false`: only rows without one. */
  @IsOptional()
  @IsIn(['true', 'false'])
  hasActual?: 'true' | 'false';
}

/** A logged prediction with its actual when one is joined. */
export class PredictionDto {
  id!: string;
  /** ISO 8601 (UTC). */
  timestamp!: string;
  /**
   * Every declared feature, null where missing: numbers for numerical features, strings for the
   * others (a boolean or a number sent for a categorical feature is kept as its text, `true`, `1.5`).
   */
  features!: Record<string, PredictionFeatureValue>;
  prediction!: number | string;
  probability!: number | null;
  /** The joined actual, or null. */
  actual!: number | string | null;
  /** When the actual was known (ISO 8601), or null. */
  actualTimestamp!: string | null;
}

/** Newest first. */
export class PredictionListDto {
  items!: PredictionDto[];
  total!: number;
}
