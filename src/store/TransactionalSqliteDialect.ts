import { type DialectAdapter, SqliteAdapter, SqliteDialect } from 'kysely';

/**
 * SQLite runs schema changes inside transactions, but Kysely's adapter says it does not, so its Migrator would
 * apply migrations with no transaction and a failure half-way would leave tables behind that the next start
 * trips over. Saying yes makes the Migrator apply all pending migrations and their records atomically.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}
