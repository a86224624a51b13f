import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  input,
  viewChild,
  afterRenderEffect,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { CHAT_MESSAGE_MAX_LENGTH, ChatMode, ChatRole } from '@stress/contracts';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { ChatStore } from './chat-store';
import { modeLabel } from './chat-turn';
import { MarkdownView } from './markdown-view';

/** Questions that show what the assistant can do, one click away. */
export const EXAMPLE_QUESTIONS = ['Which models are monitored?', 'How is stress-detector doing?', 'Is there drift on stress-detector?'];

/** The conversation and the question box; the assistant page and the side panel both show it. */
@Component({
  selector: 'sam-chat-view',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MarkdownView,
    EmptyState,
    ErrorState,
    LoadingState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './chat-view.html',
  styleUrl: './chat-view.scss',
})
export class ChatView {
  protected readonly store = inject(ChatStore);
  /** The side panel's narrower layout, with a link to the full page. */
  readonly compact = input(false);
  /** Put the cursor in the question box when the view appears (the panel opening). */
  readonly autofocus = input(false);

  protected readonly ChatRole = ChatRole;
  protected readonly ChatMode = ChatMode;
  protected readonly modeLabel = modeLabel;
  protected readonly examples = EXAMPLE_QUESTIONS;
  protected readonly maxLength = CHAT_MESSAGE_MAX_LENGTH;

  protected readonly question = new FormControl('', { nonNullable: true, validators: [Validators.maxLength(CHAT_MESSAGE_MAX_LENGTH)] });
  private readonly questionValue = toSignal(this.question.valueChanges, { initialValue: '' });
  protected readonly length = computed(() => this.questionValue().length);
  protected readonly canSend = computed(() => {
    const value = this.questionValue().trim();
    return value.length > 0 && this.questionValue().length <= CHAT_MESSAGE_MAX_LENGTH && !this.store.busy();
  });
  protected readonly status = computed(() => {
    const last = this.store.turns().at(-1);
    if (!last || last.role !== ChatRole.Assistant) return '';
    switch (last.status) {
      case 'streaming':
        return 'The assistant is answering…';
      case 'done':
        return 'Answer received.';
      case 'stopped':
        return 'Answer stopped.';
      case 'error':
        return 'The answer failed.';
    }
  });

  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private readonly input = viewChild.required<ElementRef<HTMLTextAreaElement>>('questionInput');

  constructor() {
    // Follow the answer as it grows.
    afterRenderEffect(() => {
      this.store.turns();
      const element = this.scroller().nativeElement;
      element.scrollTop = element.scrollHeight;
    });
    effect(() => {
      if (this.autofocus()) queueMicrotask(() => this.input().nativeElement.focus({ preventScroll: true }));
    });
  }

  protected ask(text = this.question.value): void {
    if (text.trim() === '' || this.store.busy()) return;
    this.question.setValue('');
    void this.store.send(text);
  }

  protected onSubmit(event: Event): void {
    event.preventDefault();
    if (this.canSend()) this.ask();
  }

  /** Enter sends; Shift+Enter is a new line. */
  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (this.canSend()) this.ask();
    }
  }
}
