import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

/** Copies `text` to the clipboard and says so for a moment (also to screen readers). */
@Component({
  selector: 'sam-copy-button',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button mat-stroked-button type="button" (click)="copy()" [attr.aria-label]="ariaLabel() || null" data-testid="copy">
      {{ state() === 'copied' ? 'Copied' : state() === 'failed' ? 'Copy failed: select and copy by hand' : label() }}
    </button>
    <span class="cdk-visually-hidden" aria-live="polite">{{ state() === 'copied' ? 'Copied to the clipboard' : '' }}</span>
  `,
})
export class CopyButton {
  readonly text = input.required<string>();
  readonly label = input('Copy');
  readonly ariaLabel = input('');
  protected readonly state = signal<'idle' | 'copied' | 'failed'>('idle');
  private timer: ReturnType<typeof setTimeout> | undefined;

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.text());
      this.state.set('copied');
    } catch {
      // Clipboard access needs a secure context (https or localhost) and permission.
      this.state.set('failed');
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.state.set('idle'), 4000);
  }
}
