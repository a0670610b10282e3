import { openAppDatabase } from '../app/openAppDatabase';
import { ConfigError, loadConfig } from '../config/loadConfig';
import { createLogger } from '../util/logger';

/** `npm run migrate`: brings the configured database (DATABASE_URL, or SQLite in DATA_DIR) up to date and says where it stands. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const database = await openAppDatabase(config, logger);
  try {
    process.stdout.write(`${database.engine}: schema ${await database.schemaVersion()}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`migration failed: ${message}\n`);
  process.exit(1);
});
