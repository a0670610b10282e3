import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { createMigrations, readSchemaVersion, runMigrations, type Engine } from './migrations';
import type { DatabaseSchema } from './schema';
import { TransactionalSqliteDialect } from './TransactionalSqliteDialect';

/**
 * A PostgreSQL engine is meant to be one more member here (`{ engine: 'postgres'; url: string }`) and one more
 * dialect below; its pool must parse int8 as a JavaScript number (node-postgres `types.setTypeParser(20, ...)`)
 * because sequence numbers are typed `number`.
 */
export type DatabaseOptions = { engine: 'sqlite'; file: string };

export interface Database {
  db: Kysely<DatabaseSchema>;
  engine: Engine;
  /** The name of the last applied migration. */
  schemaVersion(): Promise<string>;
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  /** Runs `fn` in one transaction: everything it does is kept, or nothing if it throws. */
  transaction<T>(fn: (trx: Kysely<DatabaseSchema>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const BUSY_TIMEOUT_MS = 5000;
const IN_MEMORY = ':memory:';

/** Opens the database, creating the folder and file when missing, and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const sqlite = openSqliteFile(options.file);
  const db = new Kysely<DatabaseSchema>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
  const migrations = createMigrations(options.engine);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= db.destroy().finally(() => {
      if (sqlite.open) sqlite.close();
    });
    return closing;
  };

  try {
    await runMigrations(db, migrations);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    db,
    engine: options.engine,
    schemaVersion: () => readSchemaVersion(db, migrations),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    transaction: (fn) => db.transaction().execute(fn),
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
