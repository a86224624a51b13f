import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'sam-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Settings</h1>
    <p>API keys and links to the API documentation.</p>
  `,
})
export class SettingsPage {}
