import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One stream of points: a model version, a metric name and a label set. */
@Entity({ name: 'metric_series' })
export class MetricSeriesEntity {
  @PrimaryGeneratedColumn('identity', { type: 'integer' })
  id!: number;

  @Column({ name: 'model_version_id', type: 'uuid' })
  modelVersionId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'jsonb' })
  labels!: Record<string, string>;
}
