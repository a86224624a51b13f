// `@stress/client`: the browser-safe entry (fetch and Web Crypto only). Node's entry, with uploads from disk, is `./node.ts`.
export { createClient, MonitorClient } from './lib/client';
export type {
  ActualRow,
  AlertFilter,
  PredictionRow,
  ActualsResult,
  BatchOptions,
  BatchResult,
  BoundOperations,
  ClientOptions,
  DataOf,
  PredictionsResult,
} from './lib/client';
export { ApiError } from './lib/api-error';
export { batches, batchIdempotencyKey, canonicalJson, MAX_BATCH } from './lib/batching';
export { backoffMs, retryAfterMs, withRetries } from './lib/retry';
export type { RetryOptions } from './lib/retry';
export type { DatasetFields, OpenedSource, PathOpener, UploadOptions, UploadProgress, UploadSource } from './lib/upload';
export * from './generated/types.gen';
