import { ChatMode, ChatRole, ToolCallDto } from '@stress/contracts';

/** A stored assistant conversation (a `chat_conversations` row). */
export interface ConversationRecord {
  /** Chosen by the API before answering, so a stream can announce it first. */
  id: string;
  /** The owning key; null for the environment's ADMIN_API_KEY. */
  ownerKeyId: string | null;
  ownerName: string;
  title: string;
  messageCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored message (a `chat_messages` row). */
export interface ChatMessageRecord {
  id: string;
  /** Position in the conversation, from 1. */
  seq: number;
  role: ChatRole;
  content: string;
  /** Assistant messages: how the answer was produced. */
  mode: ChatMode | null;
  toolCalls: ToolCallDto[] | null;
  note: string | null;
  createdAt: Date;
}

export interface ConversationWithMessages {
  conversation: ConversationRecord;
  /** In conversation order. */
  messages: ChatMessageRecord[];
}

/** The assistant's answer to one question, as stored. */
export interface AssistantTurn {
  reply: string;
  mode: ChatMode;
  toolCalls: ToolCallDto[];
  note?: string;
}
