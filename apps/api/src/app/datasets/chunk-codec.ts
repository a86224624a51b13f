import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/**
 * Chunks are little-endian typed arrays compressed with raw deflate at level 1: the cheapest setting
 * that still shrinks dictionary codes and repeated numbers a lot. zlib runs on libuv's thread pool,
 * so compressing never blocks the event loop.
 */
export async function compressChunk(values: Float64Array | Int32Array): Promise<Buffer> {
  return deflate(Buffer.from(values.buffer, values.byteOffset, values.byteLength), { level: 1 });
}

export async function decompressFloat64(data: Buffer): Promise<Float64Array> {
  const bytes = await inflate(data);
  return new Float64Array(toAlignedBuffer(bytes), 0, bytes.byteLength / 8);
}

export async function decompressInt32(data: Buffer): Promise<Int32Array> {
  const bytes = await inflate(data);
  return new Int32Array(toAlignedBuffer(bytes), 0, bytes.byteLength / 4);
}

export async function compressJson(value: unknown): Promise<Buffer> {
  return deflate(Buffer.from(JSON.stringify(value), 'utf8'), { level: 1 });
}

export async function decompressJson<T>(data: Buffer): Promise<T> {
  return JSON.parse((await inflate(data)).toString('utf8')) as T;
}

/** Typed arrays need an 8-byte aligned, exclusively owned buffer (Node's pooled Buffers are neither). */
function toAlignedBuffer(bytes: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}
