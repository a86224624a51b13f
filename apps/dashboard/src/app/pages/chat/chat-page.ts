import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ChatStore } from '../../features/chat/chat-store';
import { ChatView } from '../../features/chat/chat-view';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';

/** `/chat`: the assistant with the list of past conversations. */
@Component({
  selector: 'sam-chat-page',
  imports: [DatePipe, MatButtonModule, ChatView, EmptyState, ErrorState, LoadingState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './chat-page.html',
  styleUrl: './chat-page.scss',
})
export class ChatPage implements OnInit {
  protected readonly store = inject(ChatStore);

  ngOnInit(): void {
    void this.store.loadHistory();
  }
}
