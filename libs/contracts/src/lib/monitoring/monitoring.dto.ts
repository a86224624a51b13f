import { IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ColumnType } from '../datasets/dataset-enums';
import type { WindowQualityDto } from './window-quality';
import { DRIFT_STAT_TESTS, DriftDistributionDto, DriftStatTest } from '../drift/drift.dto';
import { EstimateCalibrationDto, EstimatedMetricsDto, EstimateWarningDto } from '../performance-estimates/performance-estimate.dto';

/** Width of a monitoring window; windows are tumbling and aligned to UTC multiples of their width. */
export type MonitoringWindow = '1h' | '6h' | '1d' | '7d';
export const MONITORING_WINDOWS: readonly MonitoringWindow[] = ['1h', '6h', '1d', '7d'];
export const MONITORING_WINDOW_MS: Readonly<Record<MonitoringWindow, number>> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '1d': 86_400_000,
  '7d': 7 * 86_400_000,
};
/** Windows with fewer rows are `insufficient` (no drift), unless the configuration says otherwise. */
export const DEFAULT_MONITORING_MIN_ROWS = 100;

/** `PUT /api/v1/models/{name}/versions/{version}/monitoring` */
export class PutMonitoringConfigDto {
  /** A dataset of this model (any version) holding every declared feature. */
  @IsUUID('all', { message: 'referenceDatasetId must be a dataset id (UUID)' })
  referenceDatasetId!: string;

  @IsIn(MONITORING_WINDOWS as string[], { message: `window must be one of ${MONITORING_WINDOWS.join(', ')}` })
  window!: MonitoringWindow;

  /** Force one test for every column. Default: per column, as Evidently chooses (as drift reports). */
  @IsOptional()
  @IsIn(DRIFT_STAT_TESTS as string[], { message: `stattest must be one of ${DRIFT_STAT_TESTS.join(', ')}` })
  stattest?: DriftStatTest;

  /** Overrides the test's default threshold (p-value tests: 0.05; distances: 0.1). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  threshold?: number;

  /** A window drifted when the share of drifted columns ≥ this (0 to 1, default 0.5). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  driftShare?: number;

  /** Windows with fewer rows get no drift (`insufficient`); default 100. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  minRows?: number;

  @IsBoolean()
  enabled!: boolean;
}

/** The monitoring configuration of a model version. */
export class MonitoringConfigDto {
  model!: string;
  version!: string;
  referenceDatasetId!: string;
  window!: MonitoringWindow;
  stattest!: DriftStatTest | null;
  threshold!: number | null;
  driftShare!: number;
  minRows!: number;
  enabled!: boolean;
  updatedBy!: string;
  /** ISO 8601. */
  updatedAt!: string;
}

/**
 * A window's state: `pending` (not computed yet), `fresh` (computed on all its data), `stale` (data arrived
 * after it was computed; recomputed within the next interval), `insufficient` (fewer than `minRows` rows:
 * no drift), `failed` (the computation failed: see `failure`).
 */
export type MonitoringWindowStatus = 'pending' | 'fresh' | 'stale' | 'insufficient' | 'failed';
export const MONITORING_WINDOW_STATUSES: readonly MonitoringWindowStatus[] = ['pending', 'fresh', 'stale', 'insufficient', 'failed'];

/** One column's drift in a window: the window's logged values against the reference dataset's column. */
export class WindowColumnDriftDto {
  /** A declared feature, or `prediction` / `probability`. */
  column!: string;
  type!: ColumnType;
  stattest!: DriftStatTest;
  statistic!: number;
  /** null for distance tests. */
  pValue!: number | null;
  threshold!: number;
  drifted!: boolean;
}

/** A window's drift column with both distributions (GET …/windows/{start}). */
export class WindowColumnDriftDetailDto extends WindowColumnDriftDto {
  reference!: DriftDistributionDto;
  current!: DriftDistributionDto;
}

export class WindowDriftDto {
  /** True when `driftShare` ≥ the configured `driftShare`. */
  datasetDrift!: boolean;
  /** Share of compared columns that drifted. */
  driftShare!: number;
  columns!: WindowColumnDriftDto[];
}

export class WindowDriftDetailDto extends WindowDriftDto {
  declare columns: WindowColumnDriftDetailDto[];
}

export class WindowEstimateRowsDto {
  /** Reference rows with target, prediction and probability (the calibration's input). */
  reference!: number;
  /** The window's rows with a prediction and a probability (the estimate's input). */
  current!: number;
}

/**
 * The window's quality estimated from its own probabilities, calibrated on the monitoring reference (CBPE, as
 * POST /api/v1/performance-estimates computes it for datasets): available before any actual arrives.
 */
export class WindowEstimateDto {
  estimated!: EstimatedMetricsDto;
  calibration!: EstimateCalibrationDto;
  rows!: WindowEstimateRowsDto;
  warnings!: EstimateWarningDto[];
}

/** A tumbling time window of a version's logged predictions and what monitoring computed for it. */
export class MonitoringWindowDto {
  /** ISO 8601, inclusive. */
  start!: string;
  /** ISO 8601, exclusive. */
  end!: string;
  status!: MonitoringWindowStatus;
  /** Logged predictions in the window (null until computed). */
  rows!: number | null;
  /** Of those, how many have an actual. */
  rowsWithActual!: number | null;
  /** null when not computed or `insufficient`. */
  drift!: WindowDriftDto | null;
  /**
   * Quality over the rows with an actual: classification models as dataset quality (`task` binary or multiclass),
   * regression models `{ task: "regression", support, mae, rmse, r2 }`; null without labelled rows.
   */
  quality!: WindowQualityDto | null;
  /**
   * Confidence-based performance estimate; null unless the model is a binary classifier, its reference has target,
   * prediction and probability columns, and the window's rows carry probabilities.
   */
  estimate!: WindowEstimateDto | null;
  /** Why the last computation failed (status `failed`). */
  failure!: string | null;
  /** ISO 8601; null until computed. */
  computedAt!: string | null;
}

export class MonitoringWindowDetailDto extends MonitoringWindowDto {
  declare drift: WindowDriftDetailDto | null;
}

export class MonitoringWindowListDto {
  items!: MonitoringWindowDto[];
  total!: number;
}

/** `GET …/windows?from&to` and `POST …/windows/recompute?from&to`. */
export class WindowRangeQueryDto {
  /** ISO 8601: windows starting at or after this. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  /** ISO 8601: windows starting before this. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}

/** The answer to `POST …/windows/recompute`. */
export class RecomputeWindowsResultDto {
  /** Windows marked for recomputation (they are computed within the next MONITORING_INTERVAL_MS). */
  windows!: number;
}
