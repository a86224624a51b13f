/** One entry of `details` when a request fails validation. */
export class ErrorDetailDto {
  /** Where the problem is: a field path such as `points.3.value`, or `body`. */
  field!: string;
  /** What is wrong and what is allowed. */
  message!: string;
}

/** The one shape of every error the API returns. */
export class ErrorResponseDto {
  /** HTTP status code, repeated for clients that only see the body. */
  statusCode!: number;
  /** HTTP reason phrase, e.g. "Bad Request". */
  error!: string;
  /** What went wrong and, where possible, what to do about it. */
  message!: string;
  /** Field-level problems or other structured detail. */
  details?: unknown;
  /** The request id (also in the `X-Request-Id` header); quote it when reporting a problem. */
  requestId!: string;
}
