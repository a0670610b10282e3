import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../migrations';

/**
 * The audit log (shared with the staff app, which may have created it first) and the indexes the retention job
 * reads by age.
 */
export function privacyMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const audit =
        engine === 'sqlite'
          ? db.schema.createTable('audit_log').ifNotExists().addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
          : db.schema.createTable('audit_log').ifNotExists().addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity());
      await audit
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('target', 'text')
        .addColumn('detail', 'text')
        .addColumn('address', 'text')
        .execute();
      await db.schema.createIndex('audit_log_by_at').ifNotExists().on('audit_log').column('at').execute();
      await db.schema.createIndex('conversations_by_updated').ifNotExists().on('conversations').column('updated_at').execute();
      await db.schema.createIndex('state_by_updated').ifNotExists().on('state').column('updated_at').execute();
      await db.schema.createIndex('leads_by_updated').ifNotExists().on('leads').column('updated_at').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('leads_by_updated').ifExists().execute();
      await db.schema.dropIndex('state_by_updated').ifExists().execute();
      await db.schema.dropIndex('conversations_by_updated').ifExists().execute();
    },
  };
}
