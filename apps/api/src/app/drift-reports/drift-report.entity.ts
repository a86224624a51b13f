import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ColumnDriftDto, DriftStatTest } from '@stress/contracts';

@Entity({ name: 'drift_reports' })
export class DriftReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'reference_dataset_id', type: 'uuid' })
  referenceDatasetId!: string;

  @Column({ name: 'current_dataset_id', type: 'uuid' })
  currentDatasetId!: string;

  @Column({ name: 'model_name', type: 'varchar', length: 100, nullable: true })
  modelName!: string | null;

  @Column({ name: 'model_version', type: 'varchar', length: 100, nullable: true })
  modelVersion!: string | null;

  @Column({ name: 'dataset_drift', type: 'boolean' })
  datasetDrift!: boolean;

  /** Share of compared columns that drifted. */
  @Column({ name: 'drift_share', type: 'double precision' })
  driftShare!: number;

  @Column({ name: 'drift_share_threshold', type: 'double precision' })
  driftShareThreshold!: number;

  @Column({ name: 'drifted_columns', type: 'integer' })
  driftedColumns!: number;

  @Column({ name: 'total_columns', type: 'integer' })
  totalColumns!: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  stattest!: DriftStatTest | null;

  @Column({ type: 'double precision', nullable: true })
  threshold!: number | null;

  @Column({ type: 'jsonb' })
  columns!: ColumnDriftDto[];

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
