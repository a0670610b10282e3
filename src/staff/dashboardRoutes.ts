import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AuditLog } from './AuditLog';
import { type AccountRepository, normalizeEmail } from './AccountRepository';
import { DASHBOARD_MAX_DAYS, dayIn, type DashboardQueries, daysBetween } from './DashboardQueries';
import { dayParam, type Guard, parseOr400, queryParams, sendError } from './http';

export interface DashboardRouteDeps {
  server: Server;
  guard: Guard;
  dashboard: DashboardQueries;
  audit: AuditLog;
  accounts: AccountRepository;
  /** The office's time zone: days are counted in it. */
  timeZone: string;
}

const dashboardSchema = z.object({ from: dayParam.optional(), to: dayParam.optional() });
const auditSchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  action: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The dashboard (every signed-in account) and the audit log (admins). */
export function mountDashboardRoutes(deps: DashboardRouteDeps): void {
  const { server, guard, dashboard, audit, accounts, timeZone } = deps;

  server.get('/staff/api/dashboard', async (req: Request, res: Response) => {
    const session = await guard(req, res, {});
    if (!session) return;
    const query = parseOr400(dashboardSchema, queryParams(req), res);
    if (!query) return;
    const today = dayIn(timeZone)(new Date().toISOString());
    const to = query.to ?? today;
    const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    if (from > to) return sendError(res, 400, 'invalid_request', 'from: must not be after to');
    if (daysBetween(from, to).length > DASHBOARD_MAX_DAYS) return sendError(res, 400, 'invalid_request', `the range may cover at most ${DASHBOARD_MAX_DAYS} days`);
    res.send(200, await dashboard.figures(from, to, timeZone));
  });

  server.get('/staff/api/audit', async (req: Request, res: Response) => {
    const session = await guard(req, res, { role: 'admin' });
    if (!session) return;
    const query = parseOr400(auditSchema, queryParams(req), res);
    if (!query) return;
    const known = await accounts.list();
    const emails = new Map(known.map((a) => [a.id, a.email]));
    // An actor may be given by email; the log keeps account ids.
    const actor = query.actor?.includes('@') ? (known.find((a) => a.email === normalizeEmail(query.actor ?? ''))?.id ?? '\u0000none') : query.actor;
    const entries = await audit.list({ limit: query.limit + 1, before: query.before, action: query.action, actor });
    const page = entries.slice(0, query.limit);
    res.send(200, {
      items: page.map((e) => ({ ...e, actorEmail: emails.get(e.actor) ?? null, targetEmail: e.target ? (emails.get(e.target) ?? null) : null })),
      next: entries.length > query.limit ? page.at(-1)?.id : undefined,
    });
  });
}
