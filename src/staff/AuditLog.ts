import type { Kysely } from 'kysely';
import type { Database } from '../store/openDatabase';
import type { DatabaseSchema } from '../store/schema';
import { staffDb } from './staffTables';

export interface AuditEntryInput {
  /** An account id, or `cli` / `anonymous`. */
  actor: string;
  action: string;
  target: string | null;
  /** Never message text or contact details: ids, counts, filters, reasons. */
  detail: Record<string, unknown> | null;
  address: string | null;
}

export interface AuditEntry extends Omit<AuditEntryInput, 'detail'> {
  id: number;
  at: string;
  detail: Record<string, unknown> | null;
}

/** The append-only record of who read, exported, deleted or changed what, when and from where. */
export class AuditLog {
  constructor(private readonly database: Database) {}

  /** Written inside the caller's transaction when one is given, so the action and its record stand or fall together. */
  async record(entry: AuditEntryInput, trx?: Kysely<DatabaseSchema>): Promise<void> {
    await staffDb(trx ?? this.database.db)
      .insertInto('audit_log')
      .values({ at: new Date().toISOString(), actor: entry.actor, action: entry.action, target: entry.target, detail: entry.detail ? JSON.stringify(entry.detail) : null, address: entry.address })
      .execute();
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(options: { limit: number; before?: number; action?: string; actor?: string }): Promise<AuditEntry[]> {
    let query = staffDb(this.database.db).selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(options.limit);
    if (options.before !== undefined) query = query.where('id', '<', options.before);
    if (options.action) query = query.where('action', '=', options.action);
    if (options.actor) query = query.where('actor', '=', options.actor);
    const rows = await query.execute();
    return rows.map((row) => ({ id: Number(row.id), at: row.at, actor: row.actor, action: row.action, target: row.target, address: row.address, detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null }));
  }
}
