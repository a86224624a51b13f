import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { MonitoringWindowStatus, WindowEstimateDto, WindowQualityDto } from '@stress/contracts';
import { DueWindow, MonitoringWindowRecord, WindowDrift, WindowResult } from './monitoring-windows.types';

interface WindowRow {
  model_version_id: string;
  window_start: Date;
  window_end: Date;
  status: MonitoringWindowStatus;
  data_version: number;
  row_count: number | null;
  rows_with_actual: number | null;
  drift: WindowDrift | null;
  quality: WindowQualityDto | null;
  estimate: WindowEstimateDto | null;
  failure: string | null;
  computed_at: Date | null;
}

const WINDOW_COLUMNS = `model_version_id, window_start, window_end, status, data_version, row_count, rows_with_actual, drift, quality,
  estimate, failure, computed_at`;

/** The window width of a version's enabled monitoring configuration, as an interval, in SQL. */
const WIDTH_OF_CONFIG = `CASE c.window_width WHEN '1h' THEN interval '1 hour' WHEN '6h' THEN interval '6 hours'
  WHEN '1d' THEN interval '1 day' ELSE interval '7 days' END`;

function toRecord(row: WindowRow): MonitoringWindowRecord {
  return {
    modelVersionId: row.model_version_id,
    start: row.window_start,
    end: row.window_end,
    status: row.status,
    dataVersion: row.data_version,
    rows: row.row_count,
    rowsWithActual: row.rows_with_actual,
    drift: row.drift,
    quality: row.quality,
    estimate: row.estimate,
    failure: row.failure,
    computedAt: row.computed_at,
  };
}

