import { BadRequestException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { CsvIngest } from './csv-ingest';
import { StoredChunk } from './dataset-chunks.store';
import { earlyDelimiter, parseColumnTypes } from './dataset-fields';

export interface ReceivedUpload {
  /** The text fields, as sent. */
  fields: Record<string, string>;
  /** The `file` part, consumed; null when the request had none. */
  ingest: CsvIngest | null;
}

/**
 * Streams a multipart body: text fields are collected, the `file` part goes through CsvIngest, which hands
 * its chunks to `writeChunks` as they fill. Rejects with a 400 naming what to fix; after a rejection the
 * rest of the body is drained so the client can read the answer.
 */
export function receiveMultipart(
  request: Request,
  limits: { maxBytes: number; maxColumns: number },
  writeChunks: (chunks: StoredChunk[]) => Promise<void>,
): Promise<ReceivedUpload> {
  const { maxBytes, maxColumns } = limits;
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { fileSize: maxBytes, files: 1, fields: 30, fieldSize: 64 * 1024, parts: 40 },
      });
    } catch (error) {
      reject(
        new BadRequestException(
          `The multipart request is malformed (${(error as Error).message}). Send multipart/form-data with a "file" field.`,
        ),
      );
      return;
    }
    const fields: Record<string, string> = {};
    let ingest: CsvIngest | null = null;
    let ingestDone: Promise<void> = Promise.resolve();
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      drain(request);
      reject(error);
    };
    parser.on('field', (name: string, value: string, info: busboy.FieldInfo) => {
      if (info.valueTruncated) fail(new BadRequestException(`The field "${name}" is too long (64 KB at most).`));
      else fields[name] = value;
    });
    parser.on('file', (name: string, stream: NodeJS.ReadableStream & { truncated?: boolean; resume(): void }) => {
      if (name !== 'file' || ingest !== null) {
        stream.resume();
        fail(new BadRequestException(`Unexpected file part "${name}": send exactly one CSV, in the part named "file".`));
        return;
      }
      let columnTypes: ReturnType<typeof parseColumnTypes> | undefined;
      try {
        columnTypes = 'columnTypes' in fields ? parseColumnTypes(fields['columnTypes']) : undefined;
      } catch (error) {
        stream.resume();
        fail(error as Error);
        return;
      }
      const current = new CsvIngest({ delimiter: earlyDelimiter(fields['delimiter']), columnTypes, maxBytes, maxColumns, writeChunks });
      ingest = current;
      ingestDone = current.consume(stream as never).catch((error: Error) => {
        stream.resume();
        fail(error);
      });
    });
    parser.on('filesLimit', () => fail(new BadRequestException('Send exactly one file per upload, in the part named "file".')));
    parser.on('fieldsLimit', () => fail(new BadRequestException('Too many fields in the upload (30 at most).')));
    parser.on('partsLimit', () => fail(new BadRequestException('Too many parts in the upload (40 at most).')));
    parser.on('error', (error: Error) =>
      fail(new BadRequestException(`The multipart body is malformed (${error.message}). Send multipart/form-data with a "file" field.`)),
    );
    parser.on('close', () => {
      void ingestDone.then(() => {
        if (settled) return;
        settled = true;
        resolve({ fields, ingest });
      });
    });
    request.on('aborted', () => fail(new BadRequestException('The upload was interrupted before it finished.')));
    request.pipe(parser);
  });
}

/** Discards the rest of a request body we stopped reading, so the client can read our answer. */
export function drain(request: Request): void {
  request.resume();
}
