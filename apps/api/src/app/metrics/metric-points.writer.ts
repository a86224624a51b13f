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

/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01), the zero of binary timestamps. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_TO_32 = 2 ** 32;
/** Signature, flags (none) and header-extension length (0) of the binary COPY format. */
const BINARY_COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** Per row: field count, then length + bytes of int4 series_id, int8 ts (µs), float8 value. */
const BINARY_COPY_ROW_BYTES = 2 + (4 + 4) + (4 + 8) + (4 + 8);

/**
 * The rows in PostgreSQL's binary COPY format. Binary rather than text because formatting
 * a timestamp and a float per row (and PostgreSQL parsing them back) was the largest
 * per-point cost of ingestion; binary values are exact, so nothing is lost either way.
 */
export function binaryCopyData(columns: PointColumns): Buffer {
  const rows = columns.seriesIds.length;
  const headerBytes = BINARY_COPY_HEADER.length;
  const buffer = Buffer.allocUnsafe(headerBytes + rows * BINARY_COPY_ROW_BYTES + 2);
  BINARY_COPY_HEADER.copy(buffer, 0);
  let offset = headerBytes;
  for (let row = 0; row < rows; row++) {
    // timestamptz is int8 microseconds since 2000-01-01, written as two 32-bit halves (no BigInt).
    // Rounded: the text format would have dropped anything finer than a millisecond anyway.
    const micros = Math.round(((columns.timestampsMs[row] as number) - POSTGRES_EPOCH_MS) * 1000);
    const high = Math.floor(micros / TWO_TO_32);
    offset = buffer.writeInt16BE(3, offset);
    offset = buffer.writeInt32BE(4, offset);
    offset = buffer.writeInt32BE(columns.seriesIds[row] as number, offset);
    offset = buffer.writeInt32BE(8, offset);
    offset = buffer.writeInt32BE(high, offset);
    offset = buffer.writeUInt32BE(micros - high * TWO_TO_32, offset);
    offset = buffer.writeInt32BE(8, offset);
    // + 0 turns -0 into 0, as the text format (String(-0) === '0') did.
    offset = buffer.writeDoubleBE((columns.values[row] as number) + 0, offset);
  }
  buffer.writeInt16BE(-1, offset); // end of data
  return buffer;
}

/**
 * PostgreSQL: binary COPY FROM STDIN on the transaction's own connection (the fastest
 * path into the table). The embedded database does not speak the COPY sub-protocol.
 */
export async function copyPoints(manager: EntityManager, columns: PointColumns, table = 'metric_points'): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('copyPoints must run inside a transaction');
  const client = (await runner.connect()) as PoolClient;
  const stream = client.query(copyFrom(`COPY ${table} (series_id, ts, value) FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from([binaryCopyData(columns)]), stream);
}

/** Rows per INSERT: three array parameters whatever the size, but keep single statements moderate. */
const UNNEST_ROWS_PER_STATEMENT = 20_000;

/** Any PostgreSQL-compatible database: one INSERT … SELECT FROM unnest(arrays) per 20,000 rows. */
export async function insertPointsWithUnnest(manager: EntityManager, columns: PointColumns): Promise<void> {
  const rows = columns.seriesIds.length;
  for (let start = 0; start < rows; start += UNNEST_ROWS_PER_STATEMENT) {
    const end = Math.min(rows, start + UNNEST_ROWS_PER_STATEMENT);
    const timestamps: string[] = new Array(end - start);
    for (let row = start; row < end; row++) timestamps[row - start] = new Date(columns.timestampsMs[row] as number).toISOString();
    await manager.query(
      `INSERT INTO metric_points (series_id, ts, value)
       SELECT * FROM unnest($1::int4[], $2::timestamptz[], $3::float8[])`,
      [Array.from(columns.seriesIds.subarray(start, end)), timestamps, Array.from(columns.values.subarray(start, end))],
    );
  }
}
