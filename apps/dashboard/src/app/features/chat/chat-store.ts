import { computed, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { CHAT_MESSAGE_MAX_LENGTH, ChatMode, ChatRole, type ConversationSummaryDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthStore } from '../../core/auth/auth-store';
import { DisplayedError, toDisplayedError } from '../../core/http/api-error';
import { ChatClient, ChatRequestError } from '../../api/chat-client';
import { applyChatEvent, ChatTurn, turnFromMessage } from './chat-turn';

let nextLocalId = 0;
const localId = (prefix: string) => `${prefix}-${++nextLocalId}`;

/**
 * The conversation on screen, shared by the assistant page and the side panel so a
 * question asked in one continues in the other; plus the list of past conversations.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly client = inject(ChatClient);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  private readonly turnsSignal = signal<ChatTurn[]>([]);
  private readonly conversationIdSignal = signal<string | null>(null);
  private abort: AbortController | null = null;

  readonly turns = this.turnsSignal.asReadonly();
  readonly conversationId = this.conversationIdSignal.asReadonly();
  readonly busy = computed(() => this.turnsSignal().some((turn) => turn.status === 'streaming'));
  /** Mode of the latest answer: how the assistant is answering now. */
  readonly mode = computed<ChatMode | null>(() => {
    const turns = this.turnsSignal();
    for (let index = turns.length - 1; index >= 0; index--) {
      const mode = turns[index]?.mode;
      if (mode) return mode;
    }
    return null;
  });

  readonly history = signal<ConversationSummaryDto[] | null>(null);
  readonly historyError = signal<DisplayedError | null>(null);
  readonly openError = signal<DisplayedError | null>(null);

  constructor() {
    // Another key signed in (or none): its conversations are not ours to show.
    let previousKey = this.auth.key();
    effect(() => {
      const key = this.auth.key();
      if (key === previousKey) return;
      previousKey = key;
      untracked(() => {
        this.newConversation();
        this.history.set(null);
        this.historyError.set(null);
      });
    });
  }

  /** Asks `text`; the answer streams into the last turn. */
  async send(text: string): Promise<void> {
    const message = text.trim();
    if (message === '' || message.length > CHAT_MESSAGE_MAX_LENGTH || this.busy()) return;
    const answerId = localId('answer');
    this.turnsSignal.update((turns) => [
      ...turns,
      { id: localId('question'), role: ChatRole.User, content: message, toolCalls: [], status: 'done' },
      { id: answerId, role: ChatRole.Assistant, content: '', toolCalls: [], status: 'streaming' },
    ]);
    const update = (change: (turn: ChatTurn) => ChatTurn) =>
      this.turnsSignal.update((turns) => turns.map((turn) => (turn.id === answerId ? change(turn) : turn)));

    const abort = new AbortController();
    this.abort = abort;
    const conversationId = this.conversationIdSignal();
    try {
      for await (const event of this.client.stream({ message, ...(conversationId ? { conversationId } : {}) }, abort.signal)) {
        if (event.event === 'start' || event.event === 'final') this.conversationIdSignal.set(event.data.conversationId);
        update((turn) => applyChatEvent(turn, event));
      }
      update((turn) =>
        turn.status === 'streaming'
          ? {
              ...turn,
              status: 'error',
              error: { message: 'The answer stopped before it was complete. Ask again.', requestId: null, status: 0 },
            }
          : turn,
      );
    } catch (error) {
      if (abort.signal.aborted) {
        update((turn) => ({ ...turn, status: 'stopped' }));
      } else {
        const shown = error instanceof ChatRequestError ? error.displayed : toDisplayedError(error);
        update((turn) => ({ ...turn, status: 'error', error: shown }));
        if (shown.status === 401) this.signedOut();
      }
    } finally {
      if (this.abort === abort) this.abort = null;
    }
    if (this.history() !== null) void this.loadHistory();
  }

  /** Stops the answer in progress (the server stops working on it too). */
  stop(): void {
    this.abort?.abort();
  }

  newConversation(): void {
    this.stop();
    this.turnsSignal.set([]);
    this.conversationIdSignal.set(null);
    this.openError.set(null);
  }

  async open(id: string): Promise<void> {
    this.stop();
    this.openError.set(null);
    try {
      const conversation = await firstValueFrom(this.client.conversation(id));
      this.turnsSignal.set(conversation.messages.map(turnFromMessage));
      this.conversationIdSignal.set(conversation.id);
    } catch (error) {
      this.openError.set(toDisplayedError(error));
    }
  }

  async loadHistory(): Promise<void> {
    try {
      const list = await firstValueFrom(this.client.conversations());
      this.history.set(list.items);
      this.historyError.set(null);
    } catch (error) {
      this.historyError.set(toDisplayedError(error));
    }
  }

  async delete(id: string): Promise<void> {
    try {
      await firstValueFrom(this.client.deleteConversation(id));
      this.historyError.set(null);
      if (this.conversationIdSignal() === id) this.newConversation();
      this.history.update((items) => items?.filter((item) => item.id !== id) ?? null);
    } catch (error) {
      this.historyError.set(toDisplayedError(error));
    }
  }

  private signedOut(): void {
    this.auth.forget();
    void this.router.navigate(['/signin'], { queryParams: { next: this.router.url } });
  }
}
