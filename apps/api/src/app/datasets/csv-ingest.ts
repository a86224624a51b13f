import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { ColumnType } from '@stress/contracts';
import { CHUNK_ROWS, ColumnBuilder, parseNumber, trimCell } from './column-values';
import { CsvFormatError, CsvParser, wrongFieldCount } from './csv/csv-parser';
import type { StoredChunk } from './dataset-chunks.store';

export interface CsvIngestOptions {
  /** Known when the `delimiter` field came before the file. */
  delimiter?: string;
  /** Known when the `columnTypes` field came before the file (already validated as a map of types). */
  columnTypes?: Record<string, ColumnType>;
  maxBytes: number;
  /** MAX_COLUMNS: a wider header is refused before any column state is made. */
  maxColumns: number;
  /** Stores finished chunks (called in order, awaited: it is the stream's back-pressure). */
  writeChunks(chunks: StoredChunk[]): Promise<void>;
}

/**
 * Reads a CSV upload as a stream: bytes → NUL check → strict UTF-8 decoding → CSV records → column
 * builders, writing each 64k-row chunk of every column as soon as it fills. Memory holds one chunk per
 * column plus what the profile needs (finite numbers, category dictionaries), never the file.
 */
export class CsvIngest {
  builders: ColumnBuilder[] = [];
  rowCount = 0;
  sizeBytes = 0;
  /** Seq of the chunk being filled; after `consume`, the number of chunks per column. */
  chunkCount = 0;
  private completed: StoredChunk[] = [];
  private readonly parser: CsvParser;
  private newlinesSoFar = 0;
  private headerFound = false;
  private forcedNumerical = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: CsvIngestOptions) {
    this.parser = new CsvParser(
      {
        header: (fields, line) => this.onHeader(fields, line),
        row: (fields, line) => this.onRow(fields, line),
        rowText: (text, start, end, line, delimiter) => this.onRowText(text, start, end, line, delimiter),
      },
      options.delimiter,
    );
  }

  get delimiter(): string {
    return this.parser.detectedDelimiter ?? ',';
  }

  async consume(stream: Readable & { truncated?: boolean }): Promise<void> {
    try {
      await this.read(stream);
    } catch (error) {
      // Let a write in flight settle, so the caller's clean-up runs after it (nothing left behind).
      await this.writing.catch(() => undefined);
      throw error;
    }
  }

  private async read(stream: Readable & { truncated?: boolean }): Promise<void> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      this.sizeBytes += chunk.length;
      if (this.sizeBytes > this.options.maxBytes) throw tooLarge(this.options.maxBytes);
      const nul = chunk.indexOf(0);
      if (nul !== -1) {
        throw new BadRequestException(
          `The file holds binary content (a NUL byte on line ${this.lineAt(chunk, nul)}). Upload a CSV text file encoded as UTF-8 ` +
            '(UTF-16 files also contain NUL bytes: save the file as UTF-8).',
        );
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw this.invalidUtf8(chunk);
      }
      this.countNewlines(chunk);
      this.parse(() => this.parser.push(text));
      await this.flush();
    }
    if (stream.truncated) throw tooLarge(this.options.maxBytes);
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw new BadRequestException(
        `The file is not valid UTF-8: it ends in the middle of a character (line ${this.newlinesSoFar + 1}). Save the file as UTF-8 and upload it again.`,
      );
    }
    this.parse(() => {
      if (rest) this.parser.push(rest);
      this.parser.end();
    });
    if (!this.headerFound) {
      throw new BadRequestException('The file is empty. Upload a CSV file with a header row naming the columns and at least one data row.');
    }
    if (this.rowCount === 0) {
      throw new BadRequestException('The file has a header row but no data rows. Add at least one row of values below the header.');
    }
    if (this.builders[0].filled > 0) this.takeChunk();
    await this.flush(true);
  }

  private parse(work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof CsvFormatError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  private onHeader(fields: string[], line: number): void {
    this.headerFound = true;
    if (fields.length > this.options.maxColumns) {
      throw new CsvFormatError(
        `The header (line ${line}) names ${fields.length} columns; the limit is ${this.options.maxColumns} (MAX_COLUMNS). ` +
          'Upload fewer columns (split the file, or drop columns you do not monitor).',
        line,
      );
    }
    const names = fields.map((field) => trimCell(field));
    const seen = new Map<string, number>();
    names.forEach((name, index) => {
      if (name === '') {
        throw new CsvFormatError(
          `Column ${index + 1} of the header (line ${line}) has no name. Give every column a name in the first row.`,
          line,
        );
      }
      const first = seen.get(name);
      if (first !== undefined) {
        throw new CsvFormatError(
          `The header (line ${line}) names column "${name}" twice (columns ${first + 1} and ${index + 1}). Column names must be unique.`,
          line,
        );
      }
      seen.set(name, index);
    });
    if (names.every((name) => parseNumber(name) !== undefined)) {
      throw new CsvFormatError(
        `The first line holds only numbers (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}): the file has no header row. ` +
          'Add a first row naming the columns.',
        line,
      );
    }
    const forced = this.options.columnTypes ?? {};
    this.builders = names.map((name) => new ColumnBuilder(name, forced[name]));
    this.forcedNumerical = this.builders.some((builder) => builder.forcedType === ColumnType.Numerical);
  }

  private onRow(fields: string[], line: number): void {
    const seq = this.chunkCount;
    const builders = this.builders;
    for (let index = 0; index < builders.length; index++) builders[index].add(fields[index], line, seq);
    if (this.forcedNumerical) this.checkForcedNumerical(line);
    this.rowCount++;
    if (builders[0].filled === CHUNK_ROWS) this.takeChunk();
  }

  /** A record without quotes, split here field by field (no array, no string per numeric cell). */
  private onRowText(text: string, start: number, end: number, line: number, delimiter: string): void {
    const builders = this.builders;
    const last = builders.length - 1;
    const seq = this.chunkCount;
    let position = start;
    for (let index = 0; index < last; index++) {
      const stop = text.indexOf(delimiter, position);
      if (stop === -1 || stop >= end) throw wrongFieldCount(line, index + 1, builders.length);
      builders[index].addRange(text, position, stop, line, seq);
      position = stop + 1;
    }
    for (let index = position; index < end; index++) {
      if (text[index] === delimiter) throw wrongFieldCount(line, text.slice(start, end).split(delimiter).length, builders.length);
    }
    builders[last].addRange(text, position, end, line, seq);
    if (this.forcedNumerical) this.checkForcedNumerical(line);
    this.rowCount++;
    if (builders[0].filled === CHUNK_ROWS) this.takeChunk();
  }

  private checkForcedNumerical(line: number): void {
    for (const builder of this.builders) {
      if (builder.firstNonNumber && builder.forcedType === ColumnType.Numerical) {
        throw new CsvFormatError(
          `Column "${builder.name}" is declared numerical (columnTypes) but line ${line} holds "${truncate(builder.firstNonNumber.value)}". ` +
            'Fix the value or declare the column categorical.',
          line,
        );
      }
    }
  }

  private takeChunk(): void {
    const seq = this.chunkCount++;
    this.builders.forEach((builder, ordinal) => {
      const chunk = builder.takeChunk();
      this.completed.push({ ordinal, kind: 'values', seq, values: chunk.values });
      // Needed only if the column turns text-like later; dropped once the upload is complete.
      if (chunk.kind === 'numbers' && chunk.formats) this.completed.push({ ordinal, kind: 'formats', seq, values: chunk.formats });
    });
  }

  /**
   * Hands finished chunks to the store. One write stays in flight while parsing goes on (compression
   * runs on libuv's pool, the insert in the database), so parsing and storing overlap; the next flush
   * waits for it, which bounds memory to two chunk sets. Stored chunks' arrays go back to their builders.
   */
  private async flush(final = false): Promise<void> {
    if (this.completed.length > 0) {
      await this.writing;
      const chunks = this.completed;
      this.completed = [];
      const write = this.options.writeChunks(chunks).then(() => {
        for (const chunk of chunks) this.builders[chunk.ordinal]?.recycle(chunk.values);
      });
      // Observed at once so a failure is never "unhandled"; rethrown by the next await below.
      write.catch(() => undefined);
      this.writing = write;
    }
    if (final) await this.writing;
  }

  private countNewlines(chunk: Buffer): void {
    for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) this.newlinesSoFar++;
  }

  /** 1-based line of byte `position` of a chunk not yet counted. */
  private lineAt(chunk: Buffer, position: number): number {
    let line = this.newlinesSoFar + 1;
    for (let index = chunk.indexOf(10); index !== -1 && index < position; index = chunk.indexOf(10, index + 1)) line++;
    return line;
  }

  private invalidUtf8(chunk: Buffer): BadRequestException {
    const lenient = new TextDecoder('utf-8').decode(chunk);
    const bad = lenient.indexOf('\uFFFD');
    let line = this.newlinesSoFar + 1;
    for (let index = lenient.indexOf('\n'); index !== -1 && (bad === -1 || index < bad); index = lenient.indexOf('\n', index + 1)) line++;
    return new BadRequestException(
      `The file is not valid UTF-8 (line ${line}). Save it as UTF-8 (for example "CSV UTF-8" in Excel) and upload it again.`,
    );
  }
}

export function tooLarge(maxBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `The upload is larger than the limit of ${Math.round(maxBytes / 1024 / 1024)} MB (MAX_UPLOAD_MB). Split the file or sample it.`,
  );
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
