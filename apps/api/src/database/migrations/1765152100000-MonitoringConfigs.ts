import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per model version: what its logged predictions are monitored against. */
export class MonitoringConfigs1765152100000 implements MigrationInterface {
  name = 'MonitoringConfigs1765152100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Deleting the version or its reference dataset deletes the configuration (monitoring needs both).
    await queryRunner.query(`
      CREATE TABLE monitoring_configs (
        model_version_id uuid PRIMARY KEY REFERENCES model_versions (id) ON DELETE CASCADE,
        reference_dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        window_width varchar(4) NOT NULL,
        stattest varchar(16),
        threshold double precision,
        drift_share double precision NOT NULL,
        min_rows integer NOT NULL,
        enabled boolean NOT NULL,
        updated_by varchar(100) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX monitoring_configs_reference_idx ON monitoring_configs (reference_dataset_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE monitoring_configs`);
  }
}
