import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination.dto';
import { emptyToUndefined } from '../common/query-transforms';
import { CALIBRATION_METHODS } from './performance-estimate-enums';
import type { CalibrationMethodName } from './performance-estimate-enums';

export class CreatePerformanceEstimateDto {
  /** A labelled dataset of the model (target, prediction and probability columns): the calibration is fitted on it. */
  @IsUUID('all', { message: 'referenceDatasetId must be a dataset id (UUID)' })
  referenceDatasetId!: string;

  /** The dataset whose quality is estimated (prediction and probability columns; its targets, if any, are only compared). */
  @IsUUID('all', { message: 'currentDatasetId must be a dataset id (UUID)' })
  currentDatasetId!: string;

  /** Default `isotonic`. */
  @IsOptional()
  @IsIn(CALIBRATION_METHODS as string[], { message: `calibration must be one of ${CALIBRATION_METHODS.join(', ')}` })
  calibration?: CalibrationMethodName;
}

/** An estimated metric and its 95 % band (value ∓ 1.96 standard errors, clipped to [0, 1]). */
export class EstimatedMetricDto {
  value!: number;
  lower!: number;
  upper!: number;
}

export class EstimatedMetricsDto {
  accuracy!: EstimatedMetricDto;
  precision!: EstimatedMetricDto;
  recall!: EstimatedMetricDto;
  f1!: EstimatedMetricDto;
  specificity!: EstimatedMetricDto;
  /** Null when every calibrated probability is 0 (or every one is 1): no pair to rank. */
  rocAuc!: EstimatedMetricDto | null;
}

/** Metrics of the current rows that have a target. */
export class RealizedMetricsDto {
  accuracy!: number;
  precision!: number;
  recall!: number;
  f1!: number;
  specificity!: number;
  /** Null when the labelled rows hold one class only. */
  rocAuc!: number | null;
}

export class EstimateCalibrationDto {
  method!: CalibrationMethodName;
  /** Expected calibration error (10 equal-width bins) of the reference's raw probabilities. */
  eceBefore!: number;
  /** The same after calibration, on the reference itself (in-sample, so optimistic); equals eceBefore with `none`. */
  eceAfter!: number;
}

export class EstimateRowsDto {
  /** Reference rows with target, prediction and probability (the calibration's input). */
  reference!: number;
  /** Current rows with prediction and probability (the estimate's input). */
  current!: number;
  /** Current rows that also have a target (the realized metrics' input). */
  labelled!: number;
}

export class EstimateWarningDto {
  /**
   * `single-class-reference`, `reference-miscalibrated`, `calibration-insufficient`, `few-reference-rows`,
   * `few-current-rows`, `probabilities-out-of-range`, `probability-drift`.
   */
  code!: string;
  message!: string;
}

export class PerformanceEstimateDto {
  id!: string;
  model!: string | null;
  version!: string | null;
  referenceDatasetId!: string;
  currentDatasetId!: string;
  calibration!: EstimateCalibrationDto;
  rows!: EstimateRowsDto;
  estimated!: EstimatedMetricsDto;
  realized!: RealizedMetricsDto | null;
  warnings!: EstimateWarningDto[];
  createdBy!: string;
  createdAt!: string;
}

/** Lists carry whole estimates: each is small. */
export class PerformanceEstimateListDto {
  items!: PerformanceEstimateDto[];
  total!: number;
}

export class PerformanceEstimateListQueryDto extends PaginationQueryDto {
  /** Only estimates of this model (name). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  model?: string;

  /** Only estimates of this model version (with `model`). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  version?: string;

  /** Only estimates of this current dataset. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUUID('all', { message: 'currentDatasetId must be a dataset id (UUID)' })
  currentDatasetId?: string;
}
