import { ChatMode, ChatRole, type ChatMessageDto, type ChatStreamEvent, ChatStreamEventName, type ToolCallDto } from '@stress/contracts';
import { DisplayedError } from '../../core/http/api-error';

/** One message of the conversation on screen. */
export interface ChatTurn {
  id: string;
  role: ChatRole;
  /** The question, or the answer (Markdown) so far. */
  content: string;
  mode?: ChatMode;
  toolCalls: ToolCallDto[];
  note?: string;
  /** `streaming` while the answer arrives; `stopped` when the person stopped it. */
  status: 'streaming' | 'done' | 'stopped' | 'error';
  error?: DisplayedError;
}

/** The next state of the answer being streamed, after one event. */
export function applyChatEvent(turn: ChatTurn, event: ChatStreamEvent): ChatTurn {
  switch (event.event) {
    case ChatStreamEventName.Start:
      return turn;
    case ChatStreamEventName.ToolCall:
      return { ...turn, toolCalls: [...turn.toolCalls, event.data] };
    case ChatStreamEventName.Delta:
      return { ...turn, content: turn.content + event.data.text };
    case ChatStreamEventName.Reset:
      return { ...turn, content: '' };
    case ChatStreamEventName.Final: {
      const { reply, mode, toolCalls, note } = event.data;
      // The final event is authoritative: after a fallback its reply and tools replace what streamed.
      return { ...turn, content: reply, mode, toolCalls, ...(note ? { note } : {}), status: 'done' };
    }
    case ChatStreamEventName.Error:
      return {
        ...turn,
        status: 'error',
        error: { message: event.data.message, requestId: event.data.requestId ?? null, status: event.data.statusCode },
      };
  }
}

/** A stored message (conversation history) as a turn. */
export function turnFromMessage(message: ChatMessageDto): ChatTurn {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    ...(message.mode ? { mode: message.mode } : {}),
    toolCalls: message.toolCalls ?? [],
    ...(message.note ? { note: message.note } : {}),
    status: 'done',
  };
}

/** "AI" or "Rules", as the badge says it. */
export function modeLabel(mode: ChatMode): string {
  return mode === ChatMode.Llm ? 'AI' : 'Rules';
}
