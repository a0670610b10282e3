import { randomUUID } from 'node:crypto';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import type { Domain } from '../app/loadDomain';
import type { BotRuntime } from '../bot/createBotRuntime';
import type { Database } from '../store/openDatabase';
import { describeError, type Logger } from '../util/logger';
import { describeIssues, incomingActivitySchema } from './activitySchema';
import type { InFlight } from './InFlight';
import { isStorageUnavailable } from '../store/storageErrors';
import { enterLogContext } from '../util/logContext';
import { findOverdueCards } from '../content/reviewDue';

export interface ServerOptions {
  runtime: BotRuntime;
  database: Database;
  domain: Domain;
  logger: Logger;
  inFlight: InFlight;
  maxBodyBytes: number;
  /** Routes that read their body as raw bytes themselves (to check a signature over it first): no body parser. */
  rawBodyRoutes?: readonly string[];
}

export function createServer(options: ServerOptions): Server {
  const { runtime, database, domain, logger, inFlight } = options;
  const server = restify.createServer({ name: 'camino', handleUncaughtExceptions: false });
  // Our own request ids: a caller's x-request-id is used only when it is a plain token (restify takes any).
  const requestIds = new WeakMap<Request, string>();
  server.pre((req: Request, res: Response, next: Next) => {
    // A caller's own request id (a proxy's) is kept when it is a plain token; otherwise restify's.
    const given = req.header('x-request-id');
    const requestId = given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    requestIds.set(req, requestId);
    res.header('x-request-id', requestId);
    next();
  });
  const raw = new Set(options.rawBodyRoutes ?? []);
  for (const parse of restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes, mapParams: false, mapFiles: false })) {
    server.use((req: Request, res: Response, next: Next) => {
      if (raw.has(req.path())) next();
      else void parse(req, res, next);
    });
  }
  // After the body is read, so the route handler (and the turn it runs) continues in this context.
  server.use((req: Request, _res: Response, next: Next) => {
    enterLogContext({ requestId: requestIds.get(req) });
    next();
  });

  server.get('/healthz', (_req: Request, res: Response, next: Next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    try {
      await database.ping();
      // Cards past their review day are a warning for the office, not a reason to take the service out of rotation.
      const overdueCards = findOverdueCards(domain.content, domain.now(), domain.settings.reviewEveryDays);
      res.send(200, { status: 'ready', engine: database.engine, schemaVersion: await database.schemaVersion(), cards: domain.content.ids.length, overdueCards });
    } catch (error) {
      logger.warn('readiness check failed', describeError(error));
      res.send(503, { status: 'unavailable', reason: 'storage is not reachable' });
    }
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    const parsed = incomingActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { error: 'invalid_activity', message: describeIssues(parsed.error) });
      return;
    }
    await inFlight.track(() => runtime.adapter.process(req, res, (context) => runtime.bot.run(context)));
  });

  server.on('restifyError', (req: Request, res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
    const route = req.getRoute()?.path?.toString();
    if (typeof error.statusCode === 'number') {
      if (error.statusCode >= 500) logger.error('request failed', { route, ...describeError(error) });
      callback();
      return;
    }
    // An unexpected error: answer it here, so restify does not echo its message (a driver's host and port) to the client.
    if (isStorageUnavailable(error)) {
      logger.warn('storage unavailable', { route, ...describeError(error) });
      res.header('retry-after', '5');
      res.send(503, { error: 'storage_unavailable', message: 'The service cannot reach its storage right now; nothing was kept. Try again in a moment.' });
    } else {
      logger.error('request failed', { route, ...describeError(error) });
      res.send(500, { error: 'internal', message: 'Something went wrong on our side.' });
    }
    callback();
  });
  return server;
}
