import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'sam-drift-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Drift</h1>
    <p>Drift reports between a reference and a current dataset.</p>
  `,
})
export class DriftPage {}
