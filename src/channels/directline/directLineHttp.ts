import { timingSafeEqual } from 'node:crypto';
import type { Next, Request, Response } from 'restify';

/** Small readers and answers the Direct Line routes share. */

export function readBearer(req: Request): string | undefined {
  const header = req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** Constant-time, so the answer time says nothing about how much of a guess was right. */
export function isTheSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** restify 11 wants a handler to be async or to call next: this lets a synchronous one do the latter. */
export function answerSync(handler: (req: Request, res: Response) => void): (req: Request, res: Response, next: Next) => void {
  return (req, res, next) => {
    handler(req, res);
    next();
  };
}

export function readRouteParam(req: Request, name: string): string {
  const params: Record<string, unknown> = req.params as Record<string, unknown>;
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

export function readQueryParam(req: Request, name: string): string | undefined {
  const value = new URL(req.url ?? '/', 'http://localhost').searchParams.get(name);
  return value ?? undefined;
}

export function sendForbidden(res: Response): void {
  res.send(403, { error: { code: 'BadArgument', message: 'The token is not valid for this conversation.' } });
}
