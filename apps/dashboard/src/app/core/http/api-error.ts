import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorResponseDto } from '@stress/contracts';

/** A failed request as a person should see it: the server's message and its request id. */
export interface DisplayedError {
  message: string;
  requestId: string | null;
  status: number;
}

export function toDisplayedError(error: unknown): DisplayedError {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ErrorResponseDto> | null;
    if (body && typeof body === 'object' && typeof body.message === 'string') {
      return { message: body.message, requestId: body.requestId ?? error.headers.get('X-Request-Id'), status: error.status };
    }
    if (error.status === 0) {
      return { message: 'The API cannot be reached. Check your connection or try again shortly.', requestId: null, status: 0 };
    }
    return { message: `${error.status} ${error.statusText}`, requestId: error.headers.get('X-Request-Id'), status: error.status };
  }
  return { message: error instanceof Error ? error.message : String(error), requestId: null, status: 0 };
}
