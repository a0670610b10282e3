import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../migrations';

/** The audit log takes new entries only: the database itself refuses to change or delete one. */
export function auditAppendOnlyMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine === 'sqlite') {
        await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
        await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
        return;
      }
      await sql`create function camino_audit_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only'; end $$`.execute(db);
      await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function camino_audit_append_only()`.execute(db);
      await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function camino_audit_append_only()`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (engine === 'sqlite') {
        await sql`drop trigger if exists audit_log_no_update`.execute(db);
        await sql`drop trigger if exists audit_log_no_delete`.execute(db);
        return;
      }
      await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
      await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db);
      await sql`drop function if exists camino_audit_append_only()`.execute(db);
    },
  };
}
