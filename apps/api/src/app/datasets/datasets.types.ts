import type { ColumnProfileDto, DatasetWarningDto } from '@stress/contracts';
import { ColumnRole, ColumnType, DatasetRole } from '@stress/contracts';

/** `uploading` while the file streams in: invisible to every read until `ready`. */
export type DatasetStatus = 'uploading' | 'ready';

/** A stored dataset (a `datasets` row) as the API's services see it. */
export interface DatasetRecord {
  id: string;
  name: string;
  modelName: string | null;
  modelVersion: string | null;
  modelVersionId: string | null;
  role: DatasetRole;
  status: DatasetStatus;
  rowCount: number;
  sizeBytes: number;
  delimiter: string;
  /** Rows per stored chunk. */
  chunkRows: number;
  targetColumn: string | null;
  predictionColumn: string | null;
  probabilityColumn: string | null;
  positiveLabel: string | null;
  profile: ColumnProfileDto[];
  warnings: DatasetWarningDto[];
  createdBy: string;
  createdAt: Date;
}

/** One column of a stored dataset (a `dataset_columns` row). */
export interface DatasetColumnRecord {
  datasetId: string;
  ordinal: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  /** Empty cells (and NaN/±Infinity of numerical columns). */
  missing: number;
  /** Numerical: finite values (the length of the sorted chunks). Others: non-missing values. */
  finiteCount: number;
  /** Text-like columns: compressed JSON `{ values, counts }` (code → value, occurrences); see ColumnDictionary. */
  dictionary: Buffer | null;
}

/** A dataset with its columns in file order. */
export interface LoadedDataset {
  dataset: DatasetRecord;
  columns: DatasetColumnRecord[];
}

/** A dataset in a list: its columns without profile inputs. */
export interface DatasetListItem {
  dataset: DatasetRecord;
  columns: Array<Pick<DatasetColumnRecord, 'name' | 'type' | 'role'>>;
}

/** A column's dictionary (text-like columns): value per code and its occurrences. */
export interface ColumnDictionary {
  values: string[];
  counts: number[];
}

export interface DatasetListFilter {
  model?: string;
  version?: string;
  role?: DatasetRole;
  limit: number;
  offset: number;
}

/** What a completed upload writes onto its staged row. */
export interface CompletedDataset {
  name: string;
  modelName: string | null;
  modelVersion: string | null;
  modelVersionId: string | null;
  role: DatasetRole;
  rowCount: number;
  sizeBytes: number;
  delimiter: string;
  targetColumn: string | null;
  predictionColumn: string | null;
  probabilityColumn: string | null;
  positiveLabel: string | null;
  profile: ColumnProfileDto[];
  warnings: DatasetWarningDto[];
  createdBy: string;
}
