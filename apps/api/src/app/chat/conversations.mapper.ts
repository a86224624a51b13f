import { ChatMessageDto, ChatRole, ConversationDto, ConversationSummaryDto } from '@stress/contracts';
import { ChatMessageRecord, ConversationRecord, ConversationWithMessages } from './conversations.types';

export function toConversationSummaryDto(conversation: ConversationRecord): ConversationSummaryDto {
  return {
    id: conversation.id,
    title: conversation.title,
    ownerName: conversation.ownerName,
    messageCount: conversation.messageCount,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
  };
}

export function toConversationDto({ conversation, messages }: ConversationWithMessages): ConversationDto {
  return {
    id: conversation.id,
    title: conversation.title,
    ownerName: conversation.ownerName,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
    messages: messages.map(toChatMessageDto),
  };
}

export function toChatMessageDto(message: ChatMessageRecord): ChatMessageDto {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    ...(message.role === ChatRole.Assistant
      ? { mode: message.mode ?? undefined, toolCalls: message.toolCalls ?? [], ...(message.note ? { note: message.note } : {}) }
      : {}),
    createdAt: message.createdAt.toISOString(),
  };
}
