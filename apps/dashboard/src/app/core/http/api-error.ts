import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorResponseDto } from '@stress/contracts';

/** One field-level problem of a refused request (`details` of the API's error shape). */
export interface DisplayedErrorDetail {
  field: string;
  message: string;
}

/** A failed request as a person should see it: the server's message and its request id. */
export interface DisplayedError {
  message: string;
  requestId: string | null;
  status: number;
  /** Field-level problems, when the API listed them. */
  details?: DisplayedErrorDetail[];
}

export function isDisplayedError(value: unknown): value is DisplayedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    !(value instanceof HttpErrorResponse) &&
    typeof (value as DisplayedError).message === 'string' &&
    typeof (value as DisplayedError).status === 'number' &&
    'requestId' in value
  );
}

function detailsOf(details: unknown): DisplayedErrorDetail[] | undefined {
  if (!Array.isArray(details)) return undefined;
  const listed = details.filter(
    (detail): detail is DisplayedErrorDetail =>
      typeof detail === 'object' &&
      detail !== null &&
      typeof (detail as DisplayedErrorDetail).field === 'string' &&
      typeof (detail as DisplayedErrorDetail).message === 'string',
  );
  return listed.length > 0 ? listed : undefined;
}

/** The API's error body (`{ statusCode, error, message, details?, requestId }`) as a DisplayedError, or null when `body` is not one. */
export function fromErrorBody(body: unknown, status: number, headerRequestId: string | null = null): DisplayedError | null {
  const parsed = body as Partial<ErrorResponseDto> | null;
  if (!parsed || typeof parsed !== 'object' || typeof parsed.message !== 'string') return null;
  const details = detailsOf(parsed.details);
  return { message: parsed.message, requestId: parsed.requestId ?? headerRequestId, status, ...(details ? { details } : {}) };
}

export function toDisplayedError(error: unknown): DisplayedError {
  if (isDisplayedError(error)) return error;
  if (error instanceof HttpErrorResponse) {
    const headerRequestId = error.headers.get('X-Request-Id');
    const fromBody = fromErrorBody(error.error, error.status, headerRequestId);
    if (fromBody) return fromBody;
    if (error.status === 0) {
      return { message: 'The API cannot be reached. Check your connection or try again shortly.', requestId: null, status: 0 };
    }
    return { message: `${error.status} ${error.statusText}`, requestId: headerRequestId, status: error.status };
  }
  return { message: error instanceof Error ? error.message : String(error), requestId: null, status: 0 };
}

/** What a failed resource (`resource`, `rxResource`, `httpResource`) shows: its error as a DisplayedError, or null while it has none. */
export function displayedErrorOf(resource: { error(): unknown }): DisplayedError | null {
  const error = resource.error();
  return error ? toDisplayedError(error) : null;
}
