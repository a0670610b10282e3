import { startPostgres } from './embeddedPostgres';

/** One PostgreSQL for the whole jest run; each test file creates its own database on it (see testDatabases.ts). */
export default async function globalSetup(): Promise<void> {
  const running = await startPostgres();
  process.env.CAMINO_TEST_PG_URL = running.baseUrl;
  (globalThis as { caminoTestPostgres?: unknown }).caminoTestPostgres = running;
}
