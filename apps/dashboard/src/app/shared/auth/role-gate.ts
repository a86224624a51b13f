import { computed, inject, Signal } from '@angular/core';
import { ApiKeyRole } from '@stress/contracts';
import { AuthStore } from '../../core/auth/auth-store';

/** Why an action is unavailable to the signed-in key, as a tooltip or hint says it. */
export function roleRequirement(role: ApiKeyRole): string {
  switch (role) {
    case ApiKeyRole.Admin:
      return 'Needs an admin key.';
    case ApiKeyRole.Editor:
      return 'Needs an editor or admin key.';
    default:
      return 'Needs a key.';
  }
}

export interface RoleGate {
  /** True when the signed-in key's role allows the action. */
  allowed: Signal<boolean>;
  /** Empty when allowed; otherwise the reason ("Needs an editor or admin key."), for a tooltip or hint. */
  reason: Signal<string>;
}

/**
 * Role-aware actions: call in an injection context (a field initializer) and bind
 * `[disabled]="!editGate.allowed()"` and `[matTooltip]="editGate.reason()"`, or hide the
 * action with `@if (editGate.allowed())` / `*samIfRole`. The API enforces roles anyway;
 * this only spares people a 403.
 */
export function roleGate(role: ApiKeyRole): RoleGate {
  const auth = inject(AuthStore);
  const allowed = computed(() => auth.can(role));
  return { allowed, reason: computed(() => (allowed() ? '' : roleRequirement(role))) };
}
