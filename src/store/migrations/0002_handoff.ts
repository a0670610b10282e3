import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../migrations';

/** Leads from the screening, the notifications still to deliver about them, and the live handoff of each conversation. */
export function handoffMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('leads')
        .addColumn('id', 'text', (col) => col.primaryKey().notNull())
        .addColumn('channel_id', 'text', (col) => col.notNull())
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('locale', 'text', (col) => col.notNull())
        .addColumn('outcome', 'text', (col) => col.notNull())
        .addColumn('reasons', 'text', (col) => col.notNull())
        .addColumn('office_id', 'text', (col) => col.notNull())
        .addColumn('answers', 'text', (col) => col.notNull())
        .addColumn('summary', 'text', (col) => col.notNull())
        .addColumn('contact', 'text')
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('end_reason', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addCheckConstraint('leads_outcome_check', sql`outcome in ('urgent', 'qualified', 'refer')`)
        .addCheckConstraint('leads_status_check', sql`status in ('new', 'contacted', 'closed')`)
        .execute();
      await db.schema.createIndex('leads_by_conversation').on('leads').columns(['channel_id', 'conversation_id']).execute();
      await db.schema.createIndex('leads_by_status').on('leads').columns(['status', 'created_at']).execute();

      const outbox =
        engine === 'sqlite'
          ? db.schema.createTable('outbox').addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
          : db.schema.createTable('outbox').addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity());
      await outbox
        .addColumn('lead_id', 'text', (col) => col.notNull().references('leads.id').onDelete('cascade'))
        .addColumn('target', 'text', (col) => col.notNull())
        .addColumn('event', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (col) => col.notNull())
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['delivered_at', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_by_lead').on('outbox').column('lead_id').execute();

      await db.schema
        .createTable('handoffs')
        .addColumn('channel_id', 'text', (col) => col.notNull())
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('lead_id', 'text', (col) => col.notNull())
        .addColumn('reference', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('end_reason', 'text')
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('handoffs_pk', ['channel_id', 'conversation_id'])
        .addCheckConstraint('handoffs_state_check', sql`state in ('waiting', 'staff', 'ended')`)
        .execute();
      await db.schema.createIndex('handoffs_by_lead').on('handoffs').column('lead_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('handoffs').execute();
      await db.schema.dropTable('outbox').execute();
      await db.schema.dropTable('leads').execute();
    },
  };
}
