import { randomUUID } from 'node:crypto';
import type { Database } from '../store/openDatabase';
import type { AuditLog } from './AuditLog';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords';
import { staffDb, type StaffRole } from './staffTables';

export interface StaffAccount {
  id: string;
  email: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: string;
}

export class AccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountError';
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AccountError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The password hash of an account made by single sign-on: not a scrypt hash, so no password ever matches it. */
const SSO_ONLY = 'sso-only';

export class AccountRepository {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  /** Creates an account and records who did it; throws AccountError on a bad email, a short password or a duplicate. */
  async create(input: { email: string; role: StaffRole; password: string; oneTime?: boolean }, actor: { id: string; address: string | null }): Promise<StaffAccount> {
    const email = normalizeEmail(input.email);
    if (!EMAIL.test(email)) throw new AccountError('the email address is not valid');
    checkPassword(input.password);
    const hash = await hashPassword(input.password);
    const now = new Date().toISOString();
    const id = randomUUID();
    await this.database.transaction(async (trx) => {
      const db = staffDb(trx);
      const existing = await db.selectFrom('staff_accounts').select('id').where('email', '=', email).executeTakeFirst();
      if (existing) throw new AccountError('an account with this email already exists');
      await db.insertInto('staff_accounts').values({ id, email, role: input.role, password_hash: hash, must_change_password: input.oneTime ? 1 : 0, created_at: now, updated_at: now, disabled_at: null }).execute();
      await this.audit.record({ actor: actor.id, action: 'account.create', target: id, detail: { role: input.role }, address: actor.address }, trx);
    });
    return { id, email, role: input.role, disabled: false, createdAt: now };
  }

  /**
   * The account of someone the identity provider vouched for, with the role their groups give: created on first
   * sign-in (with no password that could ever verify), its role updated when the groups changed; a disabled account
   * stays disabled.
   */
  async fromSingleSignOn(emailInput: string, role: StaffRole, address: string): Promise<{ account: StaffAccount; created: boolean } | { disabled: true; id: string }> {
    const email = normalizeEmail(emailInput);
    if (!EMAIL.test(email)) throw new AccountError('the identity provider gave no valid email address');
    const now = new Date().toISOString();
    return this.database.transaction(async (trx) => {
      const db = staffDb(trx);
      const row = await db.selectFrom('staff_accounts').selectAll().where('email', '=', email).executeTakeFirst();
      if (row?.disabled_at) return { disabled: true as const, id: row.id };
      if (row) {
        // A one-time password nobody changed yet is dropped: the identity provider vouches for this person now.
        if (row.must_change_password === 1) await db.updateTable('staff_accounts').set({ password_hash: SSO_ONLY, must_change_password: 0, updated_at: now }).where('id', '=', row.id).execute();
        if (row.role !== role) {
          await db.updateTable('staff_accounts').set({ role, updated_at: now }).where('id', '=', row.id).execute();
          await this.audit.record({ actor: row.id, action: 'account.role', target: row.id, detail: { from: row.role, to: role, method: 'oidc' }, address }, trx);
        }
        return { account: { id: row.id, email, role, disabled: false, createdAt: row.created_at }, created: false };
      }
      const id = randomUUID();
      await db.insertInto('staff_accounts').values({ id, email, role, password_hash: SSO_ONLY, must_change_password: 0, created_at: now, updated_at: now, disabled_at: null }).execute();
      await this.audit.record({ actor: id, action: 'account.create', target: id, detail: { role, method: 'oidc' }, address }, trx);
      return { account: { id, email, role, disabled: false, createdAt: now }, created: true };
    });
  }

  async findByEmail(email: string): Promise<(StaffAccount & { passwordHash: string }) | undefined> {
    const row = await staffDb(this.database.db).selectFrom('staff_accounts').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
    return row && { id: row.id, email: row.email, role: row.role, disabled: row.disabled_at !== null, createdAt: row.created_at, passwordHash: row.password_hash };
  }

  async passwordHashOf(id: string): Promise<string | undefined> {
    const row = await staffDb(this.database.db).selectFrom('staff_accounts').select('password_hash').where('id', '=', id).executeTakeFirst();
    return row?.password_hash;
  }

  /** Replaces the password (ending the one-time state) and ends the account's other sessions. */
  async changePassword(id: string, password: string, keepSession: string, actor: { id: string; address: string | null }): Promise<void> {
    checkPassword(password);
    const hash = await hashPassword(password);
    const now = new Date().toISOString();
    await this.database.transaction(async (trx) => {
      const db = staffDb(trx);
      await db.updateTable('staff_accounts').set({ password_hash: hash, must_change_password: 0, updated_at: now }).where('id', '=', id).execute();
      await db.deleteFrom('staff_sessions').where('account_id', '=', id).where('token_hash', '!=', keepSession).execute();
      await this.audit.record({ actor: actor.id, action: 'account.password', target: id, detail: null, address: actor.address }, trx);
    });
  }

  async findById(id: string): Promise<StaffAccount | undefined> {
    const row = await staffDb(this.database.db).selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, email: row.email, role: row.role, disabled: row.disabled_at !== null, createdAt: row.created_at };
  }

  async list(): Promise<StaffAccount[]> {
    const rows = await staffDb(this.database.db).selectFrom('staff_accounts').selectAll().orderBy('email').execute();
    return rows.map((row) => ({ id: row.id, email: row.email, role: row.role, disabled: row.disabled_at !== null, createdAt: row.created_at }));
  }

  async hasActiveAdmin(): Promise<boolean> {
    const row = await staffDb(this.database.db).selectFrom('staff_accounts').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).executeTakeFirst();
    return row !== undefined;
  }

  /** Disables an account and ends its sessions at once. */
  async disable(id: string, actor: { id: string; address: string | null }): Promise<boolean> {
    const now = new Date().toISOString();
    return this.database.transaction(async (trx) => {
      const db = staffDb(trx);
      const result = await db.updateTable('staff_accounts').set({ disabled_at: now, updated_at: now }).where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst();
      if (result.numUpdatedRows === 0n) return false;
      await db.deleteFrom('staff_sessions').where('account_id', '=', id).execute();
      await this.audit.record({ actor: actor.id, action: 'account.disable', target: id, detail: null, address: actor.address }, trx);
      return true;
    });
  }
}
