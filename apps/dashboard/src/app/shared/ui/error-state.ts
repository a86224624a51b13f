import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { toDisplayedError } from '../../core/http/api-error';

/**
 * A failed request as the API explained it, with its request id (to quote when
 * reporting the problem), field-level details, and a retry button when the page
 * listens to `retry`.
 *
 * `error` takes anything a request can fail with: an HttpErrorResponse, a
 * DisplayedError, an Error.
 */
@Component({
  selector: 'sam-error-state',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'sam-error-state', role: 'alert', 'data-testid': 'error' },
  template: `
    <p class="sam-error-state__message">
      @if (heading()) {
        <strong>{{ heading() }}:</strong>
      }
      {{ shown().message }}
    </p>
    @if (shown().details; as details) {
      <ul class="sam-error-state__details">
        @for (detail of details; track $index) {
          <li>
            <code>{{ detail.field }}</code
            >: {{ detail.message }}
          </li>
        }
      </ul>
    }
    @if (shown().requestId; as requestId) {
      <p class="sam-error-state__request-id" data-testid="request-id">
        Request id: <code>{{ requestId }}</code>
      </p>
    }
    @if (retryable()) {
      <button mat-stroked-button type="button" (click)="retry.emit()">Try again</button>
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 12px 16px;
      margin: 8px 0;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    p {
      margin: 4px 0;
    }
    .sam-error-state__request-id {
      font-size: 0.85rem;
    }
    .sam-error-state__details {
      margin: 4px 0;
      padding-left: 20px;
    }
    button {
      margin-top: 8px;
    }
  `,
})
export class ErrorState {
  readonly error = input.required<unknown>();
  /** Optional context, e.g. "Could not load the models". */
  readonly heading = input('');
  /** Show a "Try again" button that emits `retry`. */
  readonly retryable = input(false);
  readonly retry = output<void>();

  protected readonly shown = computed(() => toDisplayedError(this.error()));
}
