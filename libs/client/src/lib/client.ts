import { createClient as createFetchClient, createConfig, type Client } from '../generated/client';
import * as operations from '../generated/sdk.gen';
import type {
  ActualInputDto,
  AlertDto,
  AlertListDto,
  CreateDriftReportDto,
  DatasetDto,
  DriftReportDto,
  MetricPointInputDto,
  ModelListDto,
  ModelsListData,
  PredictionInputDto,
} from '../generated/types.gen';
import { ApiError } from './api-error';
import { batches, batchIdempotencyKey, MAX_BATCH } from './batching';
import { withRetries, type FetchLike, type RetryOptions } from './retry';
import { streamUpload, type DatasetFields, type PathOpener, type UploadOptions, type UploadSource } from './upload';

export interface ClientOptions {
  /**
   * The API's origin, e.g. `https://monitor.example.com`. Required: the SDK also runs in browsers, where a default
   * host would silently point at the wrong place (the CLI takes it from `--url` / `MONITOR_URL`).
   */
  baseUrl: string;
  /** An API key, sent as `X-API-Key`. */
  apiKey?: string;
  retry?: RetryOptions;
  /** A `fetch` implementation (default `globalThis.fetch`): for proxies, tests, or custom agents. */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
}

type Operations = typeof operations;
type OperationName = {
  [K in keyof Operations]: Operations[K] extends (...args: never[]) => Promise<{ data?: unknown }> ? K : never;
}[keyof Operations];
/** What a generated operation resolves to on success. */
export type DataOf<F> = F extends (...args: never[]) => Promise<infer R>
  ? R extends { data: infer D }
    ? Exclude<D, undefined>
    : never
  : never;
/** Every generated operation, resolving to its data and throwing `ApiError` (the `client` option is filled in). */
export type BoundOperations = { [K in OperationName]: (...args: Parameters<Operations[K]>) => Promise<DataOf<Operations[K]>> };

export interface BatchResult {
  /** Rows or points the API reports as accepted, summed over the batches (a replayed batch reports its first answer). */
  accepted: number;
  batches: number;
  /** Batches the API recognised by their Idempotency-Key and did not store again. */
  replayed: number;
}

export interface BatchOptions {
  /** At most this many items per request (default 10,000, the API's default limit). */
  batchSize?: number;
  /** Called after each batch is stored: `done` items of `total`. */
  onBatch?: (done: number, total: number) => void;
}

/**
 * A prediction row. The OpenAPI document types `prediction` as an object (the swagger plugin cannot express "number or
 * string"), so the hand-written layer declares the real shape.
 */
export type PredictionRow = Omit<PredictionInputDto, 'prediction' | 'features'> & {
  features: Record<string, number | string | boolean | null>;
  prediction: number | string;
};

/** An actual (ground truth) row: `actual` is a number or a string label. */
export type ActualRow = Omit<ActualInputDto, 'actual'> & { actual: number | string };

/** Filters `listAlerts` applies to the API's answer (`GET /api/v1/alerts` takes no query parameters). */
export interface AlertFilter {
  model?: string;
  state?: AlertDto['state'] | readonly AlertDto['state'][];
  severity?: AlertDto['severity'] | readonly AlertDto['severity'][];
}

export interface PredictionsResult {
  accepted: number;
  duplicates: number;
  batches: number;
}

export interface ActualsResult {
  accepted: number;
  matched: number;
  pending: number;
  batches: number;
}

/** The API: every generated operation under `api`, and the hand-written helpers that batch, key and stream. */
export class MonitorClient {
  readonly baseUrl: string;
  /** The generated fetch client, configured with the key, retries and `ApiError`s. */
  readonly http: Client;
  /** Generated operations, bound to this client: `await client.api.modelsList({ query: { search: 'churn' } })`. */
  readonly api: BoundOperations;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: FetchLike;
  private readonly retry: RetryOptions;
  /** Reads a path from disk: only `@stress/client/node` has one, so the browser entry never imports Node built-ins. */
  protected readonly openPath?: PathOpener;

  constructor(options: ClientOptions, openPath?: PathOpener) {
    this.openPath = openPath;
    if (!options?.baseUrl)
      throw new TypeError('createClient: baseUrl is required, e.g. createClient({ baseUrl: "https://monitor.example.com" })');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.headers = { ...(options.headers ?? {}) };
    if (options.apiKey) this.headers['X-API-Key'] = options.apiKey;
    this.retry = options.retry ?? {};
    this.fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    const retrying = withRetries(this.fetchImpl, this.retry);
    this.http = createFetchClient(
      createConfig({
        baseUrl: this.baseUrl,
        headers: this.headers,
        fetch: retrying as typeof fetch,
        throwOnError: true,
      }),
    );
    this.http.interceptors.error.use((error, response) =>
      response ? ApiError.fromResponse(response.status, response.headers, error) : ApiError.fromNetworkError(error),
    );
    const bound: Record<string, unknown> = {};
    for (const [name, operation] of Object.entries(operations)) {
      if (typeof operation !== 'function') continue;
      bound[name] = async (options?: Record<string, unknown>) => {
        const result = (await (operation as (options: unknown) => Promise<{ data?: unknown }>)({
          ...(options ?? {}),
          client: this.http,
        })) as {
          data?: unknown;
        };
        return result.data;
      };
    }
    this.api = bound as BoundOperations;
  }

