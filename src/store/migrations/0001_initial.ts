import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../migrations';

export function initialMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('state')
        .addColumn('key', 'text', (col) => col.primaryKey().notNull())
        .addColumn('etag', 'text', (col) => col.notNull())
        .addColumn('data', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('channel_id', 'text', (col) => col.notNull())
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('locale', 'text')
        .addColumn('last_seq', 'bigint', (col) => col.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('conversations_pk', ['channel_id', 'conversation_id'])
        .execute();

      await db.schema
        .createIndex('conversations_by_created')
        .on('conversations')
        .columns(['channel_id', 'created_at', 'conversation_id'])
        .execute();

      // SQLite only auto-increments a column declared exactly `integer primary key`; PostgreSQL uses an identity column.
      const activities =
        engine === 'sqlite'
          ? db.schema.createTable('activities').addColumn('seq', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
          : db.schema.createTable('activities').addColumn('seq', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity());
      await activities
        .addColumn('channel_id', 'text', (col) => col.notNull())
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('activity_id', 'text', (col) => col.notNull())
        .addColumn('direction', 'text', (col) => col.notNull())
        .addColumn('timestamp', 'text', (col) => col.notNull())
        .addColumn('data', 'text', (col) => col.notNull())
        .addUniqueConstraint('activities_activity_unique', ['channel_id', 'conversation_id', 'activity_id'])
        .addCheckConstraint('activities_direction_check', sql`direction in ('in', 'out')`)
        .execute();

      await db.schema
        .createIndex('activities_by_conversation')
        .on('activities')
        .columns(['channel_id', 'conversation_id', 'seq'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('activities').execute();
      await db.schema.dropTable('conversations').execute();
      await db.schema.dropTable('state').execute();
    },
  };
}
