import { sql } from 'kysely';
import type { Database } from '../store/openDatabase';
import type { FieldCipher } from './FieldCipher';
import { isSealed, openText } from './sealing';

/** Every column that holds sealed values, with the key that finds its row. */
export const SEALED_COLUMNS: ReadonlyArray<{ table: string; key: string; columns: string[] }> = [
  { table: 'activities', key: 'seq', columns: ['data'] },
  { table: 'state', key: 'key', columns: ['data'] },
  { table: 'leads', key: 'id', columns: ['answers', 'summary', 'contact'] },
  { table: 'handoffs', key: 'lead_id', columns: ['reference'] },
  { table: 'wechat_pending', key: 'id', columns: ['text'] },
  { table: 'lead_notes', key: 'id', columns: ['note'] },
  { table: 'translation_cache', key: 'key', columns: ['translation'] },
  { table: 'whatsapp_keys', key: 'name', columns: ['value'] },
  { table: 'whatsapp_people', key: 'conversation_id', columns: ['phone'] },
  { table: 'whatsapp_pending', key: 'id', columns: ['message'] },
];

const BATCH = 200;

export interface RotationReport {
  /** Values re-encrypted with the current key, per table. */
  rewritten: Record<string, number>;
}

/** The id of the key a sealed value was written with. */
function keyIdOf(sealed: string): string | undefined {
  return sealed.split('.')[1];
}

/**
 * Re-encrypts every value not written with the current key (older keys, or text stored before encryption at rest).
 * Each row is replaced only if it still holds what was read, so turns running meanwhile are never overwritten.
 */
export async function rotateKeys(database: Database, cipher: FieldCipher): Promise<RotationReport> {
  const rewritten: Record<string, number> = {};
  for (const { table, key, columns } of SEALED_COLUMNS) {
    rewritten[table] = 0;
    let after: string | number | undefined;
    for (;;) {
      const where = after === undefined ? sql`` : sql`where ${sql.ref(key)} > ${after}`;
      const rows = await sql<Record<string, string | number | null>>`select ${sql.join([key, ...columns].map((c) => sql.ref(c)))} from ${sql.table(table)} ${where} order by ${sql.ref(key)} limit ${BATCH}`.execute(database.db);
      if (rows.rows.length === 0) break;
      for (const row of rows.rows) {
        for (const column of columns) {
          const stored = row[column];
          if (typeof stored !== 'string' || (isSealed(stored) && keyIdOf(stored) === cipher.keyId)) continue;
          const resealed = cipher.encrypt(openText(cipher, stored));
          const result = await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${resealed} where ${sql.ref(key)} = ${row[key]} and ${sql.ref(column)} = ${stored}`.execute(database.db);
          if (Number(result.numAffectedRows ?? 0) > 0) rewritten[table] += 1;
        }
      }
      const last = rows.rows[rows.rows.length - 1][key];
      if (last === null || last === undefined) break;
      after = last;
    }
  }
  return { rewritten };
}
