import { BadRequestException, RequestTimeoutException } from '@nestjs/common';
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
export interface UploadLimits {
  maxBytes: number;
  maxColumns: number;
  /** The whole body must arrive within this (UPLOAD_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Below this average over each `rateWindowMs`, the upload is aborted (UPLOAD_MIN_BYTES_PER_SEC; 0: no check). */
  minBytesPerSec?: number;
  rateWindowMs?: number;
}

export function receiveMultipart(
  request: Request,
  limits: UploadLimits,
  writeChunks: (chunks: StoredChunk[]) => Promise<void>,
): Promise<ReceivedUpload> {
  const { maxBytes, maxColumns, timeoutMs, minBytesPerSec = 0, rateWindowMs = 30_000 } = limits;
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
    // A trickled body would hold the socket and the staged dataset for as long as the client likes.
    let receivedInWindow = 0;
    const countReceived = (chunk: Buffer) => (receivedInWindow += chunk.length);
    request.on('data', countReceived);
    const minInWindow = (minBytesPerSec * rateWindowMs) / 1000;
    const rateCheck =
      minBytesPerSec > 0
        ? setInterval(() => {
            if (receivedInWindow < minInWindow && !request.complete) {
              fail(
                new RequestTimeoutException(
                  `The upload arrived at ${Math.round((receivedInWindow * 1000) / rateWindowMs)} bytes/s, below the minimum of ` +
                    `${minBytesPerSec} (UPLOAD_MIN_BYTES_PER_SEC); nothing was stored. Upload over a faster connection.`,
                ),
              );
            }
            receivedInWindow = 0;
          }, rateWindowMs)
        : undefined;
    const deadline =
      timeoutMs !== undefined
        ? setTimeout(() => {
            if (!request.complete)
              fail(
                new RequestTimeoutException(
                  `The upload did not finish within ${timeoutMs} ms (UPLOAD_TIMEOUT_MS); nothing was stored. Split the file or sample it.`,
                ),
              );
          }, timeoutMs)
        : undefined;
    const stopWatching = () => {
      clearInterval(rateCheck);
      clearTimeout(deadline);
      request.off('data', countReceived);
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      stopWatching();
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
        stopWatching();
        resolve({ fields, ingest });
      });
    });
    request.on('aborted', () => fail(new BadRequestException('The upload was interrupted before it finished.')));
    request.pipe(parser);
  });
}

/** After a refusal, at most this much more of the body is read, for at most DRAIN_MS, before the socket is closed. */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 5_000;
const draining = new WeakSet<Request>();

/**
 * Discards the rest of a request body we stopped reading, so the client can read our answer; the answer
 * closes the connection, and a client that keeps sending is cut off after DRAIN_BYTES or DRAIN_MS.
 */
export function drain(request: Request): void {
  if (request.res && !request.res.headersSent) request.res.setHeader('Connection', 'close');
  if (draining.has(request)) return;
  draining.add(request);
  request.resume();
  if (request.complete) return;
  let drained = 0;
  const cutOff = () => request.socket?.destroy();
  const timer = setTimeout(cutOff, DRAIN_MS);
  timer.unref();
  request.socket?.once('close', () => clearTimeout(timer));
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) cutOff();
  });
}
