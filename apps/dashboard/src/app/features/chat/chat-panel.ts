import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ChatView } from './chat-view';

/** The assistant in the shell's side panel, on every page; loaded the first time the panel opens. */
@Component({
  selector: 'sam-chat-panel',
  imports: [ChatView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="chat-panel__title">Assistant</h2>
    <sam-chat-view [compact]="true" [autofocus]="true" />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      height: 100%;
      min-height: 0;
    }
    .chat-panel__title {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
  `,
})
export class ChatPanel {}
