import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ColumnProfileDto, DatasetWarningDto } from '@stress/contracts';
import { ColumnRole, ColumnType, DatasetRole } from '@stress/contracts';
import {
  CompletedDataset,
  DatasetColumnRecord,
  DatasetListFilter,
  DatasetListItem,
  DatasetRecord,
  DatasetStatus,
  LoadedDataset,
} from './datasets.types';

interface DatasetRow {
  id: string;
  name: string;
  model_name: string | null;
  model_version: string | null;
  model_version_id: string | null;
  role: DatasetRole;
  status: DatasetStatus;
  row_count: number;
  size_bytes: string | number;
  delimiter: string;
  chunk_rows: number;
  target_column: string | null;
  prediction_column: string | null;
  probability_column: string | null;
  positive_label: string | null;
  profile: ColumnProfileDto[];
  warnings: DatasetWarningDto[];
  created_by: string;
  created_at: Date;
}

interface ColumnRow {
  dataset_id: string;
  ordinal: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  missing: number;
  finite_count: number;
  dictionary: Buffer | null;
}

const DATASET_COLUMNS = `d.id, d.name, d.model_name, d.model_version, d.model_version_id, d.role, d.status, d.row_count, d.size_bytes,
  d.delimiter, d.chunk_rows, d.target_column, d.prediction_column, d.probability_column, d.positive_label, d.profile, d.warnings,
  d.created_by, d.created_at`;

