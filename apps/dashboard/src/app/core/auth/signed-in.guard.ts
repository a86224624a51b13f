import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthStore } from './auth-store';

/** A signed-out visit goes to sign-in, which comes back here afterwards. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  if (await auth.restore()) return true;
  return router.createUrlTree(['/signin'], { queryParams: { next: state.url } });
};
