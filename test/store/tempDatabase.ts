import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/store/openDatabase';

/** A real SQLite file in a fresh temporary folder; `cleanup` closes every handle opened on it and removes the folder. */
export interface TempDatabaseFolder {
  dir: string;
  file: string;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

export function createTempDatabaseFolder(): TempDatabaseFolder {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'camino-store-'));
  const file = path.join(dir, 'nested', 'camino.sqlite');
  const opened: Database[] = [];
  return {
    dir,
    file,
    async open() {
      const database = await openDatabase({ engine: 'sqlite', file });
      opened.push(database);
      return database;
    },
    async cleanup() {
      await Promise.all(opened.map((database) => database.close()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
