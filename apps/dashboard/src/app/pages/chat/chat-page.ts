import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'sam-chat-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Assistant</h1>
    <p>Ask questions about the monitored models.</p>
  `,
})
export class ChatPage {}
