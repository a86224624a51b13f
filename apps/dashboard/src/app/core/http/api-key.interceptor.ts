import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthStore } from '../auth/auth-store';
import { RuntimeConfig } from '../config/runtime-config';

/** Adds the signed-in key to API requests; a 401 means the key stopped working: sign out. */
export const apiKeyInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthStore);
  const config = inject(RuntimeConfig);
  const router = inject(Router);
  const key = auth.key();
  const isApi = config.isApiUrl(request.url);
  const authorized =
    isApi && key !== null && !request.headers.has('Authorization')
      ? request.clone({ setHeaders: { Authorization: `Bearer ${key}` } })
      : request;
  return next(authorized).pipe(
    catchError((error: unknown) => {
      if (isApi && error instanceof HttpErrorResponse && error.status === 401 && !request.headers.has('Authorization')) {
        auth.signOut();
        void router.navigate(['/signin'], { queryParams: { next: router.url } });
      }
      return throwError(() => error);
    }),
  );
};
