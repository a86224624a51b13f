import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { compressChunk, decompressFloat64, decompressInt32 } from './chunk-codec';

export type ChunkKind = 'values' | 'sorted';

export interface StoredChunk {
  ordinal: number;
  kind: ChunkKind;
  seq: number;
  values: Float64Array | Int32Array;
}

/**
 * Chunks per INSERT. One: the embedded database executes statements on the API's own thread, so a
 * statement carrying many 512 KB chunks would hold the event loop (and the probes) for its whole
 * duration; single-chunk statements let other requests in between.
 */
const ROWS_PER_INSERT = 1;

/**
 * Raw access to `dataset_chunks`. Each write is its own short statement (no long transaction), so the
 * embedded database keeps serving other requests while a big file streams in; the upload is staged
 * and made visible by one short transaction at the end (DatasetsService).
 */
@Injectable()
export class DatasetStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async writeChunks(datasetId: string, chunks: StoredChunk[]): Promise<void> {
    const compressed = await Promise.all(chunks.map((chunk) => compressChunk(chunk.values)));
    for (let start = 0; start < chunks.length; start += ROWS_PER_INSERT) {
      const parameters: unknown[] = [];
      const tuples: string[] = [];
      for (let index = start; index < Math.min(chunks.length, start + ROWS_PER_INSERT); index++) {
        const chunk = chunks[index];
        const base = parameters.length;
        parameters.push(datasetId, chunk.ordinal, chunk.kind, chunk.seq, chunk.values.length, compressed[index]);
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

  /** All sorted finite values of a numerical column in one array. */
  async readSorted(datasetId: string, ordinal: number, length: number): Promise<Float64Array> {
    const result = new Float64Array(length);
    let offset = 0;
    for (const chunk of await this.readNumbers(datasetId, ordinal, 'sorted')) {
      result.set(chunk, offset);
      offset += chunk.length;
    }
    if (offset !== length) throw new Error(`Dataset ${datasetId} column ${ordinal}: ${offset} sorted values stored, ${length} expected`);
    return result;
  }

  async deleteDataset(datasetId: string): Promise<void> {
    // Chunks and columns go with the dataset row (ON DELETE CASCADE).
    await this.dataSource.query(`DELETE FROM datasets WHERE id = $1`, [datasetId]);
  }

  private async readRaw(datasetId: string, ordinal: number, kind: ChunkKind, fromSeq: number, toSeq: number): Promise<Array<{ data: Buffer; length: number }>> {
    return this.dataSource.query(
      `SELECT data, length FROM dataset_chunks WHERE dataset_id = $1 AND ordinal = $2 AND kind = $3 AND seq BETWEEN $4 AND $5 ORDER BY seq`,
      [datasetId, ordinal, kind, fromSeq, toSeq],
    );
  }
}
