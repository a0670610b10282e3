import pg from 'pg';

/** Limits of the connection pool; each instance opens at most `max` connections (plus one for LISTEN, one per running turn lock). */
export interface PoolLimits {
  max: number;
  /** How long a query waits for a free connection before it fails (so a turn fails instead of hanging). */
  connectionTimeoutMs: number;
  idleTimeoutMs: number;
  /** The server cancels a statement that runs longer than this. */
  statementTimeoutMs: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { max: 10, connectionTimeoutMs: 5000, idleTimeoutMs: 30_000, statementTimeoutMs: 15_000 };

const INT8_OID = 20;

/**
 * Sequence numbers and counts are bigint columns; node-postgres returns them as strings unless told otherwise.
 * They stay far below 2^53, so they are parsed as numbers, and a value that would lose precision is refused.
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError('an int8 value does not fit a JavaScript number');
  return n;
}

const defaultParser = pg.types.getTypeParser.bind(pg.types) as (oid: number, format?: string) => (value: string) => unknown;

export const pgTypes = {
  getTypeParser: (oid: number, format?: string): ((value: string) => unknown) => (oid === INT8_OID && format !== 'binary' ? parseInt8 : defaultParser(oid, format)),
} as pg.CustomTypesConfig;

export function clientConfig(url: string, limits: PoolLimits, extra: pg.ClientConfig = {}): pg.ClientConfig {
  return {
    connectionString: url,
    types: pgTypes,
    connectionTimeoutMillis: limits.connectionTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    // A query the server never answers (the network went away) fails a little after the server would have cancelled it.
    query_timeout: limits.statementTimeoutMs + 5000,
    application_name: 'camino',
    keepAlive: true,
    ...extra,
  };
}

/**
 * A pool whose idle connections may die with the server: their errors are reported, not thrown, and the pool
 * opens fresh connections when the server is back, so the service resumes without a restart.
 */
export function createPool(url: string, limits: PoolLimits, onError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(url, limits), max: limits.max, idleTimeoutMillis: limits.idleTimeoutMs });
  pool.on('error', onError);
  // A connection lent out but between queries has no listener of the pool's: without this its error would crash the process.
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}
