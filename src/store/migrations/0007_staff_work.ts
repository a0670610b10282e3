import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../migrations';

/**
 * What the staff app's queue and dashboard read without decrypting transcripts: the step the bot last showed in a
 * conversation (a text key such as `screening:q.fear.prompt`, never what anyone wrote), when a lead was first
 * contacted, an index for the language filter of the newest-first conversation list, and the conversation each
 * staff translation was made for.
 */
export function staffWorkMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('conversations').addColumn('last_step', 'text').execute();
      await db.schema.alterTable('leads').addColumn('first_contact_at', 'text').execute();
      await db.schema.createIndex('conversations_by_locale').on('conversations').columns(['locale', 'created_at']).execute();
      // Translations belong to the conversation they were made for, so deleting or purging it removes them too.
      await sql`delete from translation_cache`.execute(db);
      await db.schema.alterTable('translation_cache').addColumn('channel_id', 'text', (col) => col.notNull().defaultTo('')).execute();
      await db.schema.alterTable('translation_cache').addColumn('conversation_id', 'text', (col) => col.notNull().defaultTo('')).execute();
      await db.schema.createIndex('translation_cache_by_conversation').on('translation_cache').columns(['channel_id', 'conversation_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('translation_cache_by_conversation').ifExists().execute();
      await db.schema.alterTable('translation_cache').dropColumn('conversation_id').execute();
      await db.schema.alterTable('translation_cache').dropColumn('channel_id').execute();
      await db.schema.dropIndex('conversations_by_locale').ifExists().execute();
      await db.schema.alterTable('leads').dropColumn('first_contact_at').execute();
      await db.schema.alterTable('conversations').dropColumn('last_step').execute();
    },
  };
}
