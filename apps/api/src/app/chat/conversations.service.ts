import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import {
  ApiKeyRole,
  ChatMessageDto,
  ChatMode,
  ChatRole,
  ConversationDto,
  ConversationListDto,
  ConversationSummaryDto,
  ToolCallDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { ChatMessageEntity } from './chat-message.entity';
import { ConversationEntity } from './conversation.entity';
import type { HistoryMessage } from './llm/llm-assistant';

const TITLE_LENGTH = 80;

export interface AssistantTurn {
  reply: string;
  mode: ChatMode;
  toolCalls: ToolCallDto[];
  note?: string;
}

/** Stored conversations: only their owner key (or an admin) sees or deletes them. */
@Injectable()
export class ConversationsService {
  constructor(
    @InjectRepository(ConversationEntity) private readonly conversations: Repository<ConversationEntity>,
    @InjectRepository(ChatMessageEntity) private readonly messages: Repository<ChatMessageEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The conversation, when the principal may use it. Another key's conversation is
   * reported as not found to viewers and editors, so ids reveal nothing.
   */
  async requireAccessible(id: string, principal: Principal): Promise<ConversationEntity> {
    const conversation = await this.conversations.findOne({ where: { id } });
    if (!conversation) throw notFound(id);
    if (isOwner(conversation, principal) || principal.role === ApiKeyRole.Admin) return conversation;
    throw notFound(id);
  }

  /** The last messages, oldest first, for an LLM's context. */
  async history(conversationId: string, limit: number): Promise<HistoryMessage[]> {
    const rows = await this.messages.find({ where: { conversationId }, order: { seq: 'DESC' }, take: limit });
    return rows.reverse().map((row) => ({ role: row.role === ChatRole.User ? 'user' : 'assistant', content: row.content }));
  }

  /** Stores the question and its answer together; creates the conversation on its first exchange. */
  async appendExchange(
    conversationId: string,
    existing: boolean,
    principal: Principal,
    question: string,
    answer: AssistantTurn,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      let seq: number;
      if (existing) {
        // Lock the row so two answers in the same conversation get distinct positions.
        const locked = await manager.query(
          `UPDATE chat_conversations SET message_count = message_count + 2, updated_at = $2 WHERE id = $1 RETURNING message_count`,
          [conversationId, now],
        );
        const count = rowsOf<{ message_count: number }>(locked)[0]?.message_count;
        if (count === undefined) throw new NotFoundException(`Conversation ${conversationId} was deleted while the answer was prepared.`);
        seq = count - 1;
      } else {
        await manager.insert(ConversationEntity, {
          id: conversationId,
          ownerKeyId: principal.id,
          ownerName: principal.name,
          title: titleOf(question),
          messageCount: 2,
          createdAt: now,
          updatedAt: now,
        });
        seq = 1;
      }
      // A millisecond later keeps created_at in conversation order for readers who sort by it.
      const answeredAt = new Date(now.getTime() + 1);
      await manager.query(
        `INSERT INTO chat_messages (conversation_id, seq, role, content, mode, tool_calls, note, created_at)
         VALUES ($1, $2, 'user', $3, NULL, NULL, NULL, $4), ($1, $5, 'assistant', $6, $7, $8::jsonb, $9, $10)`,
        [
          conversationId,
          seq,
          question,
          now,
          seq + 1,
          answer.reply,
          answer.mode,
          JSON.stringify(answer.toolCalls),
          answer.note ?? null,
          answeredAt,
        ],
      );
    });
  }

  async listOwn(principal: Principal, limit: number, offset: number): Promise<ConversationListDto> {
    const [rows, total] = await this.conversations.findAndCount({
      where: { ownerKeyId: principal.id === null ? IsNull() : principal.id },
      order: { updatedAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: rows.map(toSummary), total };
  }

  async get(id: string, principal: Principal): Promise<ConversationDto> {
    const conversation = await this.requireAccessible(id, principal);
    const rows = await this.messages.find({ where: { conversationId: id }, order: { seq: 'ASC' } });
    return {
      id: conversation.id,
      title: conversation.title,
      ownerName: conversation.ownerName,
      createdAt: conversation.createdAt.toISOString(),
      updatedAt: conversation.updatedAt.toISOString(),
      messages: rows.map(toMessage),
    };
  }

  async delete(id: string, principal: Principal): Promise<void> {
    await this.requireAccessible(id, principal);
    await this.conversations.delete({ id });
  }
}

function isOwner(conversation: ConversationEntity, principal: Principal): boolean {
  return conversation.ownerKeyId === principal.id;
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`Conversation ${id} not found among your conversations. List them with GET /api/v1/chat/conversations.`);
}

function titleOf(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  return line.length <= TITLE_LENGTH ? line : `${line.slice(0, TITLE_LENGTH - 1)}…`;
}

/** `manager.query` returns rows, or `[rows, count]` for UPDATE … RETURNING on the postgres driver. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0] as T[];
  return (result as T[]) ?? [];
}

function toSummary(row: ConversationEntity): ConversationSummaryDto {
  return {
    id: row.id,
    title: row.title,
    ownerName: row.ownerName,
    messageCount: row.messageCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toMessage(row: ChatMessageEntity): ChatMessageDto {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    ...(row.role === ChatRole.Assistant
      ? { mode: row.mode ?? undefined, toolCalls: row.toolCalls ?? [], ...(row.note ? { note: row.note } : {}) }
      : {}),
    createdAt: row.createdAt.toISOString(),
  };
}
