import { MigrationInterface, QueryRunner } from 'typeorm';

/** Single sign-on (people and their server-side sessions) and the audit log of every change. */
export class SsoAndAudit1765210000000 implements MigrationInterface {
  name = 'SsoAndAudit1765210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A person is the provider's (issuer, sub); email and name are refreshed at every sign-in, as is the role.
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issuer varchar(500) NOT NULL,
        subject varchar(255) NOT NULL,
        email varchar(320),
        name varchar(200) NOT NULL,
        role varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (issuer, subject)
      )`);
    // The cookie holds a random id; only its SHA-256 is stored, so a database dump opens no session.
    await queryRunner.query(`
      CREATE TABLE sessions (
        id_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token varchar(64) NOT NULL,
        id_token text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);
    await queryRunner.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
    await queryRunner.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor varchar(320) NOT NULL,
        via varchar(16) NOT NULL,
        action varchar(32) NOT NULL,
        method varchar(8) NOT NULL,
        route varchar(500) NOT NULL,
        resource_id varchar(200),
        status integer NOT NULL,
        request_id varchar(128)
      )`);
    await queryRunner.query(`CREATE INDEX audit_events_at_idx ON audit_events (at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor, at DESC)`);
    // A conversation's owner is the principal's id: an API key's or, now, a signed-in person's. Keys are only ever
    // revoked (never deleted), so the ON DELETE CASCADE this constraint carried never fired.
    await queryRunner.query(`ALTER TABLE chat_conversations DROP CONSTRAINT IF EXISTS chat_conversations_owner_key_id_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM chat_conversations c WHERE owner_key_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.id = c.owner_key_id)`,
    );
    await queryRunner.query(
      `ALTER TABLE chat_conversations ADD CONSTRAINT chat_conversations_owner_key_id_fkey FOREIGN KEY (owner_key_id) REFERENCES api_keys (id) ON DELETE CASCADE`,
    );
    await queryRunner.query(`DROP TABLE audit_events`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`DROP TABLE users`);
  }
}
