import type { RunningPostgres } from './embeddedPostgres';

export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as { caminoTestPostgres?: RunningPostgres }).caminoTestPostgres;
  await running?.stop();
}