  /** Models in the registry (one page; `limit` ≤ 200). */
  listModels(query: ModelsListData['query'] = {}): Promise<ModelListDto> {
    return this.api.modelsList({ query });
  }

  /**
   * Stores metric points: split into batches of at most 10,000, each sent with an `Idempotency-Key` derived from its content,
   * so a retried request or the same points sent again are stored once.
   */
  async logMetrics(points: readonly MetricPointInputDto[], options: BatchOptions = {}): Promise<BatchResult> {
    const result: BatchResult = { accepted: 0, batches: 0, replayed: 0 };
    let done = 0;
    for (const batch of batches(points, options.batchSize ?? MAX_BATCH)) {
      const key = await batchIdempotencyKey('metrics', batch);
      const answer = await operations.metricsIngest({ client: this.http, body: { points: batch }, headers: { 'Idempotency-Key': key } });
      result.accepted += answer.data?.accepted ?? 0;
      result.batches += 1;
      if (answer.response?.headers.get('idempotent-replayed') === 'true') result.replayed += 1;
      done += batch.length;
      options.onBatch?.(done, points.length);
    }
    return result;
  }

  /**
   * Every enabled alert rule's current state, firing first (then pending, nodata, error, normal), as the API orders them.
   * `filter` keeps the rules of one model, state(s) or severity(ies); `firing` then counts the firing rules kept.
   */
  async listAlerts(filter: AlertFilter = {}): Promise<AlertListDto> {
    const answer = await this.api.alertsList();
    const states = filter.state === undefined ? undefined : ([] as string[]).concat(filter.state);
    const severities = filter.severity === undefined ? undefined : ([] as string[]).concat(filter.severity);
    const items = answer.items.filter(
      (alert) =>
        (filter.model === undefined || alert.model === filter.model) &&
        (states === undefined || states.includes(alert.state)) &&
        (severities === undefined || severities.includes(alert.severity)),
    );
    return { items, firing: items.filter((alert) => alert.state === 'firing').length };
  }

  /**
   * Streams a CSV from disk (a path, in Node with `@stress/client/node`), a Blob/File (browsers) or a stream to `POST /api/v1/datasets`, calling
   * `onProgress` as bytes go out.
   */
  async uploadDataset(source: UploadSource, fields: DatasetFields, options: UploadOptions = {}): Promise<DatasetDto> {
    return (await streamUpload(
      `${this.baseUrl}/api/v1/datasets`,
      this.headers,
      this.fetchImpl,
      this.retry,
      source,
      fields,
      options,
      this.openPath,
    )) as DatasetDto;
  }

  /** Compares two datasets (`POST /api/v1/drift-reports`) and returns the stored report. */
  runDrift(body: CreateDriftReportDto): Promise<DriftReportDto> {
    return this.api.driftReportsCreate({ body });
  }

  getDriftReport(id: string): Promise<DriftReportDto> {
    return this.api.driftReportsGet({ path: { id } });
  }

  /** Logs predictions of one version in batches of at most 10,000; ids make re-sent rows duplicates, never stored twice. */
  async logPredictions(
    model: string,
    version: string,
    rows: readonly PredictionRow[],
    options: BatchOptions = {},
  ): Promise<PredictionsResult> {
    const result: PredictionsResult = { accepted: 0, duplicates: 0, batches: 0 };
    let done = 0;
    for (const batch of batches(rows, options.batchSize ?? MAX_BATCH)) {
      const answer = await this.api.predictionsLogPredictions({
        path: { name: model, version },
        body: { rows: batch as unknown as PredictionInputDto[] },
      });
      result.accepted += answer.accepted;
      result.duplicates += answer.duplicates;
      result.batches += 1;
      done += batch.length;
      options.onBatch?.(done, rows.length);
    }
    return result;
  }

  /** Logs actuals (ground truth) of a model in batches of at most 10,000; a second actual for an id replaces the first. */
  async logActuals(model: string, rows: readonly ActualRow[], options: BatchOptions = {}): Promise<ActualsResult> {
    const result: ActualsResult = { accepted: 0, matched: 0, pending: 0, batches: 0 };
    let done = 0;
    for (const batch of batches(rows, options.batchSize ?? MAX_BATCH)) {
      const answer = await this.api.predictionsLogActuals({ path: { name: model }, body: { rows: batch as unknown as ActualInputDto[] } });
      result.accepted += answer.accepted;
      result.matched += answer.matched;
      result.pending += answer.pending;
      result.batches += 1;
      done += batch.length;
      options.onBatch?.(done, rows.length);
    }
    return result;
  }
}

/** `createClient({ baseUrl, apiKey })`: the entry point. */
export function createClient(options: ClientOptions): MonitorClient {
  return new MonitorClient(options);
}
