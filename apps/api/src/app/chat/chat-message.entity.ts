import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ChatMode, ChatRole, ToolCallDto } from '@stress/contracts';

@Entity({ name: 'chat_messages' })
export class ChatMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  /** Position in the conversation, from 1. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 16 })
  role!: ChatRole;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'varchar', length: 8, nullable: true })
  mode!: ChatMode | null;

  @Column({ name: 'tool_calls', type: 'jsonb', nullable: true })
  toolCalls!: ToolCallDto[] | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
