import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Datasets stored column by column: `dataset_columns` holds each column's type and profile inputs,
 * `dataset_chunks` its values in compressed typed chunks (row order, and sorted finite values for
 * numerical columns so drift tests never sort again). An upload is staged (`status = 'uploading'`)
 * while it streams and becomes visible only when complete; a refused upload deletes its rows.
 */
export class DatasetsAndDrift1764345600000 implements MigrationInterface {
  name = 'DatasetsAndDrift1764345600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        model_name varchar(100),
        model_version varchar(100),
        -- Deleting a model (or one of its versions) deletes its datasets, and with them their reports.
        model_version_id uuid REFERENCES model_versions (id) ON DELETE CASCADE,
        role varchar(16) NOT NULL CHECK (role IN ('reference', 'current', 'training', 'other')),
        status varchar(16) NOT NULL DEFAULT 'uploading' CHECK (status IN ('uploading', 'ready')),
        row_count integer NOT NULL DEFAULT 0,
        size_bytes bigint NOT NULL DEFAULT 0,
        delimiter varchar(4) NOT NULL DEFAULT ',',
        chunk_rows integer NOT NULL,
        target_column text,
        prediction_column text,
        probability_column text,
        positive_label text,
        profile jsonb NOT NULL DEFAULT '[]'::jsonb,
        warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_by varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX datasets_model_idx ON datasets (model_name, model_version, role, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX datasets_model_version_idx ON datasets (model_version_id)`);
    await queryRunner.query(`CREATE INDEX datasets_created_idx ON datasets (status, created_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE dataset_columns (
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        name text NOT NULL,
        type varchar(16) NOT NULL CHECK (type IN ('numerical', 'categorical', 'datetime', 'text')),
        role varchar(16) NOT NULL CHECK (role IN ('feature', 'target', 'prediction', 'probability')),
        missing integer NOT NULL,
        finite_count integer NOT NULL,
        dictionary bytea,
        PRIMARY KEY (dataset_id, ordinal)
      )`);
    await queryRunner.query(`
      CREATE TABLE dataset_chunks (
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        kind varchar(8) NOT NULL CHECK (kind IN ('values', 'sorted')),
        seq integer NOT NULL,
        length integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (dataset_id, ordinal, kind, seq)
      )`);
    await queryRunner.query(`
      CREATE TABLE drift_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference_dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        current_dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        model_name varchar(100),
        model_version varchar(100),
        dataset_drift boolean NOT NULL,
        drift_share double precision NOT NULL,
        drift_share_threshold double precision NOT NULL,
        drifted_columns integer NOT NULL,
        total_columns integer NOT NULL,
        stattest varchar(16),
        threshold double precision,
        columns jsonb NOT NULL,
        created_by varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX drift_reports_model_idx ON drift_reports (model_name, model_version, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX drift_reports_created_idx ON drift_reports (created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE drift_reports`);
    await queryRunner.query(`DROP TABLE dataset_chunks`);
    await queryRunner.query(`DROP TABLE dataset_columns`);
    await queryRunner.query(`DROP TABLE datasets`);
  }
}
