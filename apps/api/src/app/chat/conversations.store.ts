import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChatMode, ChatRole, ToolCallDto } from '@stress/contracts';
import { AssistantTurn, ChatMessageRecord, ConversationRecord } from './conversations.types';

interface ConversationRow {
  id: string;
  owner_key_id: string | null;
  owner_name: string;
  title: string;
  message_count: number;
  created_at: Date;
  updated_at: Date;
}

interface MessageRow {
  id: string;
  seq: number;
  role: ChatRole;
  content: string;
  mode: ChatMode | null;
  tool_calls: ToolCallDto[] | null;
  note: string | null;
  created_at: Date;
}

const CONVERSATION_COLUMNS = 'id, owner_key_id, owner_name, title, message_count, created_at, updated_at';
const MESSAGE_COLUMNS = 'id, seq, role, content, mode, tool_calls, note, created_at';

function toConversation(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    ownerKeyId: row.owner_key_id,
    ownerName: row.owner_name,
    title: row.title,
    messageCount: row.message_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toMessage(row: MessageRow): ChatMessageRecord {
  return {
    id: row.id,
    seq: row.seq,
    role: row.role,
    content: row.content,
    mode: row.mode,
    toolCalls: row.tool_calls,
    note: row.note,
    createdAt: row.created_at,
  };
}

/** The `chat_conversations` and `chat_messages` rows. */
@Injectable()
export class ConversationsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(id: string): Promise<ConversationRecord | null> {
    const [row]: ConversationRow[] = await this.dataSource.query(`SELECT ${CONVERSATION_COLUMNS} FROM chat_conversations WHERE id = $1`, [
      id,
    ]);
    return row ? toConversation(row) : null;
  }

  /** Messages in conversation order; with `last`, only the last ones. */
  async messages(conversationId: string, last?: number): Promise<ChatMessageRecord[]> {
    const rows: MessageRow[] = await this.dataSource.query(
      `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM chat_messages WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2) latest ORDER BY seq`,
      [conversationId, last ?? null],
    );
    return rows.map(toMessage);
  }

  /**
   * Stores a question and its answer together; creates the conversation on its first exchange.
   * False when an existing conversation was deleted meanwhile.
   */
  async appendExchange(
    conversationId: string,
    newConversation: { ownerKeyId: string | null; ownerName: string; title: string } | null,
    question: string,
    answer: AssistantTurn,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      let seq: number;
      if (newConversation === null) {
        // Lock the row so two answers in the same conversation get distinct positions.
        // A CTE, because TypeORM answers a bare UPDATE … RETURNING with [rows, rowCount].
        const [locked]: Array<{ message_count: number }> = await manager.query(
          `WITH updated AS (
             UPDATE chat_conversations SET message_count = message_count + 2, updated_at = $2 WHERE id = $1 RETURNING message_count
           ) SELECT message_count FROM updated`,
          [conversationId, now],
        );
        if (!locked) return false;
        seq = locked.message_count - 1;
      } else {
        await manager.query(
          `INSERT INTO chat_conversations (id, owner_key_id, owner_name, title, message_count, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 2, $5, $5)`,
          [conversationId, newConversation.ownerKeyId, newConversation.ownerName, newConversation.title, now],
        );
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
      return true;
    });
  }

  /** A key's conversations (null: the environment's ADMIN_API_KEY), last updated first, with the total before paging. */
  async listByOwner(ownerKeyId: string | null, limit: number, offset: number): Promise<{ items: ConversationRecord[]; total: number }> {
    const owner = `owner_key_id IS NOT DISTINCT FROM $1::uuid`;
    const rows: Array<ConversationRow & { total: string | number }> = await this.dataSource.query(
      `SELECT ${CONVERSATION_COLUMNS}, count(*) OVER () AS total FROM chat_conversations WHERE ${owner}
       ORDER BY updated_at DESC, id ASC LIMIT $2 OFFSET $3`,
      [ownerKeyId, limit, offset],
    );
    // A page past the end has no row to carry the window total.
    const total =
      rows.length > 0
        ? Number(rows[0].total)
        : Number((await this.dataSource.query(`SELECT count(*) AS total FROM chat_conversations WHERE ${owner}`, [ownerKeyId]))[0].total);
    return { items: rows.map(toConversation), total };
  }

  /** Deletes a conversation; its messages go with it (ON DELETE CASCADE). */
  async delete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM chat_conversations WHERE id = $1`, [id]);
  }
}
