import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthStore } from '../auth/auth-store';
import { RuntimeConfig } from '../config/runtime-config';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Adds the signed-in key to API requests, or, for a single-sign-on session (an HttpOnly cookie the browser
 * sends by itself), the session's CSRF token to every write. A 401 means the key or session stopped working:
 * back to sign-in, which returns to this page afterwards.
 */
export const apiKeyInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthStore);
  const config = inject(RuntimeConfig);
  const router = inject(Router);
  const key = auth.key();
  const isApi = config.isApiUrl(request.url);
  const csrfToken = auth.csrfToken();
  // Only a sign-in that stopped working sends the person back; asking whether a session exists (restore) is not one.
  const wasSignedIn = auth.signedIn();
  const authorized =
    isApi && key !== null && !request.headers.has('Authorization')
      ? request.clone({ setHeaders: { Authorization: `Bearer ${key}` } })
      : isApi && csrfToken !== null && UNSAFE_METHODS.has(request.method)
        ? request.clone({ setHeaders: { 'X-CSRF-Token': csrfToken }, withCredentials: true })
        : isApi && auth.viaSession()
          ? request.clone({ withCredentials: true })
          : request;
  return next(authorized).pipe(
    catchError((error: unknown) => {
      if (isApi && error instanceof HttpErrorResponse && error.status === 401 && wasSignedIn && !request.headers.has('Authorization')) {
        auth.forget();
        void router.navigate(['/signin'], { queryParams: { next: router.url } });
      }
      return throwError(() => error);
    }),
  );
};
