import path from 'node:path';
import type { AppConfig } from '../config/loadConfig';
import { openDatabase, type Database } from '../store/openDatabase';
import { describeError, type Logger } from '../util/logger';

export const SQLITE_FILE = 'camino.sqlite';

/** PostgreSQL when DATABASE_URL is set, else the SQLite file in the data folder; migrated either way. */
export function openAppDatabase(config: Pick<AppConfig, 'database' | 'dataDir'>, logger: Logger): Promise<Database> {
  if (!config.database) return openDatabase({ engine: 'sqlite', file: path.join(config.dataDir, SQLITE_FILE) });
  return openDatabase({
    engine: 'postgres',
    url: config.database.url,
    limits: config.database.limits,
    onPoolError: (error) => logger.warn('a database connection failed', describeError(error)),
  });
}
