import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AuditLog } from './AuditLog';
import type { ConversationRecords } from './ConversationRecords';
import { type ConversationFilters, type ConversationQueries, decodeCursor, encodeCursor, HANDOFF_FILTERS, OUTCOME_FILTERS } from './ConversationQueries';
import { toCsv, toJson } from './exportFormats';
import { clientAddress, dayParam, type Guard, param, parseOr400, queryParams, sendError } from './http';

export interface ConversationRouteDeps {
  server: Server;
  guard: Guard;
  audit: AuditLog;
  queries: ConversationQueries;
  records: ConversationRecords;
}

const filterSchema = z.object({
  channel: z.string().max(64).optional(),
  locale: z.string().max(16).optional(),
  from: dayParam.optional(),
  to: dayParam.optional(),
  outcome: z.enum(OUTCOME_FILTERS).optional(),
  handoff: z.enum(HANDOFF_FILTERS).optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const exportSchema = filterSchema.extend({ format: z.enum(['json', 'csv']), channelId: z.string().max(200).optional(), conversationId: z.string().max(500).optional() });
const deleteSchema = z.object({ confirm: z.string().min(1) });
export const EXPORT_MAX = 1000;

function toFilters(query: z.infer<typeof filterSchema>): ConversationFilters {
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) + 86_400_000).toISOString();
  return {
    channel: query.channel || undefined,
    locale: query.locale || undefined,
    from: query.from ? `${query.from}T00:00:00.000Z` : undefined,
    to: query.to ? nextDay(query.to) : undefined,
    outcome: query.outcome,
    handoff: query.handoff,
    q: query.q || undefined,
  };
}

export function mountConversationRoutes(deps: ConversationRouteDeps): void {
  const { server, guard, audit, queries, records } = deps;

  server.get('/staff/api/conversations', async (req: Request, res: Response) => {
    const session = await guard(req, res, {});
    if (!session) return;
    const query = parseOr400(filterSchema, queryParams(req), res);
    if (!query) return;
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !cursor) return sendError(res, 400, 'invalid_request', 'cursor: not a cursor from this list');
    const page = await queries.list(toFilters(query), query.limit, cursor);
    res.send(200, { items: page.items, next: page.next ? encodeCursor(page.next) : undefined, scanned: page.scanned });
  });

  server.get('/staff/api/conversations/:channel/:id', async (req: Request, res: Response) => {
    const session = await guard(req, res, {});
    if (!session) return;
    const channelId = param(req, 'channel');
    const conversationId = param(req, 'id');
    const record = await records.read(channelId, conversationId);
    if (!record) return sendError(res, 404, 'not_found', 'no such conversation');
    await audit.record({ actor: session.accountId, action: 'conversation.read', target: `${channelId}/${conversationId}`, detail: { leads: record.leads.map((l) => l.id) }, address: clientAddress(req) });
    res.send(200, record);
  });

  server.del('/staff/api/conversations/:channel/:id', async (req: Request, res: Response) => {
    const session = await guard(req, res, { role: 'admin', write: true });
    if (!session) return;
    const channelId = param(req, 'channel');
    const conversationId = param(req, 'id');
    const body = parseOr400(deleteSchema, req.body, res);
    if (!body) return;
    if (body.confirm !== conversationId) return sendError(res, 400, 'confirm', 'confirm: type the conversation id to delete it');
    const deleted = await records.delete(channelId, conversationId);
    if (!deleted) return sendError(res, 404, 'not_found', 'no such conversation');
    await audit.record({ actor: session.accountId, action: 'conversation.delete', target: `${channelId}/${conversationId}`, detail: null, address: clientAddress(req) });
    res.send(200, { deleted: true });
  });

  server.get('/staff/api/export', async (req: Request, res: Response) => {
    const session = await guard(req, res, { role: 'admin' });
    if (!session) return;
    const query = parseOr400(exportSchema, queryParams(req), res);
    if (!query) return;
    const keys: { channelId: string; conversationId: string }[] = [];
    if (query.channelId && query.conversationId) keys.push({ channelId: query.channelId, conversationId: query.conversationId });
    else {
      const page = await queries.list(toFilters(query), EXPORT_MAX, undefined);
      keys.push(...page.items.map((i) => ({ channelId: i.channelId, conversationId: i.conversationId })));
    }
    const found = [];
    for (const key of keys) {
      const record = await records.read(key.channelId, key.conversationId);
      if (record) found.push(record);
    }
    if (query.channelId && found.length === 0) return sendError(res, 404, 'not_found', 'no such conversation');
    const { cursor: _c, limit: _l, ...filters } = query;
    void _c;
    void _l;
    await audit.record({ actor: session.accountId, action: 'export', target: query.conversationId ? `${query.channelId}/${query.conversationId}` : null, detail: { ...filters, conversations: found.length }, address: clientAddress(req) });
    const stamp = new Date().toISOString().slice(0, 10);
    res.header('Content-Disposition', `attachment; filename="camino-export-${stamp}.${query.format}"`);
    res.header('Content-Type', query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    res.sendRaw(200, query.format === 'csv' ? toCsv(found) : toJson(found));
  });
}
