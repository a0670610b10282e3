import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../migrations';

/**
 * What the staff app's queue and dashboard read without decrypting transcripts: the step the bot last showed in a
 * conversation (a text key such as `screening:q.fear.prompt`, never what anyone wrote), when a lead was first
 * contacted, and an index for the language filter of the newest-first conversation list.
 */
export function staffWorkMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('conversations').addColumn('last_step', 'text').execute();
      await db.schema.alterTable('leads').addColumn('first_contact_at', 'text').execute();
      await db.schema.createIndex('conversations_by_locale').on('conversations').columns(['locale', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('conversations_by_locale').ifExists().execute();
      await db.schema.alterTable('leads').dropColumn('first_contact_at').execute();
      await db.schema.alterTable('conversations').dropColumn('last_step').execute();
    },
  };
}