function toDataset(row: DatasetRow): DatasetRecord {
  return {
    id: row.id,
    name: row.name,
    modelName: row.model_name,
    modelVersion: row.model_version,
    modelVersionId: row.model_version_id,
    role: row.role,
    status: row.status,
    rowCount: row.row_count,
    sizeBytes: Number(row.size_bytes),
    delimiter: row.delimiter,
    chunkRows: row.chunk_rows,
    targetColumn: row.target_column,
    predictionColumn: row.prediction_column,
    probabilityColumn: row.probability_column,
    positiveLabel: row.positive_label,
    profile: row.profile,
    warnings: row.warnings,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function toColumn(row: ColumnRow): DatasetColumnRecord {
  return {
    datasetId: row.dataset_id,
    ordinal: row.ordinal,
    name: row.name,
    type: row.type,
    role: row.role,
    missing: row.missing,
    finiteCount: row.finite_count,
    dictionary: row.dictionary,
  };
}

/**
 * The `datasets` and `dataset_columns` rows (chunks: DatasetChunkStore). An upload is staged as an
 * `uploading` row that every read ignores, and made `ready` with its columns by one short transaction.
 */
@Injectable()
export class DatasetsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The staged row an upload's chunks hang from; its id. */
  async stage(chunkRows: number, actor: string): Promise<string> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO datasets (name, role, status, chunk_rows, created_by) VALUES ('(uploading)', 'other', 'uploading', $1, $2) RETURNING id`,
      [chunkRows, actor.slice(0, 100)],
    );
    return rows[0].id;
  }

  /** Writes the columns and makes the staged dataset visible, in one transaction (the caller's, when given). */
  async complete(
    id: string,
    dataset: CompletedDataset,
    columns: Array<Omit<DatasetColumnRecord, 'datasetId'>>,
    manager?: EntityManager,
  ): Promise<void> {
    if (!manager) return this.dataSource.transaction((inner) => this.complete(id, dataset, columns, inner));
    await manager.query(
      `INSERT INTO dataset_columns (dataset_id, ordinal, name, type, role, missing, finite_count, dictionary)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::varchar[], $5::varchar[], $6::int[], $7::int[], $8::bytea[])`,
      [
        id,
        columns.map((column) => column.ordinal),
        columns.map((column) => column.name),
        columns.map((column) => column.type),
        columns.map((column) => column.role),
        columns.map((column) => column.missing),
        columns.map((column) => column.finiteCount),
        columns.map((column) => column.dictionary),
      ],
    );
    await manager.query(
      `UPDATE datasets SET name = $2, model_name = $3, model_version = $4, model_version_id = $5, role = $6, status = 'ready',
         row_count = $7, size_bytes = $8, delimiter = $9, target_column = $10, prediction_column = $11, probability_column = $12,
         positive_label = $13, profile = $14::jsonb, warnings = $15::jsonb, created_by = $16
       WHERE id = $1`,
      [
        id,
        dataset.name,
        dataset.modelName,
        dataset.modelVersion,
        dataset.modelVersionId,
        dataset.role,
        dataset.rowCount,
        dataset.sizeBytes,
        dataset.delimiter,
        dataset.targetColumn,
        dataset.predictionColumn,
        dataset.probabilityColumn,
        dataset.positiveLabel,
        JSON.stringify(dataset.profile),
        JSON.stringify(dataset.warnings),
        dataset.createdBy.slice(0, 100),
      ],
    );
  }

  /** A ready dataset with its columns, or null. */
  async load(id: string): Promise<LoadedDataset | null> {
    const [row]: DatasetRow[] = await this.dataSource.query(
      `SELECT ${DATASET_COLUMNS} FROM datasets d WHERE d.id = $1 AND d.status = 'ready'`,
      [id],
    );
    if (!row) return null;
    const columns: ColumnRow[] = await this.dataSource.query(
      `SELECT dataset_id, ordinal, name, type, role, missing, finite_count, dictionary FROM dataset_columns WHERE dataset_id = $1 ORDER BY ordinal`,
      [id],
    );
    return { dataset: toDataset(row), columns: columns.map(toColumn) };
  }

  /** Ready datasets, newest first, with the total before paging. */
  async list(filter: DatasetListFilter): Promise<{ items: DatasetListItem[]; total: number }> {
    const conditions = [`d.status = 'ready'`];
    const parameters: unknown[] = [];
    if (filter.model) conditions.push(`d.model_name = $${parameters.push(filter.model)}`);
    if (filter.version) conditions.push(`d.model_version = $${parameters.push(filter.version)}`);
    if (filter.role) conditions.push(`d.role = $${parameters.push(filter.role)}`);
    const where = conditions.join(' AND ');
    const rows: Array<DatasetRow & { total: string | number }> = await this.dataSource.query(
      `SELECT ${DATASET_COLUMNS}, count(*) OVER () AS total FROM datasets d WHERE ${where}
       ORDER BY d.created_at DESC, d.id ASC LIMIT $${parameters.push(filter.limit)} OFFSET $${parameters.push(filter.offset)}`,
      parameters,
    );
    // A page past the end has no row to carry the window total.
    const total =
      rows.length > 0
        ? Number(rows[0].total)
        : Number(
            (await this.dataSource.query(`SELECT count(*) AS total FROM datasets d WHERE ${where}`, parameters.slice(0, -2)))[0].total,
          );
    const columns: Array<Pick<ColumnRow, 'dataset_id' | 'name' | 'type' | 'role'>> = rows.length
      ? await this.dataSource.query(
          `SELECT dataset_id, name, type, role FROM dataset_columns WHERE dataset_id = ANY($1::uuid[]) ORDER BY dataset_id, ordinal`,
          [rows.map((row) => row.id)],
        )
      : [];
    return {
      items: rows.map((row) => ({
        dataset: toDataset(row),
        columns: columns
          .filter((column) => column.dataset_id === row.id)
          .map((column) => ({ name: column.name, type: column.type, role: column.role })),
      })),
      total,
    };
  }

  /** The latest ready reference dataset of the model version, else of the model. */
  async referenceFor(model: string, version: string | undefined): Promise<DatasetRecord | null> {
    const [row]: DatasetRow[] = await this.dataSource.query(
      `SELECT ${DATASET_COLUMNS} FROM datasets d
       WHERE d.status = 'ready' AND d.role = $1 AND d.model_name = $2
       ORDER BY CASE WHEN d.model_version = $3 THEN 0 ELSE 1 END, d.created_at DESC LIMIT 1`,
      [DatasetRole.Reference, model, version ?? null],
    );
    return row ? toDataset(row) : null;
  }

  /** Deletes a ready dataset; false when there is none. Columns, chunks, drift reports and performance estimates go with it (ON DELETE CASCADE). */
  async deleteReady(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    // A CTE, because TypeORM answers a bare DELETE … RETURNING with [rows, rowCount].
    const rows: unknown[] = await manager.query(
      `WITH deleted AS (DELETE FROM datasets WHERE id = $1 AND status = 'ready' RETURNING id) SELECT id FROM deleted`,
      [id],
    );
    return rows.length > 0;
  }

  /** Deletes a dataset in any state (a refused upload's staged row, with its chunks). */
  async delete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM datasets WHERE id = $1`, [id]);
  }

  /** Deletes uploads still staged after `hours`: their process died mid-upload. */
  async deleteAbandoned(hours: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM datasets WHERE status = 'uploading' AND created_at < now() - make_interval(hours => $1)`, [
      hours,
    ]);
  }
}
