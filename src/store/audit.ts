import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string;
  /** Counts and ids only; never message text or contact details. */
  detail?: Record<string, string | number | boolean>;
  address?: string;
}

/** Appends to the audit log; pass the transaction of the change so both are kept or neither. */
export async function writeAudit(db: Kysely<DatabaseSchema>, entry: AuditEntry, at = new Date()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      address: entry.address ?? null,
    })
    .execute();
}
