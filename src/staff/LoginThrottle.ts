import type { Database } from '../store/openDatabase';
import { staffDb } from './staffTables';

export interface ThrottleLimits {
  /** Failures per account inside the window before it is locked. */
  accountFailures: number;
  /** Failures per address inside the window before it is locked (several people may share an office address). */
  addressFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { accountFailures: 5, addressFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Counts failed logins per account and per address in the database, so a restart does not reset a lockout. */
export class LoginThrottle {
  constructor(
    private readonly database: Database,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  /** The time until which login is refused for this email or address, or undefined when it is allowed. */
  async lockedUntil(email: string, address: string): Promise<string | undefined> {
    const now = new Date().toISOString();
    const rows = await staffDb(this.database.db)
      .selectFrom('staff_login_throttle')
      .select('locked_until')
      .where('key', 'in', [accountKey(email), addressKey(address)])
      .where('locked_until', '>', now)
      .execute();
    return rows.map((row) => row.locked_until ?? '').sort().at(-1);
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await this.bump(accountKey(email), this.limits.accountFailures);
    await this.bump(addressKey(address), this.limits.addressFailures);
  }

  /** A successful login clears the account's count; the address count stays, so guessing across accounts still locks. */
  async recordSuccess(email: string): Promise<void> {
    await staffDb(this.database.db).deleteFrom('staff_login_throttle').where('key', '=', accountKey(email)).execute();
  }

  private async bump(key: string, limit: number): Promise<void> {
    const now = Date.now();
    await this.database.transaction(async (trx) => {
      const db = staffDb(trx);
      const row = await db.selectFrom('staff_login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      const fresh = !row || now - Date.parse(row.window_started_at) > this.limits.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const windowStart = fresh ? new Date(now).toISOString() : row.window_started_at;
      const lockedUntil = failures >= limit ? new Date(now + this.limits.lockMs).toISOString() : (row?.locked_until ?? null);
      if (row) await db.updateTable('staff_login_throttle').set({ failures, window_started_at: windowStart, locked_until: lockedUntil }).where('key', '=', key).execute();
      else await db.insertInto('staff_login_throttle').values({ key, failures, window_started_at: windowStart, locked_until: lockedUntil }).execute();
    });
  }
}

function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

function addressKey(address: string): string {
  return `address:${address}`;
}
