import { MigrationInterface, QueryRunner } from 'typeorm';

/** CBPE estimates: deleting either dataset deletes the estimates made from it. */
export class PerformanceEstimates1765065600000 implements MigrationInterface {
  name = 'PerformanceEstimates1765065600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE performance_estimates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference_dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        current_dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        model_name varchar(100),
        model_version varchar(100),
        calibration jsonb NOT NULL,
        row_counts jsonb NOT NULL,
        estimated jsonb NOT NULL,
        realized jsonb,
        warnings jsonb NOT NULL,
        created_by varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX performance_estimates_model_idx ON performance_estimates (model_name, model_version, created_at DESC)`,
    );
    await queryRunner.query(`CREATE INDEX performance_estimates_reference_idx ON performance_estimates (reference_dataset_id)`);
    await queryRunner.query(
      `CREATE INDEX performance_estimates_current_idx ON performance_estimates (current_dataset_id, created_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE performance_estimates`);
  }
}
