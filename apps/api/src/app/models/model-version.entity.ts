import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { FeatureRole, FeatureType, ModelStage } from '@stress/contracts';

/** A column as stored in `model_versions.features`. */
export interface ModelFeature {
  name: string;
  type: FeatureType;
  role: FeatureRole;
}

@Entity({ name: 'model_versions' })
export class ModelVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId!: string;

  @Column({ type: 'varchar', length: 64 })
  version!: string;

  @Column({ type: 'varchar', length: 16 })
  stage!: ModelStage;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 100 })
  framework!: string;

  @Column({ name: 'training_metrics', type: 'jsonb' })
  trainingMetrics!: Record<string, number>;

  @Column({ type: 'jsonb' })
  features!: ModelFeature[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
