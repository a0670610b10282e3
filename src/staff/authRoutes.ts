import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AccountRepository } from './AccountRepository';
import type { AuditLog } from './AuditLog';
import { clientAddress, type Guard, param, parseOr400, sendError, sessionCookie, setSecurityHeaders } from './http';
import type { LoginThrottle } from './LoginThrottle';
import { verifyPassword } from './passwords';
import type { SessionStore } from './SessionStore';
import { STAFF_ROLES } from './staffTables';

export interface AuthDeps {
  server: Server;
  accounts: AccountRepository;
  sessions: SessionStore;
  throttle: LoginThrottle;
  audit: AuditLog;
  guard: Guard;
  secureCookies: boolean;
  absoluteMs: number;
}

const loginSchema = z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(1024) });
const passwordSchema = z.object({ current: z.string().min(1).max(1024), next: z.string().min(12).max(1024) });
const newAccountSchema = z.object({ email: z.email().max(254), role: z.enum(STAFF_ROLES), password: z.string().min(12).max(1024) });

/** A hash to compare against when the account does not exist, so the answer takes as long either way. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function mountAuthRoutes(deps: AuthDeps): void {
  const { server, accounts, sessions, throttle, audit, guard } = deps;
  const secure = (req: Request) => deps.secureCookies || req.isSecure();

  server.post('/staff/api/login', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const body = parseOr400(loginSchema, req.body, res);
    if (!body) return;
    const address = clientAddress(req);
    const lockedUntil = await throttle.lockedUntil(body.email, address);
    if (lockedUntil) {
      await audit.record({ actor: 'anonymous', action: 'login.locked', target: null, detail: { lockedUntil }, address });
      res.header('Retry-After', String(Math.max(1, Math.ceil((Date.parse(lockedUntil) - Date.now()) / 1000))));
      sendError(res, 429, 'locked', 'too many failed sign-ins; try again later');
      return;
    }
    const account = await accounts.findByEmail(body.email);
    const ok = await verifyPassword(body.password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok || account.disabled) {
      await throttle.recordFailure(body.email, address);
      await audit.record({ actor: account?.id ?? 'anonymous', action: 'login.failed', target: account?.id ?? null, detail: null, address });
      sendError(res, 401, 'invalid_credentials', 'wrong email or password');
      return;
    }
    await throttle.recordSuccess(body.email);
    const created = await sessions.create(account.id, address);
    await audit.record({ actor: account.id, action: 'login', target: account.id, detail: null, address });
    res.header('Set-Cookie', sessionCookie(created.token, { secure: secure(req), maxAgeS: Math.floor(deps.absoluteMs / 1000) }));
    const session = await sessions.resolve(created.token);
    res.send(200, { accountId: account.id, email: account.email, role: account.role, csrfToken: created.csrfToken, mustChangePassword: session?.mustChangePassword ?? false });
  });

  server.post('/staff/api/logout', async (req: Request, res: Response) => {
    const session = await guard(req, res, { write: true, beforePasswordChange: true });
    if (!session) return;
    await sessions.end(session.tokenHash);
    await audit.record({ actor: session.accountId, action: 'logout', target: session.accountId, detail: null, address: clientAddress(req) });
    res.header('Set-Cookie', sessionCookie('', { secure: secure(req), maxAgeS: 0 }));
    res.send(200, { ok: true });
  });

  server.get('/staff/api/me', async (req: Request, res: Response) => {
    const session = await guard(req, res, { beforePasswordChange: true });
    if (!session) return;
    res.send(200, { accountId: session.accountId, email: session.email, role: session.role, csrfToken: session.csrfToken, mustChangePassword: session.mustChangePassword });
  });

  server.post('/staff/api/password', async (req: Request, res: Response) => {
    const session = await guard(req, res, { write: true, beforePasswordChange: true });
    if (!session) return;
    const body = parseOr400(passwordSchema, req.body, res);
    if (!body) return;
    const ok = await verifyPassword(body.current, (await accounts.passwordHashOf(session.accountId)) ?? DUMMY_HASH);
    if (!ok) return sendError(res, 403, 'invalid_credentials', 'the current password is wrong');
    if (body.current === body.next) return sendError(res, 400, 'same_password', 'choose a password different from the current one');
    await accounts.changePassword(session.accountId, body.next, session.tokenHash, { id: session.accountId, address: clientAddress(req) });
    res.send(200, { ok: true });
  });

  server.get('/staff/api/accounts', async (req: Request, res: Response) => {
    const session = await guard(req, res, { role: 'admin' });
    if (!session) return;
    res.send(200, { items: await accounts.list() });
  });

  server.post('/staff/api/accounts', async (req: Request, res: Response) => {
    const session = await guard(req, res, { role: 'admin', write: true });
    if (!session) return;
    const body = parseOr400(newAccountSchema, req.body, res);
    if (!body) return;
    try {
      const account = await accounts.create({ ...body, oneTime: true }, { id: session.accountId, address: clientAddress(req) });
      res.send(201, account);
    } catch (error) {
      if (error instanceof Error && error.name === 'AccountError') sendError(res, 409, 'account', error.message);
      else throw error;
    }
  });

  server.post('/staff/api/accounts/:id/disable', async (req: Request, res: Response) => {
    const session = await guard(req, res, { role: 'admin', write: true });
    if (!session) return;
    const id = param(req, 'id');
    if (id === session.accountId) return sendError(res, 400, 'self', 'you can not disable your own account');
    const done = await accounts.disable(id, { id: session.accountId, address: clientAddress(req) });
    if (!done) return sendError(res, 404, 'not_found', 'no such active account');
    res.send(200, { ok: true });
  });
}
