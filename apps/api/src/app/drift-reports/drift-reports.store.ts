import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ColumnDriftDto, DriftStatTest } from '@stress/contracts';
import { DriftReportListFilter, DriftReportRecord, DriftReportSummaryRecord, NewDriftReport } from './drift-reports.types';

interface ReportRow {
  id: string;
  reference_dataset_id: string;
  current_dataset_id: string;
  model_name: string | null;
  model_version: string | null;
  dataset_drift: boolean;
  drift_share: number;
  drift_share_threshold: number;
  drifted_columns: number;
  total_columns: number;
  stattest: DriftStatTest | null;
  threshold: number | null;
  columns?: ColumnDriftDto[];
  created_by: string;
  created_at: Date;
}

const SUMMARY_COLUMNS = `id, reference_dataset_id, current_dataset_id, model_name, model_version, dataset_drift, drift_share,
  drift_share_threshold, drifted_columns, total_columns, stattest, threshold, created_by, created_at`;

function toSummary(row: ReportRow): DriftReportSummaryRecord {
  return {
    id: row.id,
    referenceDatasetId: row.reference_dataset_id,
    currentDatasetId: row.current_dataset_id,
    modelName: row.model_name,
    modelVersion: row.model_version,
    datasetDrift: row.dataset_drift,
    driftShare: row.drift_share,
    driftShareThreshold: row.drift_share_threshold,
    driftedColumns: row.drifted_columns,
    totalColumns: row.total_columns,
    stattest: row.stattest,
    threshold: row.threshold,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** The `drift_reports` rows. */
@Injectable()
export class DriftReportsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(report: NewDriftReport): Promise<DriftReportRecord> {
    const [row]: ReportRow[] = await this.dataSource.query(
      `INSERT INTO drift_reports (reference_dataset_id, current_dataset_id, model_name, model_version, dataset_drift, drift_share,
         drift_share_threshold, drifted_columns, total_columns, stattest, threshold, columns, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
       RETURNING ${SUMMARY_COLUMNS}, columns`,
      [
        report.referenceDatasetId,
        report.currentDatasetId,
        report.modelName,
        report.modelVersion,
        report.datasetDrift,
        report.driftShare,
        report.driftShareThreshold,
        report.driftedColumns,
        report.totalColumns,
        report.stattest,
        report.threshold,
        JSON.stringify(report.columns),
        report.createdBy.slice(0, 100),
      ],
    );
    return { ...toSummary(row), columns: row.columns ?? [] };
  }

  async find(id: string): Promise<DriftReportRecord | null> {
    const [row]: ReportRow[] = await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS}, columns FROM drift_reports WHERE id = $1`, [id]);
    return row ? { ...toSummary(row), columns: row.columns ?? [] } : null;
  }

  /** Reports newest first, without per-column results, with the total before paging. */
  async list(filter: DriftReportListFilter): Promise<{ items: DriftReportSummaryRecord[]; total: number }> {
    const conditions = ['TRUE'];
    const parameters: unknown[] = [];
    if (filter.model) conditions.push(`model_name = $${parameters.push(filter.model)}`);
    if (filter.version) conditions.push(`model_version = $${parameters.push(filter.version)}`);
    const where = conditions.join(' AND ');
    const rows: Array<ReportRow & { total: string | number }> = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, count(*) OVER () AS total FROM drift_reports WHERE ${where}
       ORDER BY created_at DESC, id ASC LIMIT $${parameters.push(filter.limit)} OFFSET $${parameters.push(filter.offset)}`,
      parameters,
    );
    // A page past the end has no row to carry the window total.
    const total =
      rows.length > 0
        ? Number(rows[0].total)
        : Number(
            (await this.dataSource.query(`SELECT count(*) AS total FROM drift_reports WHERE ${where}`, parameters.slice(0, -2)))[0].total,
          );
    return { items: rows.map(toSummary), total };
  }
}
