import { type Kysely, type Migration, type MigrationResult, Migrator, sql } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** Thrown when the schema can not be brought up to date; the service must not start on a half-migrated database. */
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Every schema change, in order. Names sort in the order they run; never rename or edit one that has shipped. */
export function createMigrations(engine: Engine): Record<string, Migration> {
  return {
    '0001_initial': createInitialMigration(engine),
  };
}

function createInitialMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('state')
        .addColumn('key', 'text', (col) => col.primaryKey().notNull())
        .addColumn('etag', 'text', (col) => col.notNull())
        .addColumn('data', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('channel_id', 'text', (col) => col.notNull())
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('locale', 'text')
        .addColumn('last_seq', 'bigint', (col) => col.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('conversations_pk', ['channel_id', 'conversation_id'])
        .execute();

      await db.schema
        .createIndex('conversations_by_created')
        .on('conversations')
        .columns(['channel_id', 'created_at', 'conversation_id'])
        .execute();

      // SQLite only auto-increments a column declared exactly `integer primary key`; PostgreSQL uses an identity column.
      const activities =
        engine === 'sqlite'
          ? db.schema.createTable('activities').addColumn('seq', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
          : db.schema.createTable('activities').addColumn('seq', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity());
      await activities
        .addColumn('channel_id', 'text', (col) => col.notNull())
        .addColumn('conversation_id', 'text', (col) => col.notNull())
        .addColumn('activity_id', 'text', (col) => col.notNull())
        .addColumn('direction', 'text', (col) => col.notNull())
        .addColumn('timestamp', 'text', (col) => col.notNull())
        .addColumn('data', 'text', (col) => col.notNull())
        .addUniqueConstraint('activities_activity_unique', ['channel_id', 'conversation_id', 'activity_id'])
        .addCheckConstraint('activities_direction_check', sql`direction in ('in', 'out')`)
        .execute();

      await db.schema
        .createIndex('activities_by_conversation')
        .on('activities')
        .columns(['channel_id', 'conversation_id', 'seq'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('activities').execute();
      await db.schema.dropTable('conversations').execute();
      await db.schema.dropTable('state').execute();
    },
  };
}

export function createMigrator<DB>(db: Kysely<DB>, migrations: Record<string, Migration>): Migrator {
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
}

/**
 * Applies every pending migration in one transaction where the engine allows schema changes in transactions
 * (both engines here do), so a failure leaves the schema as it was; throws a MigrationError naming the migration.
 */
export async function runMigrations<DB>(db: Kysely<DB>, migrations: Record<string, Migration>): Promise<MigrationResult[]> {
  const { error, results = [] } = await createMigrator(db, migrations).migrateToLatest();
  if (error === undefined) return results;
  const failed = results.find((result) => result.status === 'Error');
  const where = failed ? `migration ${failed.migrationName} failed` : 'the database schema does not match this version of the service';
  throw new MigrationError(`${where}: ${describeError(error)}`, { cause: error });
}

/** Driver errors may come from another realm (native modules, test sandboxes), where `instanceof Error` is false. */
function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return JSON.stringify(error) ?? 'unknown error';
}

/** The name of the last migration applied to this database, or '' when none has run. */
export async function readSchemaVersion<DB>(db: Kysely<DB>, migrations: Record<string, Migration>): Promise<string> {
  const infos = await createMigrator(db, migrations).getMigrations();
  return infos.filter((info) => info.executedAt !== undefined).at(-1)?.name ?? '';
}
