import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ColumnProfileDto, DatasetWarningDto } from '@stress/contracts';
import { ColumnRole, ColumnType, DatasetRole } from '@stress/contracts';

export type DatasetStatus = 'uploading' | 'ready';

@Entity({ name: 'datasets' })
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'model_name', type: 'varchar', length: 100, nullable: true })
  modelName!: string | null;

  @Column({ name: 'model_version', type: 'varchar', length: 100, nullable: true })
  modelVersion!: string | null;

  @Column({ name: 'model_version_id', type: 'uuid', nullable: true })
  modelVersionId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  role!: DatasetRole;

  /** `uploading` while the file streams in: invisible to every read until `ready`. */
  @Column({ type: 'varchar', length: 16 })
  status!: DatasetStatus;

  @Column({ name: 'row_count', type: 'integer' })
  rowCount!: number;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 4 })
  delimiter!: string;

  @Column({ name: 'chunk_rows', type: 'integer' })
  chunkRows!: number;

  @Column({ name: 'target_column', type: 'text', nullable: true })
  targetColumn!: string | null;

  @Column({ name: 'prediction_column', type: 'text', nullable: true })
  predictionColumn!: string | null;

  @Column({ name: 'probability_column', type: 'text', nullable: true })
  probabilityColumn!: string | null;

  @Column({ name: 'positive_label', type: 'text', nullable: true })
  positiveLabel!: string | null;

  @Column({ type: 'jsonb' })
  profile!: ColumnProfileDto[];

  @Column({ type: 'jsonb' })
  warnings!: DatasetWarningDto[];

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'dataset_columns' })
export class DatasetColumnEntity {
  @Column({ name: 'dataset_id', type: 'uuid', primary: true })
  datasetId!: string;

  @Column({ type: 'integer', primary: true })
  ordinal!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: ColumnType;

  @Column({ type: 'varchar', length: 16 })
  role!: ColumnRole;

  /** Empty cells (and NaN/±Infinity of numerical columns). */
  @Column({ type: 'integer' })
  missing!: number;

  /** Numerical: finite values (the length of the sorted chunks). Others: non-missing values. */
  @Column({ name: 'finite_count', type: 'integer' })
  finiteCount!: number;

  /** Text-like columns: compressed JSON `{ values, counts }` (code → value, occurrences). */
  @Column({ type: 'bytea', nullable: true })
  dictionary!: Buffer | null;
}
