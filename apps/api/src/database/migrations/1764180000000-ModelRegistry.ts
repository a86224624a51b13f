import { MigrationInterface, QueryRunner } from 'typeorm';

export class ModelRegistry1764180000000 implements MigrationInterface {
  name = 'ModelRegistry1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(63) NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        display_name varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        task varchar(32) NOT NULL CHECK (task IN ('binary-classification', 'multiclass-classification', 'regression')),
        owner varchar(200) NOT NULL DEFAULT '',
        tags text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX models_name_key ON models (name)`);
    await queryRunner.query(`CREATE INDEX models_tags_idx ON models USING gin (tags)`);

    await queryRunner.query(`
      CREATE TABLE model_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        version varchar(64) NOT NULL,
        stage varchar(16) NOT NULL DEFAULT 'none' CHECK (stage IN ('none', 'staging', 'production', 'archived')),
        description text NOT NULL DEFAULT '',
        framework varchar(100) NOT NULL DEFAULT '',
        training_metrics jsonb NOT NULL DEFAULT '{}',
        features jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX model_versions_model_version_key ON model_versions (model_id, version)`);
    // The invariant itself: whatever the application does, two production versions of one model cannot be stored.
    await queryRunner.query(
      `CREATE UNIQUE INDEX model_versions_one_production_key ON model_versions (model_id) WHERE stage = 'production'`,
    );

    await queryRunner.query(`
      CREATE TABLE model_stage_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        model_version_id uuid NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
        from_stage varchar(16) NOT NULL,
        to_stage varchar(16) NOT NULL,
        actor varchar(100) NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX model_stage_changes_version_idx ON model_stage_changes (model_version_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE model_stage_changes`);
    await queryRunner.query(`DROP TABLE model_versions`);
    await queryRunner.query(`DROP TABLE models`);
  }
}
