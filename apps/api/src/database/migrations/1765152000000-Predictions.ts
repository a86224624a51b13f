import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Logged predictions and their late-arriving actuals. The layout is described in
 * docs/predictions.md. Partitions of `predictions` are created by PredictionPartitions at run
 * time (they depend on the clock), never here.
 */
export class Predictions1765152000000 implements MigrationInterface {
  name = 'Predictions1765152000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per logged prediction, partitioned by day on its timestamp: a window scan reads one or
    // a few partitions, and retention drops whole partitions instead of deleting rows. Feature values
    // are arrays aligned with the version's declared features (immutable once registered): numerical
    // ones as float8 (NULL = missing), the others as text. No foreign key: a per-row check would slow
    // bulk ingestion; the rows leave with their model through the registry's deletion step.
    await queryRunner.query(`
      CREATE TABLE predictions (
        model_version_id uuid NOT NULL,
        ts timestamptz NOT NULL,
        id varchar(128) NOT NULL,
        numerical float8[] NOT NULL,
        categorical text[] NOT NULL,
        prediction_value float8,
        prediction_label text,
        probability float8,
        received_at timestamptz NOT NULL DEFAULT now()
      ) PARTITION BY RANGE (ts)`);
    // The window scan and the list: one version, a time range (created on every partition).
    await queryRunner.query(`CREATE INDEX predictions_version_ts_idx ON predictions (model_version_id, ts)`);

    // A unique index on a partitioned table must contain the partition key, so "an id is unique
    // within the model" lives in this narrow unpartitioned table: the id join for actuals, the
    // duplicate/conflict check (content hash), and where the row is (version, ts).
    await queryRunner.query(`
      CREATE TABLE prediction_keys (
        model_id uuid NOT NULL,
        id varchar(128) NOT NULL,
        model_version_id uuid NOT NULL,
        ts timestamptz NOT NULL,
        content_hash bytea NOT NULL,
        PRIMARY KEY (model_id, id)
      )`);
    // Retention deletes the keys of dropped partitions by time.
    await queryRunner.query(`CREATE INDEX prediction_keys_ts_idx ON prediction_keys (ts)`);

    // One actual per (model, id); a later one replaces it. prediction_ts/model_version_id are set
    // when it is joined to its prediction (at once, or when the prediction arrives within
    // ACTUALS_LOOKBACK_DAYS); NULL means pending.
    await queryRunner.query(`
      CREATE TABLE prediction_actuals (
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        id varchar(128) NOT NULL,
        actual_value float8,
        actual_label text,
        actual_ts timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        model_version_id uuid,
        prediction_ts timestamptz,
        PRIMARY KEY (model_id, id)
      )`);
    await queryRunner.query(`CREATE INDEX prediction_actuals_pending_idx ON prediction_actuals (received_at) WHERE prediction_ts IS NULL`);
    await queryRunner.query(`CREATE INDEX prediction_actuals_prediction_ts_idx ON prediction_actuals (prediction_ts)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE prediction_actuals`);
    await queryRunner.query(`DROP TABLE prediction_keys`);
    await queryRunner.query(`DROP TABLE predictions`);
  }
}
