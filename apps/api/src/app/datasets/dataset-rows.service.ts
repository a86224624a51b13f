import { Injectable } from '@nestjs/common';
import { ColumnType, DatasetRowsDto, mapLimited } from '@stress/contracts';
import { decompressJson } from './chunk-codec';
import { MISSING_CODE } from './column-values';
import { csvTextCell } from './csv/csv-cell';
import { DatasetChunkStore } from './dataset-chunks.store';
import { DatasetsService } from './datasets.service';
import { ColumnDictionary, DatasetColumnRecord, DatasetRecord } from './datasets.types';

/**
 * Columns read at once for rows and downloads: each read takes a pooled connection, and 2,000 at once
 * (a wide dataset) waited past the pool's timeout (503).
 */
const COLUMN_READS_IN_FLIGHT = 4;

/** Reads a stored dataset back: pages of rows, one column's cells, the whole file as CSV. */
@Injectable()
export class DatasetRowsService {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly chunks: DatasetChunkStore,
  ) {}

  async dictionary(column: DatasetColumnRecord): Promise<ColumnDictionary> {
    if (!column.dictionary) return { values: [], counts: [] };
    return decompressJson<ColumnDictionary>(column.dictionary);
  }

  async rows(id: string, offset: number, limit: number): Promise<DatasetRowsDto> {
    const { dataset, columns } = await this.datasets.load(id);
    const end = Math.min(dataset.rowCount, offset + limit);
    const result: DatasetRowsDto = { columns: columns.map((column) => column.name), rows: [], total: dataset.rowCount };
    if (offset >= end) return result;
    const fromSeq = Math.floor(offset / dataset.chunkRows);
    const toSeq = Math.floor((end - 1) / dataset.chunkRows);
    const base = fromSeq * dataset.chunkRows;
    const cells = await mapLimited(columns, COLUMN_READS_IN_FLIGHT, (column) => this.columnCells(dataset.id, column, fromSeq, toSeq));
    for (let row = offset; row < end; row++) result.rows.push(cells.map((cell) => cell(row - base)));
    return result;
  }

  /** A reader of one column's cells over chunks fromSeq..toSeq (index relative to the first chunk). */
  async columnCells(
    datasetId: string,
    column: DatasetColumnRecord,
    fromSeq: number,
    toSeq: number,
  ): Promise<(index: number) => string | number | null> {
    if (column.type === ColumnType.Numerical) {
      const values = concat(await this.chunks.readNumbers(datasetId, column.ordinal, 'values', fromSeq, toSeq));
      return (index) => (Number.isFinite(values[index]) ? values[index] : null);
    }
    const dictionary = (await this.dictionary(column)).values;
    const codes = concatCodes(await this.chunks.readCodes(datasetId, column.ordinal, fromSeq, toSeq));
    return (index) => (codes[index] === MISSING_CODE ? null : dictionary[codes[index]]);
  }

  /** A column's values as labels (numbers printed as pandas prints integers: 1, not 1.0), null when missing. */
  async labels(dataset: DatasetRecord, column: DatasetColumnRecord): Promise<Array<string | null>> {
    const cells = await this.columnCells(dataset.id, column, 0, 2 ** 31 - 1);
    return Array.from({ length: dataset.rowCount }, (_, row) => {
      const value = cells(row);
      return value === null ? null : String(value);
    });
  }

  /**
   * Value → occurrences of a column compared as categorical (drift reports, monitoring windows); a numerical
   * column counts String(value) of its finite values.
   */
  async categoryCounts(dataset: DatasetRecord, column: DatasetColumnRecord): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (column.type === ColumnType.Numerical) {
      const sorted = await this.chunks.readSorted(dataset.id, column.ordinal, column.finiteCount);
      for (let index = 0; index < sorted.length; ) {
        let end = index + 1;
        while (end < sorted.length && sorted[end] === sorted[index]) end++;
        counts.set(String(sorted[index]), end - index);
        index = end;
      }
      return counts;
    }
    const dictionary = await this.dictionary(column);
    dictionary.values.forEach((value, code) => {
      if (dictionary.counts[code] > 0) counts.set(value, dictionary.counts[code]);
    });
    return counts;
  }

  /** A numerical column's values in row order, NaN where missing. */
  async numbers(dataset: DatasetRecord, column: DatasetColumnRecord): Promise<Float64Array> {
    return concat(await this.chunks.readNumbers(dataset.id, column.ordinal, 'values'));
  }

  /** Writes the dataset as CSV (comma-separated, RFC 4180 quoting, formulas made inert), one chunk of rows at a time. */
  async writeCsv(id: string, write: (text: string) => Promise<void>): Promise<void> {
    const { dataset, columns } = await this.datasets.load(id);
    await write(columns.map((column) => csvTextCell(column.name)).join(',') + '\r\n');
    const dictionaries = await mapLimited(columns, COLUMN_READS_IN_FLIGHT, (column) =>
      column.type === ColumnType.Numerical ? Promise.resolve(null) : this.dictionary(column),
    );
    for (let seq = 0; seq * dataset.chunkRows < dataset.rowCount; seq++) {
      const formatted = await mapLimited(columns, COLUMN_READS_IN_FLIGHT, async (column, index): Promise<string[]> => {
        const dictionary = dictionaries[index];
        if (dictionary === null) {
          const [numbers] = await this.chunks.readNumbers(dataset.id, column.ordinal, 'values', seq, seq);
          return Array.from(numbers, (value) =>
            Number.isNaN(value) ? '' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value),
          );
        }
        const [codes] = await this.chunks.readCodes(dataset.id, column.ordinal, seq, seq);
        const quoted = dictionary.values.map(csvTextCell);
        return Array.from(codes, (code) => (code === MISSING_CODE ? '' : quoted[code]));
      });
      const rows = formatted[0].length;
      let text = '';
      for (let row = 0; row < rows; row++) {
        for (let column = 0; column < formatted.length; column++) {
          if (column > 0) text += ',';
          text += formatted[column][row];
        }
        text += '\r\n';
        if (text.length > 1 << 20) {
          await write(text);
          text = '';
        }
      }
      if (text) await write(text);
    }
  }
}

export function concat(chunks: Float64Array[]): Float64Array {
  if (chunks.length === 1) return chunks[0];
  const result = new Float64Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

function concatCodes(chunks: Int32Array[]): Int32Array {
  if (chunks.length === 1) return chunks[0];
  const result = new Int32Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}
