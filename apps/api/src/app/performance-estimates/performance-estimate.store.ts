import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_PAGE_LIMIT } from '@stress/contracts';
import { NewPerformanceEstimate, PerformanceEstimateListQuery, PerformanceEstimateRecord } from './performance-estimates.types';

interface EstimateRow {
  id: string;
  reference_dataset_id: string;
  current_dataset_id: string;
  model_name: string | null;
  model_version: string | null;
  calibration: PerformanceEstimateRecord['calibration'];
  row_counts: PerformanceEstimateRecord['rows'];
  estimated: PerformanceEstimateRecord['estimated'];
  realized: PerformanceEstimateRecord['realized'];
  warnings: PerformanceEstimateRecord['warnings'];
  created_by: string;
  created_at: Date;
}

const COLUMNS = `id, reference_dataset_id, current_dataset_id, model_name, model_version, calibration, row_counts, estimated,
  realized, warnings, created_by, created_at`;

function toRecord(row: EstimateRow): PerformanceEstimateRecord {
  return {
    id: row.id,
    referenceDatasetId: row.reference_dataset_id,
    currentDatasetId: row.current_dataset_id,
    modelName: row.model_name,
    modelVersion: row.model_version,
    calibration: row.calibration,
    rows: row.row_counts,
    estimated: row.estimated,
    realized: row.realized,
    warnings: row.warnings,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

/** Raw SQL over performance_estimates; rows go with either dataset (ON DELETE CASCADE). */
@Injectable()
export class PerformanceEstimateStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(estimate: NewPerformanceEstimate): Promise<PerformanceEstimateRecord> {
    const rows: EstimateRow[] = await this.dataSource.query(
      `INSERT INTO performance_estimates
         (reference_dataset_id, current_dataset_id, model_name, model_version, calibration, row_counts, estimated, realized, warnings, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING ${COLUMNS}`,
      [
        estimate.referenceDatasetId,
        estimate.currentDatasetId,
        estimate.modelName,
        estimate.modelVersion,
        JSON.stringify(estimate.calibration),
        JSON.stringify(estimate.rows),
        JSON.stringify(estimate.estimated),
        estimate.realized === null ? null : JSON.stringify(estimate.realized),
        JSON.stringify(estimate.warnings),
        estimate.createdBy.slice(0, 100),
      ],
    );
    return toRecord(rows[0]);
  }

  async findById(id: string): Promise<PerformanceEstimateRecord | null> {
    const rows: EstimateRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM performance_estimates WHERE id = $1`, [id]);
    return rows.length > 0 ? toRecord(rows[0]) : null;
  }

  /** Newest first. */
  async list(query: PerformanceEstimateListQuery): Promise<{ items: PerformanceEstimateRecord[]; total: number }> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql.replace('?', `$${parameters.length}`));
    };
    if (query.model) where('model_name = ?', query.model);
    if (query.version) where('model_version = ?', query.version);
    if (query.currentDatasetId) where('current_dataset_id = ?', query.currentDatasetId);
    const filter = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `SELECT ${COLUMNS} FROM performance_estimates ${filter} ORDER BY created_at DESC, id ASC
         LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
        [...parameters, query.limit ?? DEFAULT_PAGE_LIMIT, query.offset ?? 0],
      ) as Promise<EstimateRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM performance_estimates ${filter}`, parameters) as Promise<
        Array<{ total: number }>
      >,
    ]);
    return { items: rows.map(toRecord), total: counted[0].total };
  }
}
