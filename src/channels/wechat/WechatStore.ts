import type { FieldCipher } from '../../crypto/FieldCipher';
import { openText, sealText } from '../../crypto/sealing';
import type { Database } from '../../store/openDatabase';

const SEEN_FOR_MS = 24 * 60 * 60 * 1000;
/** WeChat takes customer-service messages for 48 hours after the person's last message, 5 at most. */
export const SERVICE_WINDOW_MS = 48 * 60 * 60 * 1000;
export const SERVICE_WINDOW_SENDS = 5;
export const OUTSIDE_WINDOW = 45015;
export const OVER_QUOTA = 45047;

export interface WindowStatus {
  open: boolean;
  lastInAt: string | null;
  closesAt: string | null;
  sendsLeft: number;
}

export type SendPermit = { ok: true } | { ok: false; code: typeof OUTSIDE_WINDOW | typeof OVER_QUOTA };

/** What the WeChat bridge must remember across restarts and instances: pushes taken, windows, replies not delivered. */
export class WechatStore {
  /** @param cipher seals replies kept for later (they may repeat what the person said). */
  constructor(
    private readonly database: Database,
    private readonly cipher?: FieldCipher,
  ) {}

  /** True the first time a key is claimed; false for a retried push (also while the first is still running). */
  async claim(key: string, now = new Date()): Promise<boolean> {
    const result = await this.database.db
      .insertInto('wechat_seen')
      .values({ key, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** WeChat retries within seconds; a day of keys is plenty. */
  async forgetOld(now = new Date()): Promise<void> {
    await this.database.db.deleteFrom('wechat_seen').where('created_at', '<', new Date(now.getTime() - SEEN_FOR_MS).toISOString()).execute();
  }

  /** The person wrote (or tapped the menu): a new 48-hour window with a fresh quota. */
  async openWindow(openId: string, now = new Date()): Promise<void> {
    await this.database.db
      .insertInto('wechat_window')
      .values({ open_id: openId, last_in_at: now.toISOString(), sent: 0 })
      .onConflict((oc) => oc.column('open_id').doUpdateSet({ last_in_at: now.toISOString(), sent: 0 }))
      .execute();
  }

  /**
   * Counts one customer-service send against the window, or says why WeChat would refuse it. The check and the
   * count are one statement, so instances sending to the same person at once never exceed the quota together.
   */
  async reserveSend(openId: string, now = new Date()): Promise<SendPermit> {
    const openSince = new Date(now.getTime() - SERVICE_WINDOW_MS).toISOString();
    const counted = await this.database.db
      .updateTable('wechat_window')
      .set((eb) => ({ sent: eb('sent', '+', 1) }))
      .where('open_id', '=', openId)
      .where('last_in_at', '>=', openSince)
      .where('sent', '<', SERVICE_WINDOW_SENDS)
      .executeTakeFirst();
    if (Number(counted.numUpdatedRows) > 0) return { ok: true };
    const row = await this.database.db.selectFrom('wechat_window').select('last_in_at').where('open_id', '=', openId).executeTakeFirst();
    return { ok: false, code: !row || row.last_in_at < openSince ? OUTSIDE_WINDOW : OVER_QUOTA };
  }

  async keepPending(openId: string, text: string, reason: string): Promise<void> {
    await this.database.db.insertInto('wechat_pending').values({ open_id: openId, text: sealText(this.cipher, text), reason, created_at: new Date().toISOString() }).execute();
  }

  /** Takes the person's undelivered replies, oldest first, to send now that they wrote again. */
  async takePending(openId: string): Promise<string[]> {
    return this.database.transaction(async (trx) => {
      const rows = await trx.selectFrom('wechat_pending').select(['id', 'text']).where('open_id', '=', openId).orderBy('id').execute();
      if (rows.length > 0) await trx.deleteFrom('wechat_pending').where('open_id', '=', openId).execute();
      return rows.map((r) => openText(this.cipher, r.text));
    });
  }

  /** The person's window as `reserveSend` judges it: open or not, until when, and how many sends are left. */
  async windowOf(openId: string, now = new Date()): Promise<WindowStatus> {
    const row = await this.database.db.selectFrom('wechat_window').select(['last_in_at', 'sent']).where('open_id', '=', openId).executeTakeFirst();
    if (!row) return { open: false, lastInAt: null, closesAt: null, sendsLeft: 0 };
    const closesAt = new Date(Date.parse(row.last_in_at) + SERVICE_WINDOW_MS);
    const open = closesAt >= now;
    return { open, lastInAt: row.last_in_at, closesAt: closesAt.toISOString(), sendsLeft: open ? Math.max(0, SERVICE_WINDOW_SENDS - Number(row.sent)) : 0 };
  }

  async pendingReasons(openId: string): Promise<string[]> {
    const rows = await this.database.db.selectFrom('wechat_pending').select('reason').where('open_id', '=', openId).orderBy('id').execute();
    return rows.map((r) => r.reason);
  }
}
