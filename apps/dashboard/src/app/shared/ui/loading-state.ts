import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

/**
 * What a region shows while its data loads. `data-testid="loading"` is what the
 * browser tests wait to disappear before they check a page.
 */
@Component({
  selector: 'sam-loading-state',
  imports: [MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'sam-loading-state', role: 'status', 'aria-live': 'polite', 'data-testid': 'loading' },
  template: `<mat-progress-spinner mode="indeterminate" diameter="24" aria-hidden="true" /><span>{{ label() }}</span>`,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 16px 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class LoadingState {
  /** Says what is loading, e.g. "Loading models…". */
  readonly label = input('Loading…');
}
