import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { ColumnType } from '@stress/contracts';
import { CHUNK_ROWS, ColumnBuilder, parseNumber, trimCell } from './column-values';
import { CsvFormatError, CsvParser } from './csv/csv-parser';
import type { StoredChunk } from './dataset-store';

export interface CsvIngestOptions {
  /** Known when the `delimiter` field came before the file. */
  delimiter?: string;
  /** Known when the `columnTypes` field came before the file (already validated as a map of types). */
  columnTypes?: Record<string, ColumnType>;
  maxBytes: number;
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

  constructor(private readonly options: CsvIngestOptions) {
    this.parser = new CsvParser(
      {
        header: (fields, line) => this.onHeader(fields, line),
        row: (fields, line) => this.onRow(fields, line),
      },
      options.delimiter,
    );
  }

  get delimiter(): string {
    return this.parser.detectedDelimiter ?? ',';
  }

  async consume(stream: Readable & { truncated?: boolean }): Promise<void> {
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
    await this.flush();
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
  }

  private onRow(fields: string[], line: number): void {
    const seq = this.chunkCount;
    const builders = this.builders;
    for (let index = 0; index < builders.length; index++) {
      const builder = builders[index];
      builder.add(fields[index], line, seq);
      if (builder.firstNonNumber && builder.forcedType === ColumnType.Numerical) {
        throw new CsvFormatError(
          `Column "${builder.name}" is declared numerical (columnTypes) but line ${line} holds "${truncate(builder.firstNonNumber.value)}". ` +
            'Fix the value or declare the column categorical.',
          line,
        );
      }
    }
    this.rowCount++;
    if (builders[0].filled === CHUNK_ROWS) this.takeChunk();
  }

  private takeChunk(): void {
    const seq = this.chunkCount++;
    this.builders.forEach((builder, ordinal) => {
      this.completed.push({ ordinal, kind: 'values', seq, values: builder.takeChunk().values });
    });
  }

  private async flush(): Promise<void> {
    if (this.completed.length === 0) return;
    const chunks = this.completed;
    this.completed = [];
    await this.options.writeChunks(chunks);
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
