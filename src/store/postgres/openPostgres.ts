import type pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { once } from '../../util/once';
import { createMigrations, migrateOrClose, readSchemaVersion } from '../migrations';
import type { Database } from '../openDatabase';
import type { DatabaseSchema } from '../schema';
import { createPool, type PoolLimits } from './createPool';
import { PgListener } from './PgListener';

export interface PostgresOptions {
  url: string;
  limits: PoolLimits;
  /** Told when an idle connection breaks (the server restarted, the network went away). */
  onPoolError?: (error: Error) => void;
}

/** How long a turn waits for another instance to finish a turn of the same conversation. */
const TURN_LOCK_TIMEOUT_MS = 60_000;

/**
 * Opens the pools and brings the schema up to date. Kysely's Migrator runs the migrations in one transaction
 * that first takes `pg_advisory_xact_lock`, so instances starting together apply each migration once.
 */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const onError = options.onPoolError ?? (() => undefined);
  const pool = createPool(options.url, options.limits, onError);
  // Locks held for a whole turn use their own connections, so a turn holding one can still query through `pool`.
  const lockPool = createPool(options.url, { ...options.limits, statementTimeoutMs: TURN_LOCK_TIMEOUT_MS }, onError);
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  const listener = new PgListener(options.url, options.limits, onError);
  const migrations = createMigrations('postgres');
  const close = once(async () => {
    await listener.close();
    await lockPool.end();
    await db.destroy();
  });
  await migrateOrClose(db, migrations, close);

  return {
    db,
    engine: 'postgres',
    schemaVersion: () => readSchemaVersion(db, migrations),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    transaction: (fn) => db.transaction().execute(fn),
    withLock: async (name, fn) => (await withSessionLock(lockPool, name, fn, true))!,
    tryWithLock: (name, fn) => withSessionLock(lockPool, name, fn, false),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    listener,
    close,
  };
}

/** Runs `fn` holding the advisory lock `name` on a connection of its own; the lock goes when `fn` settles or the connection dies. */
async function withSessionLock<T>(pool: pg.Pool, name: string, fn: () => Promise<T>, wait: boolean): Promise<T | undefined> {
  const client = await pool.connect();
  let broken = false;
  try {
    let locked = true;
    try {
      if (wait) await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [name]);
      else locked = (await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [name])).rows[0]?.locked === true;
    } catch (error) {
      broken = true;
      throw error;
    }
    if (!locked) return undefined;
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => {
        broken = true;
      });
    }
  } finally {
    // A connection whose lock could not be released is destroyed, which releases it, rather than reused.
    client.release(broken);
  }
}
