import type { Request, Response } from 'restify';
import { z } from 'zod';
import type { SessionStore, StaffSession } from './SessionStore';
import type { StaffRole } from './staffTables';

export const SESSION_COOKIE = 'camino_staff';
export const CSRF_HEADER = 'x-csrf-token';

/** No inline scripts or styles, no framing, no other origins. */
export const STAFF_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(res: Response): void {
  res.header('Content-Security-Policy', STAFF_CSP);
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('X-Frame-Options', 'DENY');
  res.header('Referrer-Policy', 'no-referrer');
  res.header('Cache-Control', 'no-store');
  res.header('Cross-Origin-Opener-Policy', 'same-origin');
}

/** The peer address; the service does not trust forwarded headers for this. */
export function clientAddress(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(value: string, options: { secure: boolean; maxAgeS: number }): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/staff', 'HttpOnly', 'SameSite=Strict', `Max-Age=${options.maxAgeS}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}

export function sendError(res: Response, status: number, error: string, message: string): void {
  setSecurityHeaders(res);
  res.send(status, { error, message });
}

export interface Guard {
  /** A live session with the role (admin covers staff), and for state changes the CSRF header; otherwise sends 401/403 and gives undefined. */
  (req: Request, res: Response, options: { role?: StaffRole; write?: boolean; beforePasswordChange?: boolean }): Promise<StaffSession | undefined>;
}

export function createGuard(sessions: SessionStore): Guard {
  return async (req, res, options) => {
    setSecurityHeaders(res);
    const token = readCookie(req, SESSION_COOKIE);
    const session = token ? await sessions.resolve(token) : undefined;
    if (!session) {
      sendError(res, 401, 'unauthenticated', 'sign in first');
      return undefined;
    }
    if (options.write && req.header(CSRF_HEADER) !== session.csrfToken) {
      sendError(res, 403, 'csrf', 'the request is missing its CSRF token');
      return undefined;
    }
    if (session.mustChangePassword && !options.beforePasswordChange) {
      sendError(res, 403, 'password_change_required', 'choose a new password first');
      return undefined;
    }
    if (options.role === 'admin' && session.role !== 'admin') {
      sendError(res, 403, 'forbidden', 'this needs an admin account');
      return undefined;
    }
    return session;
  };
}

/** Parses with zod and sends 400 with the reason when the input is wrong. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  sendError(res, 400, 'invalid_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return undefined;
}

/** The query string's parameters, empty ones left out (no restify query parser is installed). */
export function queryParams(req: Request): Record<string, string> {
  return Object.fromEntries([...new URL(req.url ?? '/', 'http://localhost').searchParams.entries()].filter(([, v]) => v !== ''));
}

/** A calendar date in a query: YYYY-MM-DD that is a real day. */
export const dayParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-01-31')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date');

/** A path parameter as text ('' when absent). */
export function param(req: Request, name: string): string {
  const params = req.params as Record<string, unknown> | undefined;
  const value = params?.[name];
  return typeof value === 'string' ? value : '';
}
