import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ModelStage } from '@stress/contracts';

/** The audit trail of the registry: one row per stage change of a version. */
@Entity({ name: 'model_stage_changes' })
export class StageChangeEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ name: 'model_version_id', type: 'uuid' })
  modelVersionId!: string;

  @Column({ name: 'from_stage', type: 'varchar', length: 16 })
  fromStage!: ModelStage;

  @Column({ name: 'to_stage', type: 'varchar', length: 16 })
  toStage!: ModelStage;

  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
