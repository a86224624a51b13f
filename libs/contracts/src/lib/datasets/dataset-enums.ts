/** What a dataset is for. Drift compares a `current` dataset with its model's `reference`. */
export enum DatasetRole {
  Reference = 'reference',
  Current = 'current',
  Training = 'training',
  Other = 'other',
}

export const DATASET_ROLES: readonly DatasetRole[] = [DatasetRole.Reference, DatasetRole.Current, DatasetRole.Training, DatasetRole.Other];

/**
 * Type of a column. Inferred at upload: `numerical` when every non-empty value parses as a number,
 * `datetime` when every non-empty value is an ISO 8601 date, else `categorical`. `text` only when overridden.
 */
export enum ColumnType {
  Numerical = 'numerical',
  Categorical = 'categorical',
  Datetime = 'datetime',
  Text = 'text',
}

export const COLUMN_TYPES: readonly ColumnType[] = [ColumnType.Numerical, ColumnType.Categorical, ColumnType.Datetime, ColumnType.Text];

/** The part a column plays for the model (named by `targetColumn`, `predictionColumn`, `probabilityColumn`). */
export enum ColumnRole {
  Feature = 'feature',
  Target = 'target',
  Prediction = 'prediction',
  Probability = 'probability',
}

/** Why a dataset deserves a second look. */
export enum DatasetWarningCode {
  /** More than 20% of the column's values are missing. */
  ManyMissing = 'many-missing',
  /** Every non-missing value of the column is the same. */
  Constant = 'constant',
  /** A column of a `current` dataset that its model version's reference dataset does not have. */
  NotInReference = 'not-in-reference',
}

/** Separators the CSV parser detects (or accepts as `delimiter`). */
export const CSV_DELIMITERS: readonly string[] = [',', ';', '\t'];

/** Most rows `GET /api/v1/datasets/:id/rows` returns at once. */
export const MAX_DATASET_ROWS_PAGE = 1000;
