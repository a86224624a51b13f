import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'chat_conversations' })
export class ConversationEntity {
  /** Chosen by the API before answering, so a stream can announce it first. */
  @PrimaryColumn('uuid')
  id!: string;

  /** The owning key; null for the environment's ADMIN_API_KEY. */
  @Column({ name: 'owner_key_id', type: 'uuid', nullable: true })
  ownerKeyId!: string | null;

  @Column({ name: 'owner_name', type: 'varchar', length: 100 })
  ownerName!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ name: 'message_count', type: 'integer' })
  messageCount!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
