import { Directive, effect, inject, input, TemplateRef, ViewContainerRef } from '@angular/core';
import { ApiKeyRole } from '@stress/contracts';
import { AuthStore } from '../../core/auth/auth-store';

/**
 * Renders its content only when the signed-in key has at least `role`:
 * `<button *samIfRole="'editor'" ...>Promote</button>`, with an optional
 * `*samIfRole="'admin'; else readOnly"` template for everyone else.
 */
@Directive({ selector: '[samIfRole]' })
export class IfRoleDirective {
  private readonly auth = inject(AuthStore);
  private readonly template = inject(TemplateRef<unknown>);
  private readonly container = inject(ViewContainerRef);

  readonly samIfRole = input.required<ApiKeyRole | `${ApiKeyRole}`>();
  readonly samIfRoleElse = input<TemplateRef<unknown> | null>(null);

  constructor() {
    effect(() => {
      const allowed = this.auth.can(this.samIfRole() as ApiKeyRole);
      const otherwise = this.samIfRoleElse();
      this.container.clear();
      if (allowed) this.container.createEmbeddedView(this.template);
      else if (otherwise) this.container.createEmbeddedView(otherwise);
    });
  }
}
