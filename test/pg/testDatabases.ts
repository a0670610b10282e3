import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/store/openDatabase';

export type TestEngine = 'sqlite' | 'postgres';
export const ENGINES: TestEngine[] = ['sqlite', 'postgres'];

/** The server started by jest's globalSetup. */
export function postgresBaseUrl(): string {
  const url = process.env.CAMINO_TEST_PG_URL;
  if (!url) throw new Error('CAMINO_TEST_PG_URL is not set: run the tests through jest (test/pg/globalSetup.ts starts PostgreSQL)');
  return url;
}

/** A fresh, empty PostgreSQL database on the shared test server; returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const base = postgresBaseUrl();
  const name = `camino_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}

export interface EngineDatabase {
  engine: TestEngine;
  /** The SQLite file (engine sqlite) or the database URL (engine postgres). */
  location: string;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

/** A fresh database on either engine: a SQLite file in a new folder, or a new database on the test server. */
export async function createEngineDatabase(engine: TestEngine): Promise<EngineDatabase> {
  const opened: Database[] = [];
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'camino-store-'));
    const file = path.join(dir, 'camino.sqlite');
    return {
      engine,
      location: file,
      async open() {
        const database = await openDatabase({ engine, file });
        opened.push(database);
        return database;
      },
      async cleanup() {
        await Promise.all(opened.map((d) => d.close()));
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = await createPostgresDatabase();
  return {
    engine,
    location: url,
    async open() {
      const database = await openDatabase({ engine, url, limits: { max: 4 } });
      opened.push(database);
      return database;
    },
    async cleanup() {
      await Promise.all(opened.map((d) => d.close()));
    },
  };
}
