import { writeAudit } from '../store/audit';
import type { Database } from '../store/openDatabase';
import { erasePersonalRows, type PersonalTable } from '../store/personalTables';
import { handoffDb } from './handoffTables';

export interface ErasureRequest {
  channelId: string;
  conversationId: string;
  /** The bot state of the conversation and of the person (their saved language). */
  stateKeys: string[];
}

export interface ErasureReport {
  leads: number;
  activities: number;
  state: number;
  /** Rows of the channel's own tables (windows, kept replies, sealed numbers). */
  channelRows: number;
}

export interface ErasureOptions {
  /** False when the caller audits the deletion itself (the staff app, with who asked). */
  audit?: boolean;
  /** The conversation's channel tables that name the person (from the channel's registration). */
  personalTables?: readonly PersonalTable[];
}

/**
 * "Delete my data": the conversation's leads (their notifications and handoff), its whole activity log (transcript
 * and Direct Line log are one) and its state, in one transaction on either engine, recorded without content
 * or any identifier of the person (a WeChat conversation id is their OpenID). Staff translations of its messages
 * go too, and the channel's own rows about the person. Staff notes and assignments of the leads go with them
 * (foreign keys on delete cascade).
 */
export async function eraseConversation(database: Database, request: ErasureRequest, options: ErasureOptions = {}): Promise<ErasureReport> {
  const { channelId, conversationId } = request;
  return database.transaction(async (trx) => {
    const db = handoffDb(trx);
    const leadIds = db.selectFrom('leads').select('id').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId);
    await db.deleteFrom('outbox').where('lead_id', 'in', leadIds).execute();
    await db.deleteFrom('handoffs').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).execute();
    const leads = await db.deleteFrom('leads').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).executeTakeFirst();
    const activities = await trx.deleteFrom('activities').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).executeTakeFirst();
    await trx.deleteFrom('translation_cache').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).execute();
    await trx.deleteFrom('conversations').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).execute();
    const state = request.stateKeys.length > 0 ? await trx.deleteFrom('state').where('key', 'in', request.stateKeys).executeTakeFirst() : undefined;
    const channelRows = Object.values(await erasePersonalRows(trx, options.personalTables ?? [], conversationId)).reduce((a, b) => a + b, 0);
    const report = { leads: Number(leads.numDeletedRows), activities: Number(activities.numDeletedRows), state: Number(state?.numDeletedRows ?? 0), channelRows };
    // Staff deletions are audited by the staff app itself, with who asked and from where.
    if (options.audit !== false) await writeAudit(trx, { actor: 'person', action: 'conversation.erase', target: channelId, detail: report });
    return report;
  });
}
