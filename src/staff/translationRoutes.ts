import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AuditLog } from './AuditLog';
import type { ConversationRecords } from './ConversationRecords';
import { clientAddress, type Guard, param, parseOr400, sendError } from './http';
import type { SourceLocale, StaffTranslations } from './StaffTranslations';

export interface TranslationRouteDeps {
  server: Server;
  guard: Guard;
  audit: AuditLog;
  records: ConversationRecords;
  translations: StaffTranslations;
}

const translateSchema = z.object({ to: z.enum(['en', 'es']) });

/** What staff see when the model fails: the reason in words, never the provider's own message. */
const FAILURE_TEXT: Record<string, string> = {
  timeout: 'the language model did not answer in time; try again',
  circuitOpen: 'the language model failed several times in a row and is paused for a short while; try again in a minute',
  rateLimited: 'the language model is busy (rate limited); try again in a minute',
};

/** Staff translation of a conversation's messages, beside the originals; says why when there is no model. */
export function mountTranslationRoutes(deps: TranslationRouteDeps): void {
  const { server, guard, audit, records, translations } = deps;

  server.get('/staff/api/features', async (req: Request, res: Response) => {
    const session = await guard(req, res, {});
    if (!session) return;
    const reason = translations.unavailableReason;
    res.send(200, { translation: reason ? { available: false, reason } : { available: true } });
  });

  server.post('/staff/api/conversations/:channel/:id/translate', async (req: Request, res: Response) => {
    const session = await guard(req, res, { write: true });
    if (!session) return;
    const body = parseOr400(translateSchema, req.body, res);
    if (!body) return;
    const reason = translations.unavailableReason;
    if (reason) return sendError(res, 503, 'translation_unavailable', reason);
    const channelId = param(req, 'channel');
    const conversationId = param(req, 'id');
    const record = await records.transcript(channelId, conversationId);
    if (!record) return sendError(res, 404, 'not_found', 'no such conversation');
    const from: SourceLocale = record.locale === 'es' || record.locale === 'zh' ? record.locale : 'en';
    if (from === body.to) return sendError(res, 400, 'same_language', `the conversation is already in ${from}`);
    const shown = record.entries.filter((e) => e.text.trim() !== '');
    const result = await translations.translate({ channelId, conversationId }, shown.map((e) => e.text), from, body.to);
    if (!result.ok) {
      res.header('Retry-After', '30');
      return sendError(res, 503, 'translation_failed', FAILURE_TEXT[result.reason] ?? 'the language model gave no usable translation; try again');
    }
    await audit.record({ actor: session.accountId, action: 'conversation.translate', target: `${channelId}/${conversationId}`, detail: { from, to: body.to, messages: shown.length, cached: result.cached }, address: clientAddress(req) });
    res.send(200, { from, to: body.to, items: shown.map((e, i) => ({ seq: e.seq, text: result.translations[i] ?? '' })) });
  });
}
