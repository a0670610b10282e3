import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../migrations';

export function wechatMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('wechat_seen')
        .addColumn('key', 'text', (col) => col.primaryKey().notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('wechat_seen_by_created').on('wechat_seen').column('created_at').execute();

      const pending =
        engine === 'sqlite'
          ? db.schema.createTable('wechat_pending').addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
          : db.schema.createTable('wechat_pending').addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity());
      await pending
        .addColumn('open_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('text', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('wechat_pending_by_user').on('wechat_pending').columns(['open_id', 'id']).execute();

      await db.schema
        .createTable('wechat_window')
        .addColumn('open_id', 'text', (col) => col.primaryKey().notNull())
        .addColumn('last_in_at', 'text', (col) => col.notNull())
        .addColumn('sent', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('wechat_window').execute();
      await db.schema.dropTable('wechat_pending').execute();
      await db.schema.dropTable('wechat_seen').execute();
    },
  };
}
