import fs from 'node:fs';
import path from 'node:path';
import { Kysely, type Migration, sql } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { createMigrations, MigrationError, readSchemaVersion, runMigrations } from '../../src/store/migrations';
import { openDatabase, type Database } from '../../src/store/openDatabase';
import { TransactionalSqliteDialect } from '../../src/store/TransactionalSqliteDialect';
import { createTempDatabaseFolder, type TempDatabaseFolder } from './tempDatabase';

const LATEST = Object.keys(createMigrations('sqlite')).sort().pop();

let folder: TempDatabaseFolder;
beforeEach(() => {
  folder = createTempDatabaseFolder();
});
afterEach(() => folder.cleanup());

async function listTables(database: Database): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
    database.db,
  );
  return result.rows.map((row) => row.name);
}

describe('openDatabase', () => {
  it('creates the missing folder and file and the whole schema', async () => {
    expect(fs.existsSync(folder.file)).toBe(false);
    const database = await folder.open();
    expect(fs.existsSync(folder.file)).toBe(true);
    expect(database.engine).toBe('sqlite');
    expect(await database.schemaVersion()).toBe(LATEST);
    expect(await listTables(database)).toEqual([
      'activities', 'audit_log', 'conversations', 'handoffs', 'kysely_migration', 'kysely_migration_lock', 'lead_assignments', 'lead_notes', 'leads', 'outbox',
      'staff_accounts', 'staff_login_throttle', 'staff_sessions', 'state', 'translation_cache', 'wechat_pending', 'wechat_seen', 'wechat_window',
      'whatsapp_keys', 'whatsapp_messages', 'whatsapp_pending', 'whatsapp_people', 'whatsapp_seen',
    ]);
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('reopens an existing file without running a migration twice and keeps its rows', async () => {
    const first = await folder.open();
    await first.db.insertInto('state').values({ key: 'k', etag: 'e', data: '{"kept":true}', updated_at: new Date().toISOString() }).execute();
    await first.close();

    const second = await folder.open();
    expect(await second.schemaVersion()).toBe(LATEST);
    const migrationRows = await sql<{ name: string }>`select name from kysely_migration`.execute(second.db);
    expect(migrationRows.rows.map((row) => row.name)).toEqual(Object.keys(createMigrations('sqlite')));
    expect(await second.db.selectFrom('state').select('data').execute()).toEqual([{ data: '{"kept":true}' }]);
  });

  it('turns on WAL, foreign keys and a busy timeout', async () => {
    const database = await folder.open();
    const pragma = async (name: string): Promise<unknown> => {
      const result = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(database.db);
      return Object.values(result.rows[0] ?? {})[0];
    };
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBeGreaterThanOrEqual(1000);
  });

  it('rolls back everything a failing transaction did', async () => {
    const database = await folder.open();
    const write = database.transaction(async (trx) => {
      await trx.insertInto('state').values({ key: 'k', etag: 'e', data: '{}', updated_at: new Date().toISOString() }).execute();
      throw new Error('boom');
    });
    await expect(write).rejects.toThrow('boom');
    expect(await database.db.selectFrom('state').selectAll().execute()).toEqual([]);
  });

  it('refuses a database migrated by a newer version of the service', async () => {
    const database = await folder.open();
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', ${new Date().toISOString()})`.execute(database.db);
    await database.close();
    await expect(openDatabase({ engine: 'sqlite', file: folder.file })).rejects.toThrow(MigrationError);
    await expect(openDatabase({ engine: 'sqlite', file: folder.file })).rejects.toThrow(/does not match this version.*9999_from_the_future/);
  });

  it('can be closed twice', async () => {
    const database = await folder.open();
    await database.close();
    await expect(database.close()).resolves.toBeUndefined();
  });
});

describe('runMigrations', () => {
  it('stops at a failing migration, names it, and leaves the schema as it was', async () => {
    const sqlite = new BetterSqlite3(path.join(folder.dir, 'broken.sqlite'));
    const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
    const halfDone: Migration = {
      async up(trx: Kysely<unknown>) {
        await sql`create table partial (id text)`.execute(trx);
        await sql`create table conversations (id text)`.execute(trx);
      },
    };
    const tables = async (): Promise<string[]> =>
      (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%'`.execute(db)).rows
        .map((row) => row.name)
        .sort();
    try {
      await runMigrations(db, createMigrations('sqlite'));
      const before = await tables();
      const migrations = { ...createMigrations('sqlite'), '9999_half_done': halfDone };
      await expect(runMigrations(db, migrations)).rejects.toThrow(MigrationError);
      await expect(runMigrations(db, migrations)).rejects.toThrow(/^migration 9999_half_done failed: .*conversations.*already exists/);
      expect(await tables()).toEqual(before);
      expect(before).not.toContain('partial');
      expect(await readSchemaVersion(db, migrations)).toBe(LATEST);
    } finally {
      await db.destroy();
    }
  });

  it('applies nothing of a first run that fails', async () => {
    const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    const failing: Migration = {
      async up() {
        await Promise.reject(new Error('disk full'));
      },
    };
    try {
      await expect(runMigrations(db, { ...createMigrations('sqlite'), '0002_failing': failing })).rejects.toThrow('migration 0002_failing failed: disk full');
      expect(await readSchemaVersion(db, createMigrations('sqlite'))).toBe('');
      const state = await sql`select name from sqlite_master where name = 'state'`.execute(db);
      expect(state.rows).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
