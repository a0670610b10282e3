import type { Database } from '../../store/openDatabase';

const SEEN_FOR_MS = 24 * 60 * 60 * 1000;

/** What the WeChat bridge must remember across restarts and instances: pushes taken, replies not delivered. */
export class WechatStore {
  constructor(private readonly database: Database) {}

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

  async keepPending(openId: string, text: string, reason: string): Promise<void> {
    await this.database.db.insertInto('wechat_pending').values({ open_id: openId, text, reason, created_at: new Date().toISOString() }).execute();
  }

  /** Takes the person's undelivered replies, oldest first, to send now that they wrote again. */
  async takePending(openId: string): Promise<string[]> {
    return this.database.transaction(async (trx) => {
      const rows = await trx.selectFrom('wechat_pending').select(['id', 'text']).where('open_id', '=', openId).orderBy('id').execute();
      if (rows.length > 0) await trx.deleteFrom('wechat_pending').where('open_id', '=', openId).execute();
      return rows.map((r) => r.text);
    });
  }

  async pendingReasons(openId: string): Promise<string[]> {
    const rows = await this.database.db.selectFrom('wechat_pending').select('reason').where('open_id', '=', openId).orderBy('id').execute();
    return rows.map((r) => r.reason);
  }
}
