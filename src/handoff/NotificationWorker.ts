import type { Database } from '../store/openDatabase';
import { describeError, type Logger } from '../util/logger';
import { handoffDb, type NotificationTarget } from './handoffTables';
import type { LeadRepository } from './LeadRepository';
import type { Notifier } from './notifiers';

export interface NotificationWorkerOptions {
  database: Database;
  leads: LeadRepository;
  notifiers: Partial<Record<NotificationTarget, Notifier>>;
  logger: Logger;
  /** First retry after this long, doubling each time up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollMs?: number;
  batchSize?: number;
}

/**
 * Delivers the outbox in the background: the user's turn only writes rows. A failed delivery is logged and
 * tried again with exponential backoff, never dropped; delivery is at least once (receivers dedupe by deliveryId).
 */
export class NotificationWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;

  constructor(private readonly options: NotificationWorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Something was just written: deliver now rather than at the next poll. */
  kick(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the due rows; resolves with how many were delivered. */
  async runOnce(now = new Date()): Promise<number> {
    const { database, leads, notifiers, logger } = this.options;
    const db = handoffDb(database.db);
    const due = await db
      .selectFrom('outbox')
      .selectAll()
      .where('delivered_at', 'is', null)
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('id')
      .limit(this.options.batchSize ?? 20)
      .execute();
    let delivered = 0;
    for (const row of due) {
      const notifier = notifiers[row.target];
      const lead = await leads.get(row.lead_id);
      if (!lead) {
        await db.deleteFrom('outbox').where('id', '=', row.id).execute();
        continue;
      }
      try {
        if (!notifier) throw new Error(`no ${row.target} notifier is configured`);
        await notifier.deliver({ deliveryId: row.id, event: row.event, lead });
        await db.updateTable('outbox').set({ delivered_at: new Date().toISOString(), attempts: row.attempts + 1, last_error: null }).where('id', '=', row.id).execute();
        delivered += 1;
      } catch (error) {
        const attempts = row.attempts + 1;
        const next = new Date(Date.now() + this.delayAfter(attempts)).toISOString();
        const reason = describeError(error);
        await db.updateTable('outbox').set({ attempts, next_attempt_at: next, last_error: String(reason.reason ?? reason.error) }).where('id', '=', row.id).execute();
        logger.warn('handoff notification failed; will retry', { target: row.target, delivery: row.id, attempts, ...reason });
      }
    }
    return delivered;
  }

  private delayAfter(attempts: number): number {
    const base = this.options.baseDelayMs ?? 5000;
    const max = this.options.maxDelayMs ?? 60 * 60 * 1000;
    return Math.min(max, base * 2 ** (attempts - 1));
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // Instances sharing PostgreSQL take turns, so a notification is not sent by two of them at once.
      this.running = this.options.database
        .tryWithLock('camino:outbox', () => this.runOnce())
        .then((delivered) => delivered ?? 0)
        .catch((error: unknown) => {
          this.options.logger.error('handoff outbox pass failed', describeError(error));
          return 0;
        })
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.options.pollMs ?? 1000);
        });
    }, delayMs);
    this.timer.unref();
  }
}
