import { Injectable, NotFoundException } from '@nestjs/common';
import { ApiKeyRole, ChatRole } from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { ConversationsStore } from './conversations.store';
import { AssistantTurn, ConversationRecord, ConversationWithMessages } from './conversations.types';
import type { HistoryMessage } from './llm/llm-assistant';

const TITLE_LENGTH = 80;

/** Stored conversations: only their owner key (or an admin) sees or deletes them. */
@Injectable()
export class ConversationsService {
  constructor(private readonly store: ConversationsStore) {}

  /**
   * The conversation, when the principal may use it. Another key's conversation is
   * reported as not found to viewers and editors, so ids reveal nothing.
   */
  async requireAccessible(id: string, principal: Principal): Promise<ConversationRecord> {
    const conversation = await this.store.find(id);
    if (!conversation) throw notFound(id);
    if (conversation.ownerKeyId === principal.id || principal.role === ApiKeyRole.Admin) return conversation;
    throw notFound(id);
  }

  /** The last messages, oldest first, for an LLM's context. */
  async history(conversationId: string, limit: number): Promise<HistoryMessage[]> {
    const messages = await this.store.messages(conversationId, limit);
    return messages.map((message) => ({ role: message.role === ChatRole.User ? 'user' : 'assistant', content: message.content }));
  }

  /** Stores the question and its answer together; creates the conversation on its first exchange. */
  async appendExchange(
    conversationId: string,
    existing: boolean,
    principal: Principal,
    question: string,
    answer: AssistantTurn,
  ): Promise<void> {
    const stored = await this.store.appendExchange(
      conversationId,
      existing ? null : { ownerKeyId: principal.id, ownerName: principal.name, title: titleOf(question) },
      question,
      answer,
    );
    if (!stored) throw new NotFoundException(`Conversation ${conversationId} was deleted while the answer was prepared.`);
  }

  listOwn(principal: Principal, limit: number, offset: number): Promise<{ items: ConversationRecord[]; total: number }> {
    return this.store.listByOwner(principal.id, limit, offset);
  }

  async get(id: string, principal: Principal): Promise<ConversationWithMessages> {
    const conversation = await this.requireAccessible(id, principal);
    return { conversation, messages: await this.store.messages(id) };
  }

  async delete(id: string, principal: Principal): Promise<void> {
    await this.requireAccessible(id, principal);
    await this.store.delete(id);
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`Conversation ${id} not found among your conversations. List them with GET /api/v1/chat/conversations.`);
}

function titleOf(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  return line.length <= TITLE_LENGTH ? line : `${line.slice(0, TITLE_LENGTH - 1)}…`;
}
