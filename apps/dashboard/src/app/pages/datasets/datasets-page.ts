import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'sam-datasets-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Datasets</h1>
    <p>Reference and current datasets with their profiles.</p>
  `,
})
export class DatasetsPage {}
