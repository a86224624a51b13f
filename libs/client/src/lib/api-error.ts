/** The error every call of this client throws: an HTTP error answer of the API, or a network failure (`statusCode` 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** The HTTP status; 0 when no answer arrived (connection refused, reset, DNS). */
    readonly statusCode: number,
    message: string,
    /** The API's `details` (for 400: one entry per problem), when it sent some. */
    readonly details?: unknown,
    /** The API's request id (body `requestId` or `X-Request-Id` header), to quote when asking the operators. */
    readonly requestId?: string,
    /** The API's `error` phrase (`Bad Request`, `Not Found`…). */
    readonly error?: string,
  ) {
    super(message);
  }

  /** True for a failure that happened before any answer (the request may or may not have reached the API). */
  get isNetworkError(): boolean {
    return this.statusCode === 0;
  }

  /** Builds the error from a non-2xx answer's status, headers and already-parsed body (JSON object or text). */
  static fromResponse(status: number, headers: Headers | undefined, body: unknown): ApiError {
    const headerId = headers?.get('x-request-id') ?? undefined;
    if (body && typeof body === 'object') {
      const record = body as Record<string, unknown>;
      const rawMessage = record['message'];
      const message = Array.isArray(rawMessage) ? rawMessage.join('; ') : typeof rawMessage === 'string' ? rawMessage : `HTTP ${status}`;
      const requestId = typeof record['requestId'] === 'string' ? record['requestId'] : headerId;
      const error = typeof record['error'] === 'string' ? record['error'] : undefined;
      return new ApiError(status, message, record['details'], requestId, error);
    }
    const text = typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : `HTTP ${status}`;
    return new ApiError(status, text, undefined, headerId);
  }

  /** Wraps anything thrown by `fetch` (or by this client before an answer arrived). */
  static fromNetworkError(cause: unknown): ApiError {
    if (cause instanceof ApiError) return cause;
    const inner = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    const error = new ApiError(0, `Network error: ${inner}`);
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
}
