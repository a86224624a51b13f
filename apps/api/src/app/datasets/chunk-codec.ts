import { promisify } from 'node:util';
import { constants as zlibConstants, deflateRaw, deflateRawSync, inflateRaw, inflateRawSync } from 'node:zlib';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/**
 * zlib's output buffer for a chunk of `bytes`: large enough for the whole result, so one call on the
 * thread pool does the work. With the default 16 KB, a 512 KB chunk took ~30 pool round trips, each
 * with a callback on the event loop.
 */
function wholeOutput(bytes: number): number {
  return Math.max(zlibConstants.Z_MIN_CHUNK, bytes + 1024);
}

/**
 * Chunks are little-endian typed arrays compressed with raw deflate at level 1: the cheapest setting
 * that still shrinks dictionary codes and repeated numbers a lot. zlib runs on libuv's thread pool,
 * so compressing never blocks the event loop.
 */
export async function compressChunk(values: Float64Array | Int32Array | Uint8Array): Promise<Buffer> {
  const output = await deflate(bytesOf(values), { level: CHUNK_LEVEL, chunkSize: wholeOutput(values.byteLength) });
  // A view into the whole-chunk output buffer: copied out, so a queued chunk holds its compressed size only.
  return Buffer.from(output);
}

/** compressChunk on the calling thread, for code that already runs off the event loop (statistics workers). */
export function compressChunkSync(values: Float64Array | Int32Array): Buffer {
  return deflateRawSync(bytesOf(values), { level: CHUNK_LEVEL });
}

/** decompressBytes on the calling thread (statistics workers). */
export function decompressBytesSync(data: Uint8Array, byteLength: number): Buffer {
  return inflateRawSync(data, { chunkSize: wholeOutput(byteLength) });
}

const CHUNK_LEVEL = 1;

function bytesOf(values: Float64Array | Int32Array | Uint8Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** The chunk's bytes; `byteLength` is what it decompresses to (its value count, stored beside it, × 8 or 4). */
export async function decompressBytes(data: Buffer, byteLength: number): Promise<Buffer> {
  return inflate(data, { chunkSize: wholeOutput(byteLength) });
}

/** `length` is the number of values the chunk holds (stored beside it). */
export async function decompressFloat64(data: Buffer, length: number): Promise<Float64Array> {
  const bytes = await decompressBytes(data, length * 8);
  return new Float64Array(toAlignedBuffer(bytes), 0, bytes.byteLength / 8);
}

export async function decompressInt32(data: Buffer, length: number): Promise<Int32Array> {
  const bytes = await decompressBytes(data, length * 4);
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
