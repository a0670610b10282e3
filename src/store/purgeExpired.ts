import type { Kysely } from 'kysely';
import { handoffDb } from '../handoff/handoffTables';
import { writeAudit } from './audit';
import type { Database } from './openDatabase';
import { purgePersonalRows, type PersonalTable } from './personalTables';
import type { DatabaseSchema } from './schema';

const DAY_MS = 24 * 60 * 60 * 1000;
export const RETENTION_LOCK = 'camino:retention';

export interface PurgeReport {
  cutoff: string;
  conversations: number;
  activities: number;
  state: number;
  leads: number;
  /** Rows of the channels' own tables (windows, kept replies, sealed numbers), per table. */
  channelRows: Record<string, number>;
}

/**
 * Deletes what was last touched more than `retentionDays` ago: conversations with their whole activity log
 * (transcripts and Direct Line logs are one log), bot state, leads with their notifications and handoffs, and
 * the channels' own rows about people (`personalTables`, from their registrations: WeChat windows and replies still
 * waiting, WhatsApp numbers...). One transaction, recorded in the audit log. Runs on one instance at a time:
 * resolves undefined when another instance is purging already.
 */
export async function purgeExpired(database: Database, retentionDays: number, personalTables: readonly PersonalTable[], now = new Date()): Promise<PurgeReport | undefined> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  return database.tryWithLock(RETENTION_LOCK, () =>
    database.transaction(async (trx) => {
      const report = await purgeBefore(trx, cutoff, personalTables);
      const { channelRows, ...counts } = report;
      await writeAudit(trx, { actor: 'system', action: 'retention.purge', detail: { ...counts, ...channelRows, retentionDays } }, now);
      return report;
    }),
  );
}

async function purgeBefore(trx: Kysely<DatabaseSchema>, cutoff: string, personalTables: readonly PersonalTable[]): Promise<PurgeReport> {
  const expired = trx.selectFrom('conversations').select(['channel_id', 'conversation_id']).where('updated_at', '<', cutoff);
  const activities = await trx
    .deleteFrom('activities')
    .where((eb) => eb(eb.refTuple('channel_id', 'conversation_id'), 'in', expired.$asTuple('channel_id', 'conversation_id')))
    .executeTakeFirst();
  await trx
    .deleteFrom('translation_cache')
    .where((eb) => eb(eb.refTuple('channel_id', 'conversation_id'), 'in', expired.$asTuple('channel_id', 'conversation_id')))
    .execute();
  const conversations = await trx.deleteFrom('conversations').where('updated_at', '<', cutoff).executeTakeFirst();
  const state = await trx.deleteFrom('state').where('updated_at', '<', cutoff).executeTakeFirst();

  const db = handoffDb(trx);
  const oldLeads = db.selectFrom('leads').select('id').where('updated_at', '<', cutoff);
  await db.deleteFrom('outbox').where('lead_id', 'in', oldLeads).execute();
  await db.deleteFrom('handoffs').where('lead_id', 'in', oldLeads).execute();
  const leads = await db.deleteFrom('leads').where('updated_at', '<', cutoff).executeTakeFirst();

  const channelRows = await purgePersonalRows(trx, personalTables, cutoff);
  return {
    cutoff,
    conversations: Number(conversations.numDeletedRows),
    activities: Number(activities.numDeletedRows),
    state: Number(state.numDeletedRows),
    leads: Number(leads.numDeletedRows),
    channelRows,
  };
}
