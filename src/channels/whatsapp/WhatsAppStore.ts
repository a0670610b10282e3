import { sql } from 'kysely';
import type { FieldCipher } from '../../crypto/FieldCipher';
import { openText, sealText } from '../../crypto/sealing';
import type { Database } from '../../store/openDatabase';
import { parseJsonObject } from '../../store/parseJsonObject';
import type { WhatsappMessagesTable } from '../../store/schema';

/** Meta accepts free-form messages for 24 hours after the person's last message (the customer-service window). */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Meta retries a delivery for days; a week of taken ids is plenty. */
const SEEN_FOR_MS = 7 * 24 * 60 * 60 * 1000;

export type MessageStatus = WhatsappMessagesTable['status'];
const STATUS_RANK: Record<MessageStatus, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

export interface WhatsAppWindow {
  open: boolean;
  lastInAt: string | null;
  closesAt: string | null;
  /** When the re-engagement template went out for the closed window, if it did. */
  reengagedAt: string | null;
}

/** A message for the Graph API, as kept for later (the recipient is added when it is sent). */
export type KeptMessage = Record<string, unknown>;

/** What the WhatsApp bridge remembers across restarts and instances; numbers and kept messages are sealed. */
export class WhatsAppStore {
  constructor(
    private readonly database: Database,
    private readonly cipher: FieldCipher,
  ) {}

  /** True the first time a key is claimed; false for a retried delivery (also while the first is still running). */
  async claim(key: string, now = new Date()): Promise<boolean> {
    const result = await this.database.db
      .insertInto('whatsapp_seen')
      .values({ key, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async forgetOld(now = new Date()): Promise<void> {
    await this.database.db.deleteFrom('whatsapp_seen').where('created_at', '<', new Date(now.getTime() - SEEN_FOR_MS).toISOString()).execute();
  }

  /** The person wrote: their sealed number is kept under the conversation id, and a new window opens. */
  async recordInbound(conversationId: string, phone: string, now = new Date()): Promise<void> {
    const at = now.toISOString();
    await this.database.db
      .insertInto('whatsapp_people')
      .values({ conversation_id: conversationId, phone: sealText(this.cipher, phone), last_in_at: at, reengaged_at: null })
      .onConflict((oc) => oc.column('conversation_id').doUpdateSet({ last_in_at: at, reengaged_at: null }))
      .execute();
  }

  async phoneOf(conversationId: string): Promise<string | undefined> {
    const row = await this.database.db.selectFrom('whatsapp_people').select('phone').where('conversation_id', '=', conversationId).executeTakeFirst();
    return row ? openText(this.cipher, row.phone) : undefined;
  }

  async windowOf(conversationId: string, now = new Date()): Promise<WhatsAppWindow> {
    const row = await this.database.db.selectFrom('whatsapp_people').select(['last_in_at', 'reengaged_at']).where('conversation_id', '=', conversationId).executeTakeFirst();
    if (!row) return { open: false, lastInAt: null, closesAt: null, reengagedAt: null };
    const closesAt = new Date(Date.parse(row.last_in_at) + WHATSAPP_WINDOW_MS);
    return { open: closesAt > now, lastInAt: row.last_in_at, closesAt: closesAt.toISOString(), reengagedAt: row.reengaged_at };
  }

  /** True for the one caller (of any instance) that may send the re-engagement template for this closed window. */
  async claimReengagement(conversationId: string, now = new Date()): Promise<boolean> {
    const result = await this.database.db
      .updateTable('whatsapp_people')
      .set({ reengaged_at: now.toISOString() })
      .where('conversation_id', '=', conversationId)
      .where('reengaged_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async keepPending(conversationId: string, messages: readonly KeptMessage[], reason: string): Promise<void> {
    if (messages.length === 0) return;
    const at = new Date().toISOString();
    await this.database.db
      .insertInto('whatsapp_pending')
      .values(messages.map((m) => ({ conversation_id: conversationId, created_at: at, reason, message: sealText(this.cipher, JSON.stringify(m)) })))
      .execute();
  }

  /**
   * Takes the person's kept messages, oldest first, to send now that they wrote again. One DELETE … RETURNING, so two
   * instances taking at once never both get the same message.
   */
  async takePending(conversationId: string): Promise<{ messages: KeptMessage[]; unreadable: number }> {
    const rows = await this.database.db.deleteFrom('whatsapp_pending').where('conversation_id', '=', conversationId).returning(['id', 'message']).execute();
    const messages: KeptMessage[] = [];
    let unreadable = 0;
    for (const row of rows.sort((a, b) => a.id - b.id)) {
      // A row no key can open (or changed by hand) must not stop the person's conversation.
      try {
        messages.push(parseJsonObject(openText(this.cipher, row.message), `kept WhatsApp message ${row.id}`));
      } catch {
        unreadable += 1;
      }
    }
    return { messages, unreadable };
  }

  async pendingCount(conversationId: string): Promise<number> {
    const row = await this.database.db.selectFrom('whatsapp_pending').select((eb) => eb.fn.countAll<number>().as('n')).where('conversation_id', '=', conversationId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Records a message's status; statuses only move forward (sent, delivered, read), and `failed` is final, since
   * Meta does not promise to deliver them in order.
   */
  async recordStatus(messageKey: string, conversationId: string, status: MessageStatus, errorCode: number | null, now = new Date()): Promise<void> {
    const rank = STATUS_RANK[status];
    const current = sql<number>`case ${sql.ref('whatsapp_messages.status')} ${sql.join(
      Object.entries(STATUS_RANK).map(([name, value]) => sql`when ${name} then ${value}`),
      sql` `,
    )} else 0 end`;
    await this.database.db
      .insertInto('whatsapp_messages')
      .values({ message_key: messageKey, conversation_id: conversationId, status, error_code: errorCode, updated_at: now.toISOString() })
      .onConflict((oc) =>
        oc
          .column('message_key')
          .doUpdateSet({ status, error_code: errorCode, updated_at: now.toISOString() })
          .where(current, '<', rank),
      )
      .execute();
  }

  async statusOf(messageKey: string): Promise<{ conversationId: string; status: MessageStatus; errorCode: number | null } | undefined> {
    const row = await this.database.db.selectFrom('whatsapp_messages').select(['conversation_id', 'status', 'error_code']).where('message_key', '=', messageKey).executeTakeFirst();
    return row ? { conversationId: row.conversation_id, status: row.status, errorCode: row.error_code } : undefined;
  }
}
