import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { CHAT_MESSAGE_MAX_LENGTH, CHAT_MESSAGE_MIN_LENGTH, ChatMode, ChatRole } from './chat-mode';

/** `POST /api/v1/chat` and `POST /api/v1/chat/stream`. */
export class ChatRequestDto {
  /** The question, 1 to 2,000 characters (leading and trailing blanks removed), e.g. "How is stress-detector doing?". */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(CHAT_MESSAGE_MIN_LENGTH, CHAT_MESSAGE_MAX_LENGTH, {
    message: `message must be ${CHAT_MESSAGE_MIN_LENGTH} to ${CHAT_MESSAGE_MAX_LENGTH} characters`,
  })
  message!: string;

  /** Continue this conversation (one of your own); omit to start a new one. */
  @IsOptional()
  @IsUUID('all', { message: 'conversationId must be a UUID returned by an earlier answer' })
  conversationId?: string;
}

/** One monitoring tool the assistant called to answer. */
export class ToolCallDto {
  /** Tool name, e.g. `get_latest_metrics`. */
  name!: string;
  /** The arguments it was called with (after validation against the tool's JSON schema). */
  arguments!: Record<string, unknown>;
  /** One line saying what the tool returned, e.g. "8 metrics of stress-detector 1.1.0". */
  summary!: string;
}

/** The assistant's answer. */
export class ChatResponseDto {
  /** The conversation this exchange was stored in; send it back to continue. */
  conversationId!: string;
  /** The answer in Markdown. Every number in it comes from a tool result. */
  reply!: string;
  /** `llm` when a language model wrote it, `rules` otherwise. */
  mode!: ChatMode;
  /** The tools called, in order. */
  toolCalls!: ToolCallDto[];
  /** Why the answer came from rules although a key is set (the LLM failed or timed out). */
  note?: string;
}

/** One stored message of a conversation. */
export class ChatMessageDto {
  id!: string;
  role!: ChatRole;
  /** The question, or the answer in Markdown. */
  content!: string;
  /** For assistant messages: how the answer was produced. */
  mode?: ChatMode;
  /** For assistant messages: the tools called. */
  toolCalls?: ToolCallDto[];
  /** For assistant messages: the fallback note, when there was one. */
  note?: string;
  createdAt!: string;
}

/** A conversation without its messages, as listed. */
export class ConversationSummaryDto {
  id!: string;
  /** The first question, shortened. */
  title!: string;
  /** Name of the API key that owns the conversation. */
  ownerName!: string;
  messageCount!: number;
  createdAt!: string;
  updatedAt!: string;
}

/** `GET /api/v1/chat/conversations/:id`. */
export class ConversationDto {
  id!: string;
  title!: string;
  ownerName!: string;
  createdAt!: string;
  updatedAt!: string;
  /** Oldest first. */
  messages!: ChatMessageDto[];
}

/** `GET /api/v1/chat/conversations`: your own conversations, newest first. */
export class ConversationListDto {
  items!: ConversationSummaryDto[];
  total!: number;
}
