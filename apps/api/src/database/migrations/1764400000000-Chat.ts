import { MigrationInterface, QueryRunner } from 'typeorm';

/** Assistant conversations, owned by the API key that started them. */
export class Chat1764400000000 implements MigrationInterface {
  name = 'Chat1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE chat_conversations (
        id uuid PRIMARY KEY,
        owner_key_id uuid REFERENCES api_keys (id) ON DELETE CASCADE,
        owner_name varchar(100) NOT NULL,
        title varchar(200) NOT NULL,
        message_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // owner_key_id is NULL for the environment's ADMIN_API_KEY, which has no row.
    await queryRunner.query(`CREATE INDEX chat_conversations_owner_idx ON chat_conversations (owner_key_id, updated_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE chat_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('user', 'assistant')),
        content text NOT NULL,
        mode varchar(8) CHECK (mode IN ('llm', 'rules')),
        tool_calls jsonb,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (conversation_id, seq)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE chat_messages`);
    await queryRunner.query(`DROP TABLE chat_conversations`);
  }
}