/** SQL of `monitoring_windows`. Windows are aligned to UTC multiples of their width (date_bin from the epoch). */
@Injectable()
export class MonitoringWindowsStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Data arrived for these hours of a version: the windows holding them become due (new: `pending`;
   * computed: `stale`). Nothing happens without an enabled monitoring configuration.
   */
  async markArrivals(modelVersionId: string, hours: Date[]): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `WITH marked AS (
         INSERT INTO monitoring_windows AS w (model_version_id, window_start, window_end, status, data_version)
         SELECT c.model_version_id, s.start, s.start + ${WIDTH_OF_CONFIG}, 'pending', 1
         FROM monitoring_configs c,
           LATERAL (SELECT DISTINCT date_bin(${WIDTH_OF_CONFIG}, h, timestamptz '1970-01-01 00:00:00+00') AS start
                    FROM unnest($2::timestamptz[]) AS h) s
         WHERE c.model_version_id = $1 AND c.enabled
         ON CONFLICT (model_version_id, window_start) DO UPDATE SET
           data_version = w.data_version + 1,
           changed_at = now(),
           status = CASE WHEN w.status IN ('pending', 'stale') THEN w.status ELSE 'stale' END
         RETURNING 1
       ) SELECT count(*)::int AS n FROM marked`,
      [modelVersionId, hours.map((hour) => hour.toISOString())],
    );
    return rows[0]?.n ?? 0;
  }

  /** Deletes the windows whose width is not the configuration's (it changed); returns their starts. */
  async deleteOtherWidths(manager: EntityManager, modelVersionId: string): Promise<Date[]> {
    const rows: Array<{ window_start: Date }> = await manager.query(
      `WITH gone AS (
         DELETE FROM monitoring_windows w USING monitoring_configs c
         WHERE w.model_version_id = $1 AND c.model_version_id = w.model_version_id AND w.window_end - w.window_start <> ${WIDTH_OF_CONFIG}
         RETURNING w.window_start
       ) SELECT window_start FROM gone`,
      [modelVersionId],
    );
    return rows.map((row) => row.window_start);
  }

  /**
   * Every window with logged predictions in
   * [since, until) exists and is due (a recomputation of the ones already computed). Returns how many are due.
   */
  async backfill(manager: EntityManager, modelVersionId: string, since: Date, until: Date | null): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `WITH marked AS (
         INSERT INTO monitoring_windows AS w (model_version_id, window_start, window_end, status, data_version)
         SELECT c.model_version_id, s.start, s.start + ${WIDTH_OF_CONFIG}, 'pending', 1
         FROM monitoring_configs c,
           LATERAL (SELECT DISTINCT date_bin(${WIDTH_OF_CONFIG}, p.ts, timestamptz '1970-01-01 00:00:00+00') AS start
                    FROM predictions p WHERE p.model_version_id = c.model_version_id AND p.ts >= $2 AND ($3::timestamptz IS NULL OR p.ts < $3)) s
         WHERE c.model_version_id = $1 AND c.enabled
         ON CONFLICT (model_version_id, window_start) DO UPDATE SET
           data_version = w.data_version + 1,
           changed_at = now(),
           status = CASE WHEN w.status = 'pending' THEN 'pending' ELSE 'stale' END
         RETURNING 1
       ) SELECT count(*)::int AS n FROM marked`,
      [modelVersionId, since.toISOString(), until?.toISOString() ?? null],
    );
    return rows[0]?.n ?? 0;
  }

  /** Windows that have closed, waited `delayMs`, and are pending or stale, newest first. */
  async due(now: Date, delayMs: number, limit: number): Promise<DueWindow[]> {
    const rows: Array<{ model_version_id: string; window_start: Date }> = await this.dataSource.query(
      `SELECT w.model_version_id, w.window_start
       FROM monitoring_windows w JOIN monitoring_configs c ON c.model_version_id = w.model_version_id AND c.enabled
       WHERE w.status IN ('pending', 'stale') AND w.window_end <= $1
       ORDER BY w.window_start DESC LIMIT $2`,
      [new Date(now.getTime() - delayMs).toISOString(), limit],
    );
    return rows.map((row) => ({ modelVersionId: row.model_version_id, start: row.window_start }));
  }

  async list(modelVersionId: string, from: Date | null, to: Date | null): Promise<MonitoringWindowRecord[]> {
    const rows: WindowRow[] = await this.dataSource.query(
      `SELECT ${WINDOW_COLUMNS} FROM monitoring_windows
       WHERE model_version_id = $1 AND ($2::timestamptz IS NULL OR window_start >= $2) AND ($3::timestamptz IS NULL OR window_start < $3)
       ORDER BY window_start DESC`,
      [modelVersionId, from?.toISOString() ?? null, to?.toISOString() ?? null],
    );
    return rows.map(toRecord);
  }

  async find(modelVersionId: string, start: Date): Promise<MonitoringWindowRecord | null> {
    const rows: WindowRow[] = await this.dataSource.query(
      `SELECT ${WINDOW_COLUMNS} FROM monitoring_windows WHERE model_version_id = $1 AND window_start = $2`,
      [modelVersionId, start.toISOString()],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * Stores a computation's result. When data arrived after the computation read its rows (`data_version`
   * moved on), the window stays `stale` with the new numbers, so it is computed again.
   */
  async saveResult(manager: EntityManager, window: DueWindow, seenDataVersion: number, result: WindowResult): Promise<void> {
    await manager.query(
      `UPDATE monitoring_windows SET
         status = CASE WHEN data_version = $3 THEN $4 ELSE 'stale' END,
         row_count = $5, rows_with_actual = $6, drift = $7::jsonb, quality = $8::jsonb, estimate = $9::jsonb, failure = NULL, computed_at = now()
       WHERE model_version_id = $1 AND window_start = $2`,
      [
        window.modelVersionId,
        window.start.toISOString(),
        seenDataVersion,
        result.status,
        result.rows,
        result.rowsWithActual,
        result.drift === null ? null : JSON.stringify(result.drift),
        result.quality === null ? null : JSON.stringify(result.quality),
        result.estimate === null ? null : JSON.stringify(result.estimate),
      ],
    );
  }

  async saveFailure(window: DueWindow, seenDataVersion: number, failure: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE monitoring_windows SET status = CASE WHEN data_version = $3 THEN 'failed' ELSE 'stale' END, failure = $4, computed_at = now()
       WHERE model_version_id = $1 AND window_start = $2`,
      [window.modelVersionId, window.start.toISOString(), seenDataVersion, failure.slice(0, 2000)],
    );
  }

  /** Windows whose predictions left with retention: their start is before `cutoff`. */
  async deleteBefore(cutoff: Date): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `WITH gone AS (DELETE FROM monitoring_windows WHERE window_end <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [cutoff.toISOString()],
    );
    return rows[0]?.n ?? 0;
  }
}
