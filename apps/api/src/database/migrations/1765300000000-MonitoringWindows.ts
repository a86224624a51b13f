import { MigrationInterface, QueryRunner } from 'typeorm';

/** Monitoring windows of logged predictions: what is due, and what was computed (docs/predictions.md). */
export class MonitoringWindows1765300000000 implements MigrationInterface {
  name = 'MonitoringWindows1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per (version, window) that has logged predictions, created when rows arrive (or by the backfill
    // when monitoring is configured). `data_version` counts the arrivals: a computation that started before
    // the last arrival leaves the window `stale`, so late rows are never lost to a race.
    await queryRunner.query(`
      CREATE TABLE monitoring_windows (
        model_version_id uuid NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        status varchar(16) NOT NULL,
        data_version integer NOT NULL DEFAULT 0,
        row_count integer,
        rows_with_actual integer,
        drift jsonb,
        quality jsonb,
        failure text,
        computed_at timestamptz,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_version_id, window_start)
      )`);
    // The scheduler's question: which windows are due?
    await queryRunner.query(
      `CREATE INDEX monitoring_windows_due_idx ON monitoring_windows (window_end) WHERE status IN ('pending', 'stale')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE monitoring_windows`);
  }
}
