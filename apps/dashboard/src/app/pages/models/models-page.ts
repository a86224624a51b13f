import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'sam-models-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Models</h1>
    <p>Registered models and their versions.</p>
  `,
})
export class ModelsPage {}
