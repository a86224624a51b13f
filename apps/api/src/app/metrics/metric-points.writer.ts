import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';

/** Columns of points to store: parallel arrays of equal length. */
export interface PointColumns {
  seriesIds: Int32Array;
  timestampsMs: Float64Array;
  values: Float64Array;
}

const COPY_ROWS_PER_CHUNK = 2_000;

/** Tab-separated COPY text of rows [start, end). */
function copyText(columns: PointColumns, start: number, end: number): string {
  let text = '';
  for (let row = start; row < end; row++) {
    // String(number) is the shortest text that reads back as the same float8.
    text += `${columns.seriesIds[row]}\t${new Date(columns.timestampsMs[row] as number).toISOString()}\t${columns.values[row]}\n`;
  }
  return text;
}

function* copyChunks(columns: PointColumns): Generator<string> {
  const rows = columns.seriesIds.length;
  for (let start = 0; start < rows; start += COPY_ROWS_PER_CHUNK) {
    yield copyText(columns, start, Math.min(rows, start + COPY_ROWS_PER_CHUNK));
  }
}

/**
 * PostgreSQL: COPY FROM STDIN on the transaction's own connection (the fastest path
 * into the table). The embedded database does not speak the COPY sub-protocol.
 */
export async function copyPoints(
  manager: EntityManager,
  columns: PointColumns,
  table = 'metric_points',
): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('copyPoints must run inside a transaction');
  const client = (await runner.connect()) as PoolClient;
  const stream = client.query(copyFrom(`COPY ${table} (series_id, ts, value) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(columns)), stream);
}

/** Rows per INSERT: three array parameters whatever the size, but keep single statements moderate. */
const UNNEST_ROWS_PER_STATEMENT = 20_000;

/** Any PostgreSQL-compatible database: one INSERT … SELECT FROM unnest(arrays) per 20,000 rows. */
export async function insertPointsWithUnnest(manager: EntityManager, columns: PointColumns): Promise<void> {
  const rows = columns.seriesIds.length;
  for (let start = 0; start < rows; start += UNNEST_ROWS_PER_STATEMENT) {
    const end = Math.min(rows, start + UNNEST_ROWS_PER_STATEMENT);
    const timestamps: string[] = new Array(end - start);
    for (let row = start; row < end; row++)
      timestamps[row - start] = new Date(columns.timestampsMs[row] as number).toISOString();
    await manager.query(
      `INSERT INTO metric_points (series_id, ts, value)
       SELECT * FROM unnest($1::int4[], $2::timestamptz[], $3::float8[])`,
      [Array.from(columns.seriesIds.subarray(start, end)), timestamps, Array.from(columns.values.subarray(start, end))],
    );
  }
}
