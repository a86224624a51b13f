import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AuthStore } from '../../core/auth/auth-store';

@Component({
  selector: 'sam-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Overview</h1>
    @if (auth.me(); as me) {
      <p>Signed in as {{ me.name }} ({{ me.role }}).</p>
    }
  `,
})
export class OverviewPage {
  protected readonly auth = inject(AuthStore);
}
