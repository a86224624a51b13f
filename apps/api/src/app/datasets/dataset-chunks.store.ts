import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { mapLimited } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { compressChunk, decompressBytes, decompressFloat64, decompressInt32 } from './chunk-codec';

/**
 * `values`: a column in row order (numbers or dictionary codes); `sorted`: a numerical column's finite
 * values in ascending order; `formats`: how each number of a `values` chunk was written (column-values'
 * encodeCellFormats), kept while a file streams in and deleted when it is complete.
 */
export type ChunkKind = 'values' | 'sorted' | 'formats';

export interface StoredChunk {
  ordinal: number;
  kind: ChunkKind;
  seq: number;
  /** For `formats`, the encoded bytes (whose `length` stored is the chunk's rows, read from `values`). */
  values: Float64Array | Int32Array | Uint8Array;
}

export interface CompressedChunk {
  ordinal: number;
  kind: ChunkKind;
  seq: number;
  /** Values in the chunk. */
  length: number;
  data: Uint8Array;
}

/**
 * Chunks per INSERT. On PostgreSQL up to 32 (a chunk set is one chunk of every column plus one small
 * `formats` chunk per numerical column): a round trip and a commit per 32 chunks instead of one each. The embedded database executes statements on
 * the API's own thread, so there a statement carrying many 512 KB chunks would hold the event loop (and
 * the probes) for its whole duration; single-chunk statements let other requests in between.
 */
const ROWS_PER_INSERT = { postgres: 32, embedded: 1 } as const;

/**
 * Chunks compressed at once: libuv's pool runs 4 at a time anyway, and every zlib call in flight holds
 * ~220 KB of deflate state, so a chunk set of 2,000 columns compressed all at once took 900 MB.
 */
const COMPRESSIONS_IN_FLIGHT = 8;

/**
 * Raw access to `dataset_chunks`. Each write is its own short statement (no long transaction), so the
 * embedded database keeps serving other requests while a big file streams in; the upload is staged
 * and made visible by one short transaction at the end (DatasetsStore.complete).
 */
@Injectable()
export class DatasetChunkStore {
  private readonly rowsPerInsert: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfigService,
  ) {
    this.rowsPerInsert = config.usesEmbeddedDatabase ? ROWS_PER_INSERT.embedded : ROWS_PER_INSERT.postgres;
  }

  async writeChunks(datasetId: string, chunks: StoredChunk[]): Promise<void> {
    const compressed = await mapLimited(chunks, COMPRESSIONS_IN_FLIGHT, (chunk) => compressChunk(chunk.values));
    await this.writeCompressed(
      datasetId,
      chunks.map((chunk, index) => ({
        ordinal: chunk.ordinal,
        kind: chunk.kind,
        seq: chunk.seq,
        length: chunk.values.length,
        data: compressed[index],
      })),
    );
  }

  /** The cell formats of one `values` chunk of numbers (as written by encodeCellFormats). */
  async readFormats(datasetId: string, ordinal: number, seq: number): Promise<Uint8Array> {
    const [row] = await this.readRaw(datasetId, ordinal, 'formats', seq, seq);
    if (!row) throw new Error(`Dataset ${datasetId} column ${ordinal}: chunk ${seq} has no stored cell formats`);
    return decompressBytes(row.data, row.length);
  }

  async deleteChunks(datasetId: string, kind: ChunkKind): Promise<void> {
    await this.dataSource.query(`DELETE FROM dataset_chunks WHERE dataset_id = $1 AND kind = $2`, [datasetId, kind]);
  }

  /** Chunks already compressed (chunk-codec), `length` values each. */
  async writeCompressed(datasetId: string, chunks: CompressedChunk[]): Promise<void> {
    for (let start = 0; start < chunks.length; start += this.rowsPerInsert) {
      const parameters: unknown[] = [];
      const tuples: string[] = [];
      for (let index = start; index < Math.min(chunks.length, start + this.rowsPerInsert); index++) {
        const chunk = chunks[index];
        const base = parameters.length;
        const data = Buffer.isBuffer(chunk.data)
          ? chunk.data
          : Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
        parameters.push(datasetId, chunk.ordinal, chunk.kind, chunk.seq, chunk.length, data);
        tuples.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`);
      }
      await this.dataSource.query(
        `INSERT INTO dataset_chunks (dataset_id, ordinal, kind, seq, length, data) VALUES ${tuples.join(', ')}
         ON CONFLICT (dataset_id, ordinal, kind, seq) DO UPDATE SET length = EXCLUDED.length, data = EXCLUDED.data`,
        parameters,
      );
    }
  }

  /** Row-order numbers of one column (NaN = missing), chunks `fromSeq`..`toSeq` inclusive. */
  async readNumbers(datasetId: string, ordinal: number, kind: ChunkKind, fromSeq = 0, toSeq = 2 ** 31 - 1): Promise<Float64Array[]> {
    const rows = await this.readRaw(datasetId, ordinal, kind, fromSeq, toSeq);
    return Promise.all(rows.map((row) => decompressFloat64(row.data, row.length)));
  }

  async readCodes(datasetId: string, ordinal: number, fromSeq = 0, toSeq = 2 ** 31 - 1): Promise<Int32Array[]> {
    const rows = await this.readRaw(datasetId, ordinal, 'values', fromSeq, toSeq);
    return Promise.all(rows.map((row) => decompressInt32(row.data, row.length)));
  }

  /**
   * All sorted finite values of a numerical column in one array. Chunks are decompressed one at a time
   * straight into it, so a report holds the column once, not once more in pieces.
   */
  async readSorted(datasetId: string, ordinal: number, length: number): Promise<Float64Array> {
    const result = new Float64Array(length);
    const bytes = new Uint8Array(result.buffer);
    let offset = 0;
    for (const row of await this.readRaw(datasetId, ordinal, 'sorted', 0, 2 ** 31 - 1)) {
      const chunk = await decompressBytes(row.data, row.length * 8);
      if (offset + chunk.byteLength > bytes.byteLength) break;
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    if (offset !== bytes.byteLength)
      throw new Error(`Dataset ${datasetId} column ${ordinal}: sorted chunks do not hold the ${length} values expected`);
    return result;
  }

  /** A numerical column's chunks as stored (compressed), in order: for the statistics workers to decompress. */
  async readCompressed(datasetId: string, ordinal: number, kind: ChunkKind): Promise<{ chunks: Buffer[]; lengths: number[] }> {
    const rows = await this.readRaw(datasetId, ordinal, kind, 0, 2 ** 31 - 1);
    return { chunks: rows.map((row) => row.data), lengths: rows.map((row) => row.length) };
  }

  private async readRaw(
    datasetId: string,
    ordinal: number,
    kind: ChunkKind,
    fromSeq: number,
    toSeq: number,
  ): Promise<Array<{ data: Buffer; length: number }>> {
    return this.dataSource.query(
      `SELECT data, length FROM dataset_chunks WHERE dataset_id = $1 AND ordinal = $2 AND kind = $3 AND seq BETWEEN $4 AND $5 ORDER BY seq`,
      [datasetId, ordinal, kind, fromSeq, toSeq],
    );
  }
}
