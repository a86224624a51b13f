export { createClient, MonitorClient } from './lib/client';
export type {
  ActualRow,
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
export type { DatasetFields, UploadOptions, UploadProgress, UploadSource } from './lib/upload';
export * from './generated/types.gen';
