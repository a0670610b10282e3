import { timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Metrics } from './Metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * GET /metrics in Prometheus' text format. With a token, only `Authorization: Bearer <token>` reads it; without
 * one, only this machine does (a scraper beside the service, or an operator on it). Every HTTP answer is counted
 * by route pattern and status class; patterns hold no ids.
 */
export function mountMetrics(server: Server, metrics: Metrics, token: string | undefined): void {
  server.get('/metrics', async (req: Request, res: Response) => {
    const refusal = metricsRefusal(req.socket.remoteAddress, req.header('authorization'), token);
    if (refusal) {
      res.send(refusal.status, { error: 'metrics_forbidden', message: refusal.reason });
      return;
    }
    const body = await metrics.render();
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(body);
  });

  server.on('after', (req: Request, res: Response) => {
    const route = req.getRoute()?.path;
    metrics.httpAnswered(typeof route === 'string' ? route : 'unmatched', res.statusCode);
  });
}

export function metricsRefusal(remoteAddress: string | undefined, authorization: string | undefined, token: string | undefined): { status: number; reason: string } | undefined {
  if (token === undefined) {
    return LOOPBACK.has(remoteAddress ?? '') ? undefined : { status: 403, reason: 'set METRICS_TOKEN to read metrics from another machine' };
  }
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length === b.length && timingSafeEqual(a, b)) return undefined;
  return { status: 401, reason: 'a bearer token is required' };
}
