import { HttpClient } from '@angular/common/http';
import { inject, Injectable, InjectionToken } from '@angular/core';
import {
  CHAT_ROUTES,
  type ChatRequestDto,
  type ChatStreamEvent,
  type ConversationDto,
  type ConversationListDto,
  createChatStreamParser,
} from '@stress/contracts';
import { Observable } from 'rxjs';
import { AuthStore } from '../core/auth/auth-store';
import { RuntimeConfig } from '../core/config/runtime-config';
import { DisplayedError, fromErrorBody } from '../core/http/api-error';

/** `fetch`, replaceable in tests. */
export const FETCH = new InjectionToken<typeof fetch>('fetch', { providedIn: 'root', factory: () => (input, init) => fetch(input, init) });

/** A failed chat request, as the API explained it. */
export class ChatRequestError extends Error {
  constructor(readonly displayed: DisplayedError) {
    super(displayed.message);
  }
}

/**
 * The assistant's API. The stream is read with `fetch` (EventSource cannot POST a
 * body or send the key header) and parsed event by event as bytes arrive.
 */
@Injectable({ providedIn: 'root' })
export class ChatClient {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);
  private readonly auth = inject(AuthStore);
  private readonly fetch = inject(FETCH);

  /** `POST /api/v1/chat/stream`: yields each event as soon as it is complete. Abort with `signal`. */
  async *stream(request: ChatRequestDto, signal?: AbortSignal): AsyncGenerator<ChatStreamEvent> {
    const key = this.auth.key();
    const csrfToken = this.auth.csrfToken();
    const response = await this.fetch(this.config.apiUrl(CHAT_ROUTES.stream), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'text/event-stream',
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
        // A single-sign-on session: the cookie goes by itself, its CSRF token must be sent.
        ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
      },
      body: JSON.stringify(request),
      signal,
    });
    if (!response.ok) throw new ChatRequestError(await errorOf(response));
    if (!response.body)
      throw new ChatRequestError({
        message: 'The answer arrived without a body.',
        requestId: response.headers.get('X-Request-Id'),
        status: response.status,
      });

    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = createChatStreamParser();
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        yield* parser.push(decoder.decode(value, { stream: true }));
      }
      yield* parser.push(decoder.decode());
      yield* parser.end();
    } finally {
      // Leaving early (stop, navigation) must not keep the server streaming to nobody.
      await reader.cancel().catch(() => undefined);
    }
  }

  conversations(): Observable<ConversationListDto> {
    return this.http.get<ConversationListDto>(this.config.apiUrl(CHAT_ROUTES.conversations));
  }

  conversation(id: string): Observable<ConversationDto> {
    return this.http.get<ConversationDto>(this.config.apiUrl(CHAT_ROUTES.conversation(id)));
  }

  deleteConversation(id: string): Observable<void> {
    return this.http.delete<void>(this.config.apiUrl(CHAT_ROUTES.conversation(id)));
  }
}

async function errorOf(response: Response): Promise<DisplayedError> {
  const requestId = response.headers.get('X-Request-Id');
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall back to the status line
  }
  return (
    fromErrorBody(body, response.status, requestId) ?? {
      message: `${response.status} ${response.statusText}`.trim(),
      requestId,
      status: response.status,
    }
  );
}
