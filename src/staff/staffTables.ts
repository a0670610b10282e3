import type { Generated, Kysely } from 'kysely';
import type { HandoffTables } from '../handoff/handoffTables';
import type { DatabaseSchema, IsoTimestamp } from '../store/schema';

export const STAFF_ROLES = ['staff', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffAccountsTable {
  id: string;
  email: string;
  role: StaffRole;
  /** scrypt parameters, salt and key: see passwords.ts. */
  password_hash: string;
  /** 1 while the password is a one-time password that must be replaced at the next sign-in. */
  must_change_password: number;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
  disabled_at: IsoTimestamp | null;
}

/** A signed-in browser. Only the SHA-256 of the cookie value is kept, so a copy of the database opens no session. */
export interface StaffSessionsTable {
  token_hash: string;
  account_id: string;
  csrf_token: string;
  created_at: IsoTimestamp;
  last_seen_at: IsoTimestamp;
  /** The absolute end of the session, whatever its activity. */
  expires_at: IsoTimestamp;
  address: string;
}

/** Failed logins per account (`account:<email>`) and per address (`address:<ip>`). */
export interface StaffLoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: IsoTimestamp;
  locked_until: IsoTimestamp | null;
}

export interface LeadNotesTable {
  id: Generated<number>;
  lead_id: string;
  account_id: string;
  at: IsoTimestamp;
  /** Sealed (FieldCipher). */
  note: string;
}

export interface LeadAssignmentsTable {
  lead_id: string;
  account_id: string;
  assigned_at: IsoTimestamp;
}

export type StaffTables = HandoffTables & {
  staff_accounts: StaffAccountsTable;
  staff_sessions: StaffSessionsTable;
  staff_login_throttle: StaffLoginThrottleTable;
  lead_notes: LeadNotesTable;
  lead_assignments: LeadAssignmentsTable;
};

export type StaffDb = Kysely<DatabaseSchema & StaffTables>;

/** The shared database (or a transaction on it) with the tables of migration 0006_staff known to Kysely. */
export function staffDb(db: Kysely<DatabaseSchema>): StaffDb {
  return db.withTables<StaffTables>();
}
