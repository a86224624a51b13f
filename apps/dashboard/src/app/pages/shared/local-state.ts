import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { DisplayedError } from '../../core/http/api-error';

/**
 * Loading, error (with request id) and empty states of one block of a page.
 * Stand-in until the shared state components land; then replaced by them.
 */
@Component({
  selector: 'sam-local-state',
  imports: [MatProgressBarModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as failure) {
      <div class="state state--error" role="alert">
        <p class="state__message">{{ failure.message }}</p>
        @if (failure.requestId) {
          <p class="state__request">Request id: <code>{{ failure.requestId }}</code></p>
        }
        <button mat-stroked-button type="button" (click)="retry.emit()">Try again</button>
      </div>
    } @else if (loading()) {
      <div class="state" role="status" aria-live="polite">
        <mat-progress-bar mode="indeterminate" [attr.aria-label]="'Loading ' + what()" />
        <span class="state__label">Loading {{ what() }}…</span>
      </div>
    } @else if (empty()) {
      <p class="state state--empty">{{ emptyText() }}</p>
    }
  `,
  styles: `
    .state { margin: 12px 0; }
    .state__label { display: block; margin-top: 6px; font-size: 0.85rem; color: var(--mat-sys-on-surface-variant); }
    .state--error { padding: 12px 16px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .state__message { margin: 0 0 6px; font-weight: 500; }
    .state__request { margin: 0 0 8px; font-size: 0.85rem; }
    .state--empty { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class LocalState {
  readonly loading = input(false);
  readonly error = input<DisplayedError | null>(null);
  readonly empty = input(false);
  readonly emptyText = input('Nothing here yet.');
  readonly what = input('data');
  readonly retry = output<void>();
}
