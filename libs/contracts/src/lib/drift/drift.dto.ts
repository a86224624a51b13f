import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination.dto';
import { emptyToUndefined } from '../common/query-transforms';
import { ColumnType } from '../datasets/dataset-enums';

/** Statistical tests a drift report may force (`stattest`). */
export type DriftStatTest = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';
export const DRIFT_STAT_TESTS: readonly DriftStatTest[] = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'];

/** Share of drifted columns from which the dataset counts as drifted, unless the request says otherwise. */
export const DEFAULT_DRIFT_SHARE = 0.5;

export class CreateDriftReportDto {
  @IsUUID('all', { message: 'referenceDatasetId must be a dataset id (UUID)' })
  referenceDatasetId!: string;

  @IsUUID('all', { message: 'currentDatasetId must be a dataset id (UUID)' })
  currentDatasetId!: string;

  /** Columns to compare. Default: every numerical and categorical column present in both datasets. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsString({ each: true })
  columns?: string[];

  /** Force one test for every column. Default: per column, as Evidently chooses. */
  @IsOptional()
  @IsIn(DRIFT_STAT_TESTS as string[], { message: `stattest must be one of ${DRIFT_STAT_TESTS.join(', ')}` })
  stattest?: DriftStatTest;

  /** Overrides the test's default threshold (p-value tests: 0.05; distances: 0.1). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  threshold?: number;

  /** Dataset drift when the share of drifted columns ≥ this (0 to 1, default 0.5). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  driftShare?: number;
}

/**
 * Distribution of a column for the overlay chart. Numerical: `edges` (counts.length + 1) shared by reference and current.
 * Categorical: `values`, one bin per value, the same values on both sides.
 */
export class DriftHistogramDto {
  edges?: number[];
  values?: string[];
  counts!: number[];
}

export class DriftDistributionDto {
  histogram!: DriftHistogramDto;
}

export class ColumnDriftDto {
  column!: string;
  type!: ColumnType;
  stattest!: DriftStatTest;
  /** Test statistic or distance. */
  statistic!: number;
  /** p-value (ks, chisquare, z); null for distances (wasserstein, jensenshannon, psi). */
  pValue!: number | null;
  threshold!: number;
  drifted!: boolean;
  reference!: DriftDistributionDto;
  current!: DriftDistributionDto;
}

/** A drift report without its per-column results (lists). */
export class DriftReportSummaryDto {
  id!: string;
  referenceDatasetId!: string;
  currentDatasetId!: string;
  /** Model and version of the current dataset (else of the reference), or null. */
  model!: string | null;
  version!: string | null;
  /** True when `driftShare` ≥ `driftShareThreshold`. */
  datasetDrift!: boolean;
  /** Share of compared columns that drifted: driftedColumns / totalColumns (also recorded as metric `drift_share`). */
  driftShare!: number;
  /** The share of drifted columns from which the dataset counts as drifted (request `driftShare`, default 0.5). */
  driftShareThreshold!: number;
  driftedColumns!: number;
  totalColumns!: number;
  /** Test forced by the request, or null when chosen per column. */
  stattest!: DriftStatTest | null;
  /** Threshold forced by the request, or null for each test's default. */
  threshold!: number | null;
  createdBy!: string;
  createdAt!: string;
}

export class DriftReportDto extends DriftReportSummaryDto {
  columns!: ColumnDriftDto[];
}

export class DriftReportListDto {
  items!: DriftReportSummaryDto[];
  total!: number;
}

export class DriftReportListQueryDto extends PaginationQueryDto {
  /** Only reports of this model (name). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  model?: string;

  /** Only reports of this model version (with `model`). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  version?: string;
}
