import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A region with nothing to show yet: what is missing and, projected as content,
 * what to do about it (a link or a button).
 */
@Component({
  selector: 'sam-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'sam-empty-state', 'data-testid': 'empty' },
  template: `
    <p class="sam-empty-state__title">{{ title() }}</p>
    @if (message()) {
      <p class="sam-empty-state__message">{{ message() }}</p>
    }
    <ng-content />
  `,
  styles: `
    :host {
      display: block;
      padding: 24px;
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: 12px;
      text-align: center;
      color: var(--mat-sys-on-surface-variant);
    }
    .sam-empty-state__title {
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-on-surface);
      margin: 0 0 8px;
    }
    .sam-empty-state__message {
      margin: 0 0 12px;
    }
  `,
})
export class EmptyState {
  readonly title = input.required<string>();
  readonly message = input<string>('');
}
