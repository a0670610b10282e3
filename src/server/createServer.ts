import restify, { type Next, type Request, type Response, type Server } from 'restify';
import type { Domain } from '../app/loadDomain';
import type { BotRuntime } from '../bot/createBotRuntime';
import type { Database } from '../store/openDatabase';
import { describeError, type Logger } from '../util/logger';
import { describeIssues, incomingActivitySchema } from './activitySchema';
import type { InFlight } from './InFlight';

export interface ServerOptions {
  runtime: BotRuntime;
  database: Database;
  domain: Domain;
  logger: Logger;
  inFlight: InFlight;
  maxBodyBytes: number;
}

export function createServer(options: ServerOptions): Server {
  const { runtime, database, domain, logger, inFlight } = options;
  const server = restify.createServer({ name: 'camino', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes, mapParams: false, mapFiles: false }));

  server.get('/healthz', (_req: Request, res: Response, next: Next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    try {
      await database.ping();
      res.send(200, { status: 'ready', engine: database.engine, schemaVersion: await database.schemaVersion(), cards: domain.content.ids.length });
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

  server.on('restifyError', (req: Request, _res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
    if ((error.statusCode ?? 500) >= 500) logger.error('request failed', { route: req.getRoute()?.path?.toString(), ...describeError(error) });
    callback();
  });
  return server;
}
