import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { once } from '../util/once';
import { createMigrations, migrateOrClose, readSchemaVersion, type Engine } from './migrations';
import type { DatabaseSchema } from './schema';
import { DEFAULT_POOL_LIMITS, type PoolLimits } from './postgres/createPool';
import { openPostgres } from './postgres/openPostgres';
import type { PgListener } from './postgres/PgListener';
import { TransactionalSqliteDialect } from './TransactionalSqliteDialect';

/** SQLite: one file for one instance. PostgreSQL: one server shared by any number of instances. */
export type DatabaseOptions =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; url: string; limits?: Partial<PoolLimits>; onPoolError?: (error: Error) => void };

export interface Database {
  db: Kysely<DatabaseSchema>;
  engine: Engine;
  /** The name of the last applied migration. */
  schemaVersion(): Promise<string>;
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  /** Runs `fn` in one transaction: everything it does is kept, or nothing if it throws. */
  transaction<T>(fn: (trx: Kysely<DatabaseSchema>) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while no other instance runs work under the same name (PostgreSQL advisory lock, waiting for it).
   * On SQLite there is only one instance: `fn` just runs (callers serialize inside the process themselves).
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** As `withLock`, but gives up at once (resolving undefined) when another instance holds the lock. */
  tryWithLock<T>(name: string, fn: () => Promise<T>): Promise<T | undefined>;
  /** PostgreSQL only: connections of the query pool, for /metrics. */
  poolStats?(): { total: number; idle: number; waiting: number };
  /** PostgreSQL only: LISTEN/NOTIFY between instances. */
  listener?: PgListener;
  close(): Promise<void>;
}

const BUSY_TIMEOUT_MS = 5000;
const IN_MEMORY = ':memory:';

/** Opens the database, creating the folder and file when missing, and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.engine === 'postgres') {
    return openPostgres({ url: options.url, limits: { ...DEFAULT_POOL_LIMITS, ...options.limits }, onPoolError: options.onPoolError });
  }
  const sqlite = openSqliteFile(options.file);
  const db = new Kysely<DatabaseSchema>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
  const migrations = createMigrations(options.engine);
  const close = once(() =>
    db.destroy().finally(() => {
      if (sqlite.open) sqlite.close();
    }),
  );
  await migrateOrClose(db, migrations, close);

  return {
    db,
    engine: options.engine,
    schemaVersion: () => readSchemaVersion(db, migrations),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    transaction: (fn) => db.transaction().execute(fn),
    withLock: (_name, fn) => fn(),
    tryWithLock: (_name, fn) => fn(),
    close,
  };
}

function openSqliteFile(file: string): BetterSqlite3.Database {
  if (file !== IN_MEMORY) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  try {
    // WAL lets readers (the staff app, a backup) work while a turn writes; NORMAL sync is durable enough under WAL.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}
