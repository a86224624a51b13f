/** When and how long to wait before sending a request again. */
export interface RetryOptions {
  /** Retries after the first attempt (default 4: five attempts in all). 0 disables retries. */
  retries?: number;
  /** First backoff in ms (default 500); doubles each attempt, with full jitter. */
  baseDelayMs?: number;
  /** Upper bound of one wait in ms, also for `Retry-After` (default 30,000). A longer `Retry-After` is not waited for. */
  maxDelayMs?: number;
}

export type FetchLike = (input: Request) => Promise<Response>;

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRIED_STATUSES = new Set([429, 503]);

/**
 * The wait a `Retry-After` header asks for, in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent
 * or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^attempt)]. */
export function backoffMs(attempt: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

export function retryDefaults(options: RetryOptions = {}): Required<RetryOptions> {
  return { retries: options.retries ?? 4, baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 30_000 };
}

/**
 * POSTs the API makes idempotent by their content: a prediction batch re-sent is answered as duplicates (rows are keyed by
 * id, stored all or none), an actual re-sent replaces itself.
 */
const IDEMPOTENT_POSTS = [/\/api\/v1\/models\/[^/]+\/versions\/[^/]+\/predictions$/, /\/api\/v1\/models\/[^/]+\/actuals$/];

/**
 * A request may be re-sent after a network error when its method is idempotent, it carries an `Idempotency-Key`, or it
 * logs predictions or actuals (idempotent by the API's contract).
 */
export function isIdempotent(request: Request): boolean {
  if (IDEMPOTENT_METHODS.has(request.method.toUpperCase()) || request.headers.has('idempotency-key')) return true;
  const path = new URL(request.url).pathname;
  return request.method.toUpperCase() === 'POST' && IDEMPOTENT_POSTS.some((pattern) => pattern.test(path));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends the request `makeRequest` builds (a fresh one per attempt: a body can be read once) and retries: answers 429 and
 * 503 (the API did not do the work, or asks to come back) after `Retry-After` when the answer has one, else after an
 * exponential backoff; network errors only when `networkRetry` is true. The last answer (or error) is returned as is once
 * the retries are used up, or when `Retry-After` asks for longer than `maxDelayMs`.
 */
export async function sendWithRetries(
  makeRequest: (attempt: number) => Request,
  fetchImpl: FetchLike,
  options: RetryOptions,
  networkRetry: boolean,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<Response> {
  const policy = retryDefaults(options);
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= policy.retries;
    let response: Response;
    try {
      response = await fetchImpl(makeRequest(attempt));
    } catch (error) {
      if (last || !networkRetry) throw error;
      await wait(backoffMs(attempt, policy));
      continue;
    }
    if (last || !RETRIED_STATUSES.has(response.status)) return response;
    const asked = retryAfterMs(response.headers.get('retry-after'));
    if (asked !== undefined && asked > policy.maxDelayMs) return response;
    await response.body?.cancel().catch(() => undefined);
    await wait(asked ?? backoffMs(attempt, policy));
  }
}

/** Wraps `fetch` with `sendWithRetries`: network errors are retried for idempotent requests only (`isIdempotent`). */
export function withRetries(fetchImpl: FetchLike, options: RetryOptions = {}, wait: (ms: number) => Promise<void> = sleep): FetchLike {
  const policy = retryDefaults(options);
  return (request: Request) =>
    sendWithRetries((attempt) => (attempt >= policy.retries ? request : request.clone()), fetchImpl, policy, isIdempotent(request), wait);
}
