import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../store/openDatabase';
import { staffDb, type StaffRole } from './staffTables';

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export interface StaffSession {
  accountId: string;
  email: string;
  role: StaffRole;
  csrfToken: string;
  tokenHash: string;
  /** Signed in with a one-time password: only changing it is allowed. */
  mustChangePassword: boolean;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Sessions in the database: a random cookie value, its hash stored, idle and absolute expiry. */
export class SessionStore {
  constructor(
    private readonly database: Database,
    private readonly limits: SessionLimits,
  ) {}

  /** Returns the cookie value; it is shown to the browser once and never stored. */
  async create(accountId: string, address: string): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = new Date();
    await staffDb(this.database.db)
      .insertInto('staff_sessions')
      .values({ token_hash: hashToken(token), account_id: accountId, csrf_token: csrfToken, created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + this.limits.absoluteMs).toISOString(), address })
      .execute();
    return { token, csrfToken };
  }

  /** The live session for a cookie value, touched; expired sessions are removed and give undefined. */
  async resolve(token: string): Promise<StaffSession | undefined> {
    const db = staffDb(this.database.db);
    const tokenHash = hashToken(token);
    const row = await db
      .selectFrom('staff_sessions')
      .innerJoin('staff_accounts', 'staff_accounts.id', 'staff_sessions.account_id')
      .select(['staff_sessions.account_id', 'staff_sessions.csrf_token', 'staff_sessions.last_seen_at', 'staff_sessions.expires_at', 'staff_accounts.email', 'staff_accounts.role', 'staff_accounts.disabled_at', 'staff_accounts.must_change_password'])
      .where('staff_sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const now = Date.now();
    const idleEnd = Date.parse(row.last_seen_at) + this.limits.idleMs;
    if (row.disabled_at !== null || now >= Date.parse(row.expires_at) || now >= idleEnd) {
      await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
      return undefined;
    }
    await db.updateTable('staff_sessions').set({ last_seen_at: new Date(now).toISOString() }).where('token_hash', '=', tokenHash).execute();
    return { accountId: row.account_id, email: row.email, role: row.role, csrfToken: row.csrf_token, tokenHash, mustChangePassword: row.must_change_password === 1 };
  }

  async end(tokenHash: string): Promise<void> {
    await staffDb(this.database.db).deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Removes sessions past either expiry. */
  async sweep(): Promise<void> {
    const now = new Date();
    await staffDb(this.database.db)
      .deleteFrom('staff_sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', new Date(now.getTime() - this.limits.idleMs).toISOString())]))
      .execute();
  }
}
