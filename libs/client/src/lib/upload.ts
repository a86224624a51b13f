import { ApiError } from './api-error';
import { sendWithRetries, type FetchLike, type RetryOptions } from './retry';

/** Text fields of `POST /api/v1/datasets` (see the generated `DatasetsUploadData`). */
export interface DatasetFields {
  name: string;
  model?: string;
  version?: string;
  role?: 'reference' | 'current' | 'training' | 'other';
  targetColumn?: string;
  predictionColumn?: string;
  probabilityColumn?: string;
  positiveLabel?: string;
  /** JSON object column → type, or the object itself. */
  columnTypes?: string | Record<string, string>;
  delimiter?: ',' | ';' | '\t';
}

export interface UploadProgress {
  /** File bytes handed to the connection so far. */
  loaded: number;
  /** The file's size when known (a path, a Blob, or `size` given with a stream). */
  total?: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  /** File name sent in the multipart part (default: the path's last segment, the File's name, or `data.csv`). */
  fileName?: string;
  /** Size of a stream source, for `total` and `Content-Length`. */
  size?: number;
  signal?: AbortSignal;
}

/**
 * What to upload: a path on disk (Node, with `@stress/client/node`: streamed, never read whole), a Blob/File (browsers), a
 * web ReadableStream or a Node readable stream of bytes.
 */
export type UploadSource = string | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** A source ready to be sent: how to read it (again, when repeatable), its size and the file name to send. */
export interface OpenedSource {
  stream: () => AsyncIterable<Uint8Array>;
  size?: number;
  fileName: string;
  /** A path or a Blob can be read again, so the upload can be retried. */
  repeatable: boolean;
}

/** Opens a path on disk (Node only: `@stress/client/node` provides it; the browser entry has none). */
export type PathOpener = (path: string, options: UploadOptions) => Promise<OpenedSource>;

async function openSource(source: UploadSource, options: UploadOptions, openPath?: PathOpener): Promise<OpenedSource> {
  if (typeof source === 'string') {
    if (!openPath) {
      throw new TypeError(
        `uploadDataset("${source}"): a path is read from disk in Node only, by the createClient of @stress/client/node ` +
          '(in browsers pass a File, a Blob or a ReadableStream).',
      );
    }
    return openPath(source, options);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const name = (source as Blob & { name?: string }).name;
    return { stream: () => blobChunks(source), size: source.size, fileName: options.fileName ?? name ?? 'data.csv', repeatable: true };
  }
  const iterable: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in (source as object)
      ? (source as AsyncIterable<Uint8Array>)
      : readableChunks(source as ReadableStream<Uint8Array>);
  return { stream: () => iterable, size: options.size, fileName: options.fileName ?? 'data.csv', repeatable: false };
}

async function* blobChunks(blob: Blob): AsyncIterable<Uint8Array> {
  yield* readableChunks(blob.stream() as ReadableStream<Uint8Array>);
}

async function* readableChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function escapeQuoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The multipart body as a stream: text fields first (the API reads them before the file), then the file, counted. */
function multipartBody(fields: DatasetFields, opened: OpenedSource, boundary: string, onProgress?: (p: UploadProgress) => void) {
  const encoder = new TextEncoder();
  let head = '';
  for (const [key, raw] of Object.entries(fields)) {
    if (raw === undefined || raw === null) continue;
    const value = typeof raw === 'string' ? raw : JSON.stringify(raw);
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(key)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escapeQuoted(opened.fileName)}"\r\n` +
    `Content-Type: text/csv\r\n\r\n`;
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(`\r\n--${boundary}--\r\n`);
  const length = opened.size === undefined ? undefined : headBytes.length + opened.size + tailBytes.length;

  let iterator: AsyncIterator<Uint8Array> | undefined;
  let loaded = 0;
  let stage: 'head' | 'file' | 'tail' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        controller.enqueue(headBytes);
        stage = 'file';
        onProgress?.({ loaded, total: opened.size });
        return;
      }
      if (stage === 'file') {
        iterator ??= opened.stream()[Symbol.asyncIterator]();
        const next = await iterator.next();
        if (!next.done) {
          const chunk = typeof next.value === 'string' ? encoder.encode(next.value) : next.value;
          loaded += chunk.byteLength;
          controller.enqueue(chunk);
          onProgress?.({ loaded, total: opened.size });
          return;
        }
        stage = 'tail';
      }
      if (stage === 'tail') {
        controller.enqueue(tailBytes);
        stage = 'done';
        controller.close();
      }
    },
    async cancel() {
      await iterator?.return?.();
    },
  });
  return { body, length };
}

/**
 * Streams a CSV to `POST /api/v1/datasets` as multipart/form-data and returns the parsed answer. A path or Blob source is
 * read again when the upload is retried (429/503); a stream source is sent once.
 */
export async function streamUpload(
  url: string,
  headers: Record<string, string>,
  fetchImpl: FetchLike,
  retry: RetryOptions,
  source: UploadSource,
  fields: DatasetFields,
  options: UploadOptions = {},
  openPath?: PathOpener,
): Promise<unknown> {
  const opened = await openSource(source, options, openPath);
  const boundary = `----stress-monitor-${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
  const makeRequest = () => {
    const { body, length } = multipartBody(fields, opened, boundary, options.onProgress);
    const requestHeaders: Record<string, string> = { ...headers, 'Content-Type': `multipart/form-data; boundary=${boundary}` };
    if (length !== undefined) requestHeaders['Content-Length'] = String(length);
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      headers: requestHeaders,
      body,
      duplex: 'half',
      signal: options.signal,
    };
    return new Request(url, init);
  };
  let response: Response;
  try {
    // A dataset upload stores a new dataset each time it succeeds, so a network error is not retried (it may have been stored).
    response = await sendWithRetries(makeRequest, fetchImpl, opened.repeatable ? retry : { ...retry, retries: 0 }, false);
  } catch (error) {
    throw ApiError.fromNetworkError(error);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  if (!response.ok) throw ApiError.fromResponse(response.status, response.headers, parsed);
  return parsed;
}
