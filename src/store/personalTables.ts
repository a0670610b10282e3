import { type Kysely, sql } from 'kysely';
import type { DatabaseSchema } from './schema';

/**
 * A channel's own table whose rows name a person through the conversation id (a WeChat OpenID, a sealed WhatsApp
 * number): "delete my data" removes the conversation's rows, and retention removes rows not touched for too long.
 */
export interface PersonalTable {
  table: string;
  /** The column holding the channel's conversation id. */
  conversationColumn: string;
  /** The ISO timestamp column retention compares with its cutoff. */
  touchedColumn: string;
}

/** Deletes one conversation's rows from each table; returns how many went, per table. */
export async function erasePersonalRows(trx: Kysely<DatabaseSchema>, tables: readonly PersonalTable[], conversationId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const result = await sql`delete from ${sql.table(t.table)} where ${sql.ref(t.conversationColumn)} = ${conversationId}`.execute(trx);
    counts[t.table] = Number(result.numAffectedRows ?? 0);
  }
  return counts;
}

/** Deletes the rows last touched before `cutoff` from each table; returns how many went, per table. */
export async function purgePersonalRows(trx: Kysely<DatabaseSchema>, tables: readonly PersonalTable[], cutoff: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const result = await sql`delete from ${sql.table(t.table)} where ${sql.ref(t.touchedColumn)} < ${cutoff}`.execute(trx);
    counts[t.table] = Number(result.numAffectedRows ?? 0);
  }
  return counts;
}
