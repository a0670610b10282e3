import fs from 'node:fs';
import pg from 'pg';
import type { TestEngine } from './testDatabases';

/** Everything stored, as one string: the SQLite file and its WAL byte for byte, or every row of every PostgreSQL table as text. */
export async function dumpStorage(engine: TestEngine, where: string): Promise<string> {
  if (engine === 'sqlite') {
    return ['', '-wal', '-shm', '-journal']
      .map((suffix) => `${where}${suffix}`)
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file).toString('latin1') + fs.readFileSync(file).toString('utf8'))
      .join('\n');
  }
  const client = new pg.Client({ connectionString: where });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public'");
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`select t::text as row from "${table_name}" t`);
      parts.push(...rows.rows.map((r) => r.row));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}
