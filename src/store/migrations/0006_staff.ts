import { type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../migrations';

/** An auto-incrementing id: SQLite needs exactly `integer primary key`, PostgreSQL an identity column. */
function withSerialId(db: Kysely<unknown>, engine: Engine, table: string, ifNotExists = false): CreateTableBuilder<string, 'id'> {
  let builder = db.schema.createTable(table);
  if (ifNotExists) builder = builder.ifNotExists();
  return engine === 'sqlite'
    ? builder.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    : builder.addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity());
}

/** Staff accounts and sessions, login throttling, lead notes and assignment, the translation cache and the audit log. */
export function staffMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('staff_accounts')
        .addColumn('id', 'text', (col) => col.primaryKey().notNull())
        .addColumn('email', 'text', (col) => col.notNull().unique())
        .addColumn('role', 'text', (col) => col.notNull())
        .addColumn('password_hash', 'text', (col) => col.notNull())
        .addColumn('must_change_password', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('disabled_at', 'text')
        .addCheckConstraint('staff_accounts_role_check', sql`role in ('staff', 'admin')`)
        .execute();

      await db.schema
        .createTable('staff_sessions')
        .addColumn('token_hash', 'text', (col) => col.primaryKey().notNull())
        .addColumn('account_id', 'text', (col) => col.notNull().references('staff_accounts.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('last_seen_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('address', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('staff_sessions_by_account').on('staff_sessions').column('account_id').execute();

      await db.schema
        .createTable('staff_login_throttle')
        .addColumn('key', 'text', (col) => col.primaryKey().notNull())
        .addColumn('failures', 'integer', (col) => col.notNull())
        .addColumn('window_started_at', 'text', (col) => col.notNull())
        .addColumn('locked_until', 'text')
        .execute();

      await withSerialId(db, engine, 'lead_notes')
        .addColumn('lead_id', 'text', (col) => col.notNull().references('leads.id').onDelete('cascade'))
        .addColumn('account_id', 'text', (col) => col.notNull())
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('note', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('lead_notes_by_lead').on('lead_notes').columns(['lead_id', 'id']).execute();

      await db.schema
        .createTable('lead_assignments')
        .addColumn('lead_id', 'text', (col) => col.primaryKey().notNull().references('leads.id').onDelete('cascade'))
        .addColumn('account_id', 'text', (col) => col.notNull())
        .addColumn('assigned_at', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('translation_cache')
        .addColumn('key', 'text', (col) => col.primaryKey().notNull())
        .addColumn('from_locale', 'text', (col) => col.notNull())
        .addColumn('to_locale', 'text', (col) => col.notNull())
        .addColumn('translation', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();

      // The PostgreSQL branch creates the same table only when missing; keep this one tolerant of it too.
      await withSerialId(db, engine, 'audit_log', true)
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('target', 'text')
        .addColumn('detail', 'text')
        .addColumn('address', 'text')
        .execute();
      await db.schema.createIndex('audit_log_by_at').ifNotExists().on('audit_log').columns(['at', 'id']).execute();

      await db.schema.createIndex('conversations_by_newest').on('conversations').columns(['created_at', 'channel_id', 'conversation_id']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('conversations_by_newest').execute();
      for (const table of ['audit_log', 'translation_cache', 'lead_assignments', 'lead_notes', 'staff_login_throttle', 'staff_sessions', 'staff_accounts']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
