import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { HandoffNotFoundError, type HandoffService } from '../handoff/HandoffService';
import { LEAD_END_REASONS } from '../handoff/handoffTables';
import type { Lead, LeadRepository } from '../handoff/LeadRepository';
import { describeError, type Logger } from '../util/logger';
import type { AuditLog } from './AuditLog';
import { clientAddress, type Guard, param, parseOr400, queryParams, sendError } from './http';
import { type LeadQueue, QUEUE_FILTERS } from './LeadQueue';

export interface LeadRouteDeps {
  server: Server;
  guard: Guard;
  audit: AuditLog;
  queue: LeadQueue;
  leads: LeadRepository;
  handoff: HandoffService;
  logger: Logger;
}

/** What one staff reply may hold: about a screen of text, within what every channel carries. */
export const STAFF_REPLY_MAX = 2000;
export const NOTE_MAX = 4000;

const listSchema = z.object({ filter: z.enum(QUEUE_FILTERS).default('open'), mine: z.enum(['true', 'false']).default('false') });
const assignSchema = z.object({ to: z.enum(['me', 'nobody']) });
const noteSchema = z.object({ text: z.string().trim().min(1, 'write the note').max(NOTE_MAX) });
const statusSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('contacted') }),
  z.object({ status: z.literal('closed'), endReason: z.enum(LEAD_END_REASONS) }),
]);
const replySchema = z.object({ text: z.string().trim().min(1, 'write the message').max(STAFF_REPLY_MAX) });

/** The handoff queue: leads to call back, who took them, notes, status, and staff messages into the chat. */
export function mountLeadRoutes(deps: LeadRouteDeps): void {
  const { server, guard, audit, queue, leads, handoff, logger } = deps;

  server.get('/staff/api/leads', async (req: Request, res: Response) => {
    const session = await guard(req, res, {});
    if (!session) return;
    const options = parseOr400(listSchema, queryParams(req), res);
    if (!options) return;
    const items = await queue.list(options.filter, options.mine === 'true' ? { assignedTo: session.accountId } : {});
    res.send(200, { items, now: new Date().toISOString() });
  });

  /** A write on one lead: a session with the CSRF token, the lead, then the action and its audit entry. */
  const onLead = (path: string, run: (ctx: { req: Request; res: Response; lead: Lead; leadId: string; accountId: string; address: string }) => Promise<void>) => {
    server.post(`/staff/api/leads/:id/${path}`, async (req: Request, res: Response) => {
      const session = await guard(req, res, { write: true });
      if (!session) return;
      const leadId = param(req, 'id');
      const lead = await leads.get(leadId);
      if (!lead) return sendError(res, 404, 'not_found', 'no such lead');
      await run({ req, res, lead, leadId, accountId: session.accountId, address: clientAddress(req) });
    });
  };

  onLead('assign', async ({ req, res, leadId, accountId, address }) => {
    const body = parseOr400(assignSchema, req.body, res);
    if (!body) return;
    const to = body.to === 'me' ? accountId : null;
    await queue.assign(leadId, to);
    await audit.record({ actor: accountId, action: 'lead.assign', target: leadId, detail: { to }, address });
    res.send(200, { assignee: await queue.assignee(leadId) });
  });

  onLead('notes', async ({ req, res, leadId, accountId, address }) => {
    const body = parseOr400(noteSchema, req.body, res);
    if (!body) return;
    const id = await queue.addNote(leadId, accountId, body.text);
    await audit.record({ actor: accountId, action: 'lead.note', target: leadId, detail: { note: id }, address });
    res.send(201, { notes: await queue.notes(leadId) });
  });

  onLead('status', async ({ req, res, leadId, accountId, address }) => {
    const body = parseOr400(statusSchema, req.body, res);
    if (!body) return;
    const changed = await leads.setStatus(leadId, body.status, body.status === 'closed' ? body.endReason : undefined);
    if (!changed) return sendError(res, 409, 'closed', 'this lead is already closed');
    await audit.record({ actor: accountId, action: 'lead.status', target: leadId, detail: body, address });
    const lead = await leads.get(leadId);
    res.send(200, { status: lead?.status, endReason: lead?.endReason ?? null, firstContactAt: lead?.firstContactAt ?? null });
  });

  onLead('reply', async ({ req, res, lead, leadId, accountId, address }) => {
    const body = parseOr400(replySchema, req.body, res);
    if (!body) return;
    if (lead.status === 'closed') return sendError(res, 409, 'closed', 'this lead is closed; reopen is not possible, start from a new conversation');
    try {
      await handoff.sendStaffMessage({ leadId }, body.text);
    } catch (error) {
      if (error instanceof HandoffNotFoundError) return sendError(res, 409, 'no_handoff', 'this conversation has no live chat to write into');
      logger.warn('a staff reply could not be delivered', describeError(error));
      await audit.record({ actor: accountId, action: 'lead.reply.failed', target: leadId, detail: { characters: body.text.length }, address });
      return sendError(res, 502, 'not_delivered', 'the message could not be delivered to the person; try again');
    }
    await audit.record({ actor: accountId, action: 'lead.reply', target: leadId, detail: { characters: body.text.length }, address });
    res.send(200, { delivered: true });
  });

  onLead('end-chat', async ({ res, leadId, accountId, address }) => {
    try {
      await handoff.endStaffSession({ leadId });
    } catch (error) {
      if (error instanceof HandoffNotFoundError) return sendError(res, 409, 'no_handoff', 'this conversation has no live chat');
      throw error;
    }
    await audit.record({ actor: accountId, action: 'lead.endChat', target: leadId, detail: null, address });
    res.send(200, { ended: true });
  });
}
