import { type Kysely, type Migration, type MigrationResult, Migrator } from 'kysely';
import { initialMigration } from './migrations/0001_initial';
import { handoffMigration } from './migrations/0002_handoff';
import { wechatMigration } from './migrations/0003_wechat';
import { privacyMigration } from './migrations/0005_privacy';
import { staffMigration } from './migrations/0006_staff';
import { staffWorkMigration } from './migrations/0007_staff_work';
import { auditAppendOnlyMigration } from './migrations/0008_audit_append_only';
import { whatsappMigration } from './migrations/0011_whatsapp';

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
    '0001_initial': initialMigration(engine),
    '0002_handoff': handoffMigration(engine),
    '0003_wechat': wechatMigration(engine),
    '0005_privacy': privacyMigration(engine),
    '0006_staff': staffMigration(engine),
    '0007_staff_work': staffWorkMigration(engine),
    '0008_audit_append_only': auditAppendOnlyMigration(engine),
    '0011_whatsapp': whatsappMigration(engine),
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

/** Brings the schema up to date; when it cannot, closes what the caller opened before passing the error on. */
export async function migrateOrClose<DB>(db: Kysely<DB>, migrations: Record<string, Migration>, close: () => Promise<void>): Promise<void> {
  try {
    await runMigrations(db, migrations);
  } catch (error) {
    await close();
    throw error;
  }
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
