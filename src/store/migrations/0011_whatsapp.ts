import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../migrations';

/**
 * The WhatsApp bridge: deliveries taken (keyed hashes of Meta's message ids, which carry the person's number), the
 * person's sealed number and 24-hour window under a keyed hash that is the conversation id, replies kept for the
 * next message, the status of messages sent, and the secret the hashes are keyed with (sealed).
 */
export function whatsappMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('whatsapp_keys')
        .addColumn('name', 'text', (col) => col.primaryKey().notNull())
        .addColumn('value', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('whatsapp_seen')
        .addColumn('key', 'text', (col) => col.primaryKey().notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('whatsapp_seen_by_created').on('whatsapp_seen').column('created_at').execute();

      await db.schema
        .createTable('whatsapp_people')
        .addColumn('conversation_id', 'text', (col) => col.primaryKey().notNull())
        .addColumn('phone', 'text', (col) => col.notNull())
        .addColumn('last_in_at', 'text', (col) => col.notNull())
        .addColumn('reengaged_at', 'text')
        .execute();
      await db.schema.createIndex('whatsapp_people_by_last_in').on('whatsapp_people').column('last_in_at').execute();

      const pending =
        engine === 'sqlite'
          ? db.schema.createTable('whatsapp_pending').addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
          : db.schema.createTable('whatsapp_pending').addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity());
      await pending
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('message', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('whatsapp_pending_by_conversation').on('whatsapp_pending').columns(['conversation_id', 'id']).execute();
      await db.schema.createIndex('whatsapp_pending_by_created').on('whatsapp_pending').column('created_at').execute();

      await db.schema
        .createTable('whatsapp_messages')
        .addColumn('message_key', 'text', (col) => col.primaryKey().notNull())
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('error_code', 'integer')
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('whatsapp_messages_by_conversation').on('whatsapp_messages').column('conversation_id').execute();
      await db.schema.createIndex('whatsapp_messages_by_updated').on('whatsapp_messages').column('updated_at').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['whatsapp_messages', 'whatsapp_pending', 'whatsapp_people', 'whatsapp_seen', 'whatsapp_keys']) await db.schema.dropTable(table).execute();
    },
  };
}
