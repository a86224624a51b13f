import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AlertState } from '@stress/contracts';
import { STATE_DESCRIPTIONS } from './alert-view';

/** A rule's state as a coloured chip; firing in the error colour, pending and no data in the tertiary one. */
@Component({
  selector: 'sam-alert-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="state" [class]="'state state--' + state()" [title]="description()" [attr.data-state]="state()">{{
    state() === 'nodata' ? 'no data' : state()
  }}</span>`,
  styles: `
    .state {
      display: inline-block;
      padding: 1px 8px;
      border-radius: 10px;
      font-size: 0.8rem;
      font-weight: 500;
      white-space: nowrap;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
    .state--firing,
    .state--error {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .state--firing {
      font-weight: 700;
    }
    .state--pending,
    .state--nodata {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
  `,
})
export class AlertStateChip {
  readonly state = input.required<AlertState>();
  protected readonly description = computed(() => STATE_DESCRIPTIONS[this.state()]);
}
