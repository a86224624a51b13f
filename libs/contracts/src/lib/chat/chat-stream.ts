import type { ChatResponseDto, ToolCallDto } from './chat.dto';

/**
 * `POST /api/v1/chat/stream` answers with Server-Sent Events (`text/event-stream`).
 * Each event has a name (`event:` line) and JSON data (`data:` line):
 *
 * - `start`     `{ conversationId }`: the conversation the exchange is stored in.
 * - `tool_call` a ToolCallDto, once per tool the assistant called (as it completes).
 * - `delta`     `{ text }`: the next piece of the reply; concatenated they give `reply`.
 * - `reset`     `{ reason }`: discard the text received so far; the reply starts again (the LLM wrote
 *               text before calling a tool, or failed mid-answer and the rules took over).
 * - `final`     the whole ChatResponseDto (the same object `POST /api/v1/chat` returns). Last event;
 *               it is authoritative (after a fallback its toolCalls are those of the rules answer).
 * - `error`     `{ statusCode, message, requestId }` when the answer could not be produced. Last event.
 */
export enum ChatStreamEventName {
  Start = 'start',
  ToolCall = 'tool_call',
  Delta = 'delta',
  Reset = 'reset',
  Final = 'final',
  Error = 'error',
}

export interface ChatStreamStartData {
  conversationId: string;
}

export interface ChatStreamDeltaData {
  text: string;
}

export interface ChatStreamResetData {
  reason: string;
}

export interface ChatStreamErrorData {
  statusCode: number;
  message: string;
  requestId?: string;
}

export type ChatStreamEvent =
  | { event: ChatStreamEventName.Start; data: ChatStreamStartData }
  | { event: ChatStreamEventName.ToolCall; data: ToolCallDto }
  | { event: ChatStreamEventName.Delta; data: ChatStreamDeltaData }
  | { event: ChatStreamEventName.Reset; data: ChatStreamResetData }
  | { event: ChatStreamEventName.Final; data: ChatResponseDto }
  | { event: ChatStreamEventName.Error; data: ChatStreamErrorData };

/** Serialises one event in the wire format (also used by the API). */
export function formatChatStreamEvent(event: ChatStreamEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

const EVENT_NAMES = new Set<string>(Object.values(ChatStreamEventName));

/**
 * Incremental parser for the stream: feed it text chunks as they arrive (e.g. from
 * `fetch().body` through a TextDecoder) and it returns the complete events so far.
 * `EventSource` cannot send a POST body or an Authorization header, hence this helper.
 */
export function createChatStreamParser(): { push(chunk: string): ChatStreamEvent[]; end(): ChatStreamEvent[] } {
  let buffer = '';
  const parseBlock = (block: string): ChatStreamEvent | null => {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (!EVENT_NAMES.has(name) || data.length === 0) return null;
    try {
      return { event: name, data: JSON.parse(data.join('\n')) } as ChatStreamEvent;
    } catch {
      return null;
    }
  };
  const drain = (final: boolean): ChatStreamEvent[] => {
    const events: ChatStreamEvent[] = [];
    buffer = buffer.replace(/\r\n?/g, '\n');
    let index: number;
    while ((index = buffer.indexOf('\n\n')) !== -1) {
      const event = parseBlock(buffer.slice(0, index));
      buffer = buffer.slice(index + 2);
      if (event) events.push(event);
    }
    if (final && buffer.trim() !== '') {
      const event = parseBlock(buffer);
      buffer = '';
      if (event) events.push(event);
    }
    return events;
  };
  return {
    push(chunk: string) {
      buffer += chunk;
      return drain(false);
    },
    end() {
      return drain(true);
    },
  };
}
