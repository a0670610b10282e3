import type { Span } from '@opentelemetry/api';
import type { Request, Response, Server } from 'restify';
import type { Tracing } from './Tracing';

const SPAN = Symbol('camino.httpSpan');
type Traced = Request & { [SPAN]?: Span };

/** One span per HTTP request, named by method and route pattern (never the path itself, which holds ids). */
export function mountTracing(server: Server, tracing: Tracing): void {
  server.pre((req: Request, _res: Response, next: () => void) => {
    (req as Traced)[SPAN] = tracing.start(`HTTP ${req.method ?? 'GET'}`, { 'http.request.method': req.method ?? 'GET' });
    next();
  });
  server.on('after', (req: Request, res: Response) => {
    const span = (req as Traced)[SPAN];
    if (!span) return;
    const route = req.getRoute()?.path;
    const pattern = typeof route === 'string' ? route : 'unmatched';
    span.updateName(`HTTP ${req.method ?? 'GET'} ${pattern}`);
    span.setAttribute('http.route', pattern);
    span.setAttribute('http.response.status_code', res.statusCode);
    span.end();
  });
}
