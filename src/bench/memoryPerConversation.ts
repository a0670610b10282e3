import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createApp } from '../app/createApp';
import { loadConfig } from '../config/loadConfig';
import { createLogger } from '../util/logger';
import { DirectLineHttpClient } from './directLineHttp';

export interface MemoryFigures {
  conversations: number;
  /** Growth of the JavaScript heap after a full collection, per 1,000 stored conversations. */
  heapMbPer1000: number;
  /** Growth of the process's resident memory, per 1,000 stored conversations. */
  rssMbPer1000: number;
  /** Size of the SQLite file and its WAL, per 1,000 stored conversations. */
  diskMbPer1000: number;
}

/** A full collection, without starting the process with --expose-gc. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function folderBytes(dir: string): number {
  return fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
}

/**
 * Stores `count` conversations (a greeting, one question and its answer each) through Direct Line and reports what
 * stays in memory afterwards: everything lasting should live in the database, so the heap should barely grow.
 */
export async function benchMemory(count: number): Promise<MemoryFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'camino-bench-memory-'));
  const secret = randomBytes(32).toString('hex');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'), DIRECTLINE_SECRET: secret });
  const app = await createApp(config, createLogger('silent'));
  const baseUrl = `http://127.0.0.1:${await app.listen()}`;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  try {
    // Warm up code paths and caches first, so they do not count as growth.
    let visitor = 0;
    const converse = async () => (await DirectLineHttpClient.startWithSecret(baseUrl, secret, `dl_bench_${(visitor += 1)}`)).ask('what is title 42');
    await converse();
    collectGarbage();
    const before = process.memoryUsage();
    const diskBefore = folderBytes(dataDir);
    const batch = 50;
    for (let done = 0; done < count; done += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, count - done) }, converse),
      );
    }
    collectGarbage();
    const after = process.memoryUsage();
    const per1000 = (delta: number) => Math.round((mb(delta) / count) * 1000 * 100) / 100;
    return {
      conversations: count,
      heapMbPer1000: per1000(after.heapUsed - before.heapUsed),
      rssMbPer1000: per1000(after.rss - before.rss),
      diskMbPer1000: per1000(folderBytes(dataDir) - diskBefore),
    };
  } finally {
    await app.close(2000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
