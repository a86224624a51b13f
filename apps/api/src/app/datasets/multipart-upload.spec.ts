import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import { StoredChunk } from './dataset-chunks.store';
import { receiveMultipart } from './multipart-upload';

const BOUNDARY = '----spec-boundary';

type Part = { name: string; value: string; fileName?: string };

/** A multipart/form-data request as a client sends it, streamed in small pieces. */
function request(parts: Part[]): Request {
  const body = Buffer.from(
    parts
      .map(
        (part) =>
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"` +
          (part.fileName !== undefined ? `; filename="${part.fileName}"\r\nContent-Type: text/csv` : '') +
          `\r\n\r\n${part.value}\r\n`,
      )
      .join('') + `--${BOUNDARY}--\r\n`,
  );
  const pieces: Buffer[] = [];
  for (let start = 0; start < body.length; start += 7) pieces.push(body.subarray(start, start + 7));
  const stream = Readable.from(pieces) as unknown as Request;
  Object.assign(stream, {
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(body.length) },
  });
  return stream;
}

function receive(parts: Part[], maxBytes = 1024 * 1024) {
  const written: StoredChunk[] = [];
  const received = receiveMultipart(request(parts), { maxBytes, maxColumns: 2_000 }, async (chunks) => {
    written.push(...chunks);
  });
  return { received, written };
}

describe('receiveMultipart', () => {
  it('collects the text fields and streams the file part into an ingest that stores its chunks', async () => {
    const { received, written } = receive([
      { name: 'name', value: 'sample' },
      { name: 'delimiter', value: ';' },
      { name: 'file', value: 'a;b\n1;x\n2;y\n', fileName: 'sample.csv' },
      { name: 'role', value: 'reference' },
    ]);
    const { fields, ingest } = await received;
    expect(fields).toEqual({ name: 'sample', delimiter: ';', role: 'reference' });
    expect(ingest?.rowCount).toBe(2);
    expect(ingest?.delimiter).toBe(';');
    expect(ingest?.builders.map((builder) => builder.name)).toEqual(['a', 'b']);
    // One values chunk per column (plus the cell formats of the numbers) reached the store.
    expect(written.filter((chunk) => chunk.kind === 'values').map((chunk) => chunk.ordinal)).toEqual([0, 1]);
  });

  it('answers with no ingest when the request has no file part', async () => {
    const { fields, ingest } = await receive([{ name: 'name', value: 'only fields' }]).received;
    expect(fields).toEqual({ name: 'only fields' });
    expect(ingest).toBeNull();
  });

  it('refuses a file part with another name', async () => {
    await expect(receive([{ name: 'data', value: 'a\n1\n', fileName: 'x.csv' }]).received).rejects.toThrow(
      new BadRequestException('Unexpected file part "data": send exactly one CSV, in the part named "file".'),
    );
  });

  it('refuses a second file', async () => {
    const { received } = receive([
      { name: 'file', value: 'a\n1\n', fileName: 'one.csv' },
      { name: 'file', value: 'a\n2\n', fileName: 'two.csv' },
    ]);
    await expect(received).rejects.toBeInstanceOf(BadRequestException);
  });

  it('refuses a text field longer than 64 KB', async () => {
    await expect(receive([{ name: 'name', value: 'x'.repeat(64 * 1024 + 1) }]).received).rejects.toThrow(
      'The field "name" is too long (64 KB at most).',
    );
  });

  it('refuses columnTypes that are not a JSON object before reading the file', async () => {
    const { received, written } = receive([
      { name: 'columnTypes', value: 'not json' },
      { name: 'file', value: 'a\n1\n', fileName: 'x.csv' },
    ]);
    await expect(received).rejects.toBeInstanceOf(BadRequestException);
    expect(written).toEqual([]);
  });

  it('refuses a file larger than the limit with 413', async () => {
    const { received } = receive([{ name: 'file', value: `a\n${'1\n'.repeat(200)}`, fileName: 'big.csv' }], 100);
    await expect(received).rejects.toBeInstanceOf(PayloadTooLargeException);
  });

  it('refuses a request that is not multipart', async () => {
    const plain = Readable.from([Buffer.from('{}')]) as unknown as Request;
    Object.assign(plain, { headers: { 'content-type': 'application/json' } });
    await expect(receiveMultipart(plain, { maxBytes: 100, maxColumns: 2_000 }, async () => undefined)).rejects.toThrow(
      'The multipart request is malformed',
    );
  });
});
