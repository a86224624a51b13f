import { Transform, Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination.dto';
import { emptyToUndefined } from '../common/query-transforms';
import { ColumnRole, ColumnType, CSV_DELIMITERS, DatasetRole, DatasetWarningCode, MAX_DATASET_ROWS_PAGE } from './dataset-enums';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * The text fields of `POST /api/v1/datasets` (multipart/form-data, beside the `file` part).
 * Send them before `file` when you can; fields after it are accepted too.
 */
export class UploadDatasetFieldsDto {
  /** A name people recognise, e.g. "production week 47". */
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  name!: string;

  /** Name of a registered model the dataset belongs to (with `version`). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Length(1, 100)
  model?: string;

  /** Version of `model`, e.g. "1.1.0". Required when `model` is given. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Length(1, 100)
  version?: string;

  /** What the dataset is for; default `other`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEnum(DatasetRole)
  role?: DatasetRole;

  /** Column holding the true label. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  targetColumn?: string;

  /** Column holding the model's predicted label. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  predictionColumn?: string;

  /** Column holding the predicted probability of the positive label (binary classification). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  probabilityColumn?: string;

  /** The positive label for binary quality metrics; default "1", else "true"/"True" when present. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  positiveLabel?: string;

  /** JSON object overriding inferred column types, e.g. `{"device":"categorical","notes":"text"}`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  columnTypes?: string;

  /** Field separator: `,`, `;` or a tab. Omitted: detected from the first lines. */
  @Transform(({ value }) => (value === '' ? undefined : value === '\\t' || value === 'tab' ? '\t' : value))
  @IsOptional()
  @IsIn(CSV_DELIMITERS as string[], { message: 'delimiter must be ",", ";" or a tab ("\\t")' })
  delimiter?: string;
}

export class DatasetColumnDto {
  name!: string;
  type!: ColumnType;
  role!: ColumnRole;
}

/** Histogram of a numerical column: `edges.length === counts.length + 1`, last bin closed on the right (as NumPy). */
export class HistogramDto {
  edges!: number[];
  counts!: number[];
}

/** Quantiles with linear interpolation (as NumPy/pandas). */
export class QuantilesDto {
  p01!: number;
  p05!: number;
  p25!: number;
  p50!: number;
  p75!: number;
  p95!: number;
  p99!: number;
}

export class TopValueDto {
  value!: string;
  count!: number;
}

/** Profile of one column, computed at upload. Numerical columns add mean…histogram; categorical (and text) add `top`. */
export class ColumnProfileDto {
  name!: string;
  type!: ColumnType;
  /** Non-missing values. */
  count!: number;
  /** Empty cells (and, for numerical columns, ±Infinity/NaN). */
  missing!: number;
  /** Distinct non-missing values. */
  distinct!: number;
  mean?: number | null;
  /** Sample standard deviation (ddof 1); null with fewer than 2 values. */
  std?: number | null;
  min?: number | null;
  max?: number | null;
  quantiles?: QuantilesDto | null;
  histogram?: HistogramDto | null;
  /** The 20 most frequent values, ties by value ascending. */
  top?: TopValueDto[];
  /** Datetime columns: earliest and latest value as written in the file (ISO 8601). */
  earliest?: string | null;
  latest?: string | null;
}

export class DatasetWarningDto {
  code!: DatasetWarningCode;
  column!: string;
  /** What was found, in words. */
  message!: string;
}

/** A dataset in lists (no profile). */
export class DatasetSummaryDto {
  id!: string;
  name!: string;
  /** Model name, or null when the dataset is not tied to a model. */
  model!: string | null;
  version!: string | null;
  role!: DatasetRole;
  rowCount!: number;
  /** Size of the uploaded file in bytes. */
  sizeBytes!: number;
  columns!: DatasetColumnDto[];
  targetColumn!: string | null;
  predictionColumn!: string | null;
  probabilityColumn!: string | null;
  positiveLabel!: string | null;
  /** Field separator of the uploaded file. */
  delimiter!: string;
  warnings!: DatasetWarningDto[];
  /** Actor (API key name) who uploaded it. */
  createdBy!: string;
  createdAt!: string;
}

/** `POST /api/v1/datasets` and `GET /api/v1/datasets/:id`: the dataset with its profile (one entry per column, file order). */
export class DatasetDto extends DatasetSummaryDto {
  profile!: ColumnProfileDto[];
}

export class DatasetListDto {
  items!: DatasetSummaryDto[];
  total!: number;
}

export class DatasetListQueryDto extends PaginationQueryDto {
  /** Only datasets of this model (name). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  model?: string;

  /** Only datasets of this model version (with `model`). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  version?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEnum(DatasetRole)
  role?: DatasetRole;
}

export class DatasetRowsQueryDto {
  /** First row (0-based). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number = 0;

  /** Rows, 1 to 1000 (default 100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_DATASET_ROWS_PAGE)
  limit?: number = 100;
}
