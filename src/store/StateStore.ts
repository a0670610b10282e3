import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FieldCipher } from '../crypto/FieldCipher';
import { openText, sealText } from '../crypto/sealing';
import type { Database } from './openDatabase';
import { parseJsonObject } from './parseJsonObject';
import type { DatabaseSchema } from './schema';

/** The shape botbuilder's `Storage` reads and writes; `eTag` guards against lost updates. */
export type StoreItem = { eTag?: string; [key: string]: unknown };
export type StoreItems = Record<string, StoreItem>;

/** A write carried an eTag that no longer matches the stored item; none of that write was applied. */
export class EtagConflictError extends Error {
  constructor(readonly key: string) {
    super(`eTag conflict writing state key ${JSON.stringify(key)}: it was changed since it was read`);
    this.name = 'EtagConflictError';
  }
}

/** Keeps each statement's parameter count well under every engine's limit. */
const KEYS_PER_QUERY = 500;

/** Key-value state with botbuilder `Storage` semantics (structurally compatible with it). */
export class StateStore {
  /** @param cipher seals each item (dialog state holds screening answers); the service always gives one. */
  constructor(
    private readonly database: Database,
    private readonly cipher?: FieldCipher,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const batch of splitIntoBatches(unique(keys))) {
      const rows = await this.database.db.selectFrom('state').select(['key', 'etag', 'data']).where('key', 'in', batch).execute();
      for (const row of rows) items[row.key] = { ...parseJsonObject(openText(this.cipher, row.data), `state ${JSON.stringify(row.key)}`), eTag: row.etag };
    }
    return items;
  }

  /** Applies every change or none: the first eTag conflict rolls back the whole batch. */
  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const updatedAt = new Date().toISOString();
    await this.database.transaction(async (trx) => {
      for (const [key, item] of entries) await writeItem(trx, key, item, updatedAt, this.cipher);
    });
  }

  async delete(keys: string[]): Promise<void> {
    for (const batch of splitIntoBatches(unique(keys))) {
      await this.database.db.deleteFrom('state').where('key', 'in', batch).execute();
    }
  }

  /** Deletes every key that starts with `prefix` (case-sensitive) and returns how many went. */
  async deleteByPrefix(prefix: string): Promise<number> {
    if (prefix === '') throw new Error('deleteByPrefix needs a non-empty prefix');
    // Both engines count characters as code points, so the length is taken the same way here.
    const length = [...prefix].length;
    const result = await this.database.db
      .deleteFrom('state')
      .where((eb) => eb(eb.fn<string>('substr', ['key', eb.val(1), eb.val(length)]), '=', prefix))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

async function writeItem(trx: Kysely<DatabaseSchema>, key: string, item: StoreItem, updatedAt: string, cipher?: FieldCipher): Promise<void> {
  const { eTag, ...rest } = item;
  const row = { etag: randomUUID(), data: sealText(cipher, JSON.stringify(rest)), updated_at: updatedAt };
  if (!eTag || eTag === '*') {
    await trx
      .insertInto('state')
      .values({ key, ...row })
      .onConflict((oc) => oc.column('key').doUpdateSet(row))
      .execute();
    return;
  }
  // The eTag check and the update are one statement, so a concurrent writer can not slip in between.
  const result = await trx.updateTable('state').set(row).where('key', '=', key).where('etag', '=', eTag).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new EtagConflictError(key);
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}

function splitIntoBatches(keys: string[]): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) batches.push(keys.slice(i, i + KEYS_PER_QUERY));
  return batches;
}
