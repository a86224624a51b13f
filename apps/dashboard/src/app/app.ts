import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ThemeStore } from './layout/theme-store';

@Component({
  selector: 'sam-root',
  imports: [RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<router-outlet />',
})
export class App {
  // Injected here so the theme applies on every page, sign-in included.
  protected readonly theme = inject(ThemeStore);
}
