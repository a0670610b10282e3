import type { Next, Request, Response, Server } from 'restify';
import type { BotRuntime } from '../../bot/createBotRuntime';
import type { WhatsAppConfig } from '../../config/loadConfig';
import { readRawBody, TOO_LARGE } from '../../server/readRawBody';
import type { InFlight } from '../../server/InFlight';
import { describeError, type Logger } from '../../util/logger';
import { parseWhatsAppWebhook, WhatsAppBodyError, type WhatsAppDelivery, type WhatsAppMessage } from './parseWhatsAppWebhook';
import { toWhatsAppActivity } from './toWhatsAppActivity';
import type { WhatsAppAdapter } from './WhatsAppAdapter';
import type { WhatsAppIds } from './WhatsAppIds';
import type { WhatsAppNotes } from './WhatsAppNotes';
import type { WhatsAppStore } from './WhatsAppStore';
import { sameSecret, verifyWhatsAppSignature } from './verifyWhatsAppSignature';

export const WHATSAPP_ROUTE = '/whatsapp';
/** Meta's webhook payloads are at most 3 MB. */
export const MAX_WHATSAPP_BODY_BYTES = 3 * 1024 * 1024;

export interface WhatsAppDeps {
  server: Server;
  config: WhatsAppConfig;
  runtime: BotRuntime;
  adapter: WhatsAppAdapter;
  notes: WhatsAppNotes;
  store: WhatsAppStore;
  ids: WhatsAppIds;
  inFlight: InFlight;
  logger: Logger;
}

function sendText(res: Response, status: number, body: string): void {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.writeHead(status);
  res.end(body);
}

function refuse(res: Response, logger: Logger, status: number, reason: string): void {
  logger.warn('whatsapp webhook refused', { status, reason });
  sendText(res, status, reason);
}

/**
 * `GET /whatsapp`: Meta's webhook check. `POST /whatsapp`: deliveries, checked (size, signature over the raw bytes,
 * then the shape), statuses recorded, new messages claimed in the database, 200 at once, and the turns after.
 */
export function mountWhatsApp(deps: WhatsAppDeps): void {
  const { server, config, runtime, adapter, notes, store, ids, inFlight, logger } = deps;

  server.get(WHATSAPP_ROUTE, (req: Request, res: Response, next: Next) => {
    const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const challenge = q.get('hub.challenge') ?? '';
    if (q.get('hub.mode') !== 'subscribe' || !sameSecret(q.get('hub.verify_token') ?? '', config.verifyToken)) {
      logger.warn('whatsapp webhook check refused', { reason: 'wrong mode or verify token' });
      sendText(res, 403, 'forbidden');
    } else if (!/^[A-Za-z0-9_-]{1,256}$/.test(challenge)) {
      sendText(res, 400, 'hub.challenge is missing or not a plain token');
    } else sendText(res, 200, challenge);
    next();
  });

  server.post(WHATSAPP_ROUTE, async (req: Request, res: Response) => {
    const encoding = req.header('content-encoding') ?? 'identity';
    if (encoding !== 'identity') return refuse(res, logger, 415, 'content encodings are not accepted');
    const raw = await readRawBody(req, MAX_WHATSAPP_BODY_BYTES);
    if (raw === TOO_LARGE) return refuse(res, logger, 413, 'too large');
    if (!verifyWhatsAppSignature(req.header('x-hub-signature-256'), raw, config.appSecret)) return refuse(res, logger, 401, 'bad or missing X-Hub-Signature-256');
    let delivery: WhatsAppDelivery;
    try {
      delivery = parseWhatsAppWebhook(raw, config.phoneNumberId);
    } catch (error) {
      if (error instanceof WhatsAppBodyError) return refuse(res, logger, 400, error.message);
      throw error;
    }
    if (delivery.skipped > 0) logger.warn('whatsapp webhook items skipped', { skipped: delivery.skipped });
    for (const status of delivery.statuses) await notes.recordStatus(status);
    const fresh: WhatsAppMessage[] = [];
    for (const message of delivery.messages) if (await store.claim(ids.messageKey(message.id))) fresh.push(message);
    sendText(res, 200, 'ok');
    void inFlight.track(() => runTurns(fresh));
  });

  /** One person's messages of a delivery run in order; different people in parallel. */
  async function runTurns(messages: WhatsAppMessage[]): Promise<void> {
    const byPerson = new Map<string, WhatsAppMessage[]>();
    for (const m of messages) byPerson.set(m.from, [...(byPerson.get(m.from) ?? []), m]);
    await Promise.all(
      [...byPerson.values()].map(async (own) => {
        for (const message of own) {
          const activity = toWhatsAppActivity(message, ids, config.phoneNumberId);
          if (!activity) continue;
          try {
            await adapter.handle({ activity, phone: message.from, wamid: message.id }, (context) => runtime.bot.run(context));
          } catch (error) {
            logger.error('whatsapp turn failed', describeError(error));
          }
        }
      }),
    );
  }
}
