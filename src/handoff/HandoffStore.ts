import type { FieldCipher } from '../crypto/FieldCipher';
import type { Database } from '../store/openDatabase';
import { handoffDb, type HandoffEndReason, type HandoffState } from './handoffTables';

export interface ConversationKey {
  channelId: string;
  conversationId: string;
}

export interface HandoffRecord extends ConversationKey {
  leadId: string;
  /** The Bot Framework conversation reference, as plain JSON, for proactive messages. */
  reference: Record<string, unknown>;
  state: HandoffState;
  endReason?: HandoffEndReason;
}

/** The live handoff of each conversation: waiting for staff, staff talking (the bot is quiet), or ended. */
export class HandoffStore {
  constructor(
    private readonly database: Database,
    private readonly cipher: FieldCipher,
  ) {}

  async begin(key: ConversationKey, leadId: string, reference: Record<string, unknown>): Promise<void> {
    const row = {
      channel_id: key.channelId,
      conversation_id: key.conversationId,
      lead_id: leadId,
      reference: this.cipher.encryptJson(reference),
      state: 'waiting' as const,
      end_reason: null,
      updated_at: new Date().toISOString(),
    };
    await handoffDb(this.database.db)
      .insertInto('handoffs')
      .values(row)
      .onConflict((oc) => oc.columns(['channel_id', 'conversation_id']).doUpdateSet({ lead_id: row.lead_id, reference: row.reference, state: row.state, end_reason: null, updated_at: row.updated_at }))
      .execute();
  }

  async get(key: ConversationKey): Promise<HandoffRecord | undefined> {
    const row = await handoffDb(this.database.db)
      .selectFrom('handoffs')
      .selectAll()
      .where('channel_id', '=', key.channelId)
      .where('conversation_id', '=', key.conversationId)
      .executeTakeFirst();
    return row ? this.toRecord(row) : undefined;
  }

  async findByLead(leadId: string): Promise<HandoffRecord | undefined> {
    const row = await handoffDb(this.database.db).selectFrom('handoffs').selectAll().where('lead_id', '=', leadId).executeTakeFirst();
    return row ? this.toRecord(row) : undefined;
  }

  /** True while a staff member talks with the person: the bot must stay out of the way. */
  async isStaffActive(key: ConversationKey): Promise<boolean> {
    const row = await handoffDb(this.database.db)
      .selectFrom('handoffs')
      .select('state')
      .where('channel_id', '=', key.channelId)
      .where('conversation_id', '=', key.conversationId)
      .executeTakeFirst();
    return row?.state === 'staff';
  }

  async setState(key: ConversationKey, state: HandoffState, endReason?: HandoffEndReason): Promise<void> {
    await handoffDb(this.database.db)
      .updateTable('handoffs')
      .set({ state, end_reason: state === 'ended' ? (endReason ?? null) : null, updated_at: new Date().toISOString() })
      .where('channel_id', '=', key.channelId)
      .where('conversation_id', '=', key.conversationId)
      .execute();
  }

  private toRecord(row: { channel_id: string; conversation_id: string; lead_id: string; reference: string; state: HandoffState; end_reason: HandoffEndReason | null }): HandoffRecord {
    const reference = this.cipher.decryptJson(row.reference);
    return {
      channelId: row.channel_id,
      conversationId: row.conversation_id,
      leadId: row.lead_id,
      reference: typeof reference === 'object' && reference !== null ? Object.fromEntries(Object.entries(reference)) : {},
      state: row.state,
      endReason: row.end_reason ?? undefined,
    };
  }
}
