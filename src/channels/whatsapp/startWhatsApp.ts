import path from 'node:path';
import type { Server } from 'restify';
import type { BotRuntime } from '../../bot/createBotRuntime';
import type { WhatsAppConfig } from '../../config/loadConfig';
import type { FieldCipher } from '../../crypto/FieldCipher';
import type { Translator } from '../../i18n/createTranslator';
import type { Metrics } from '../../metrics/Metrics';
import type { InFlight } from '../../server/InFlight';
import type { Database } from '../../store/openDatabase';
import { describeError, type Logger } from '../../util/logger';
import { loadWhatsAppSettings } from './loadWhatsAppSettings';
import { mountWhatsApp } from './mountWhatsApp';
import { WhatsAppAdapter } from './WhatsAppAdapter';
import { WhatsAppApi } from './WhatsAppApi';
import { WHATSAPP_CHANNEL } from './whatsappChannel';
import { WhatsAppIds } from './WhatsAppIds';
import { WhatsAppNotes } from './WhatsAppNotes';
import { WhatsAppStore } from './WhatsAppStore';

export interface WhatsAppStartDeps {
  server: Server;
  config: WhatsAppConfig;
  runtime: BotRuntime;
  database: Database;
  cipher: FieldCipher;
  texts: Translator;
  contentRoot: string;
  inFlight: InFlight;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Puts WhatsApp together: its settings (dialogs/whatsapp.yaml, checked now), the id key, the Graph API client, the
 * adapter registered with the runtime, the webhook routes, and an hourly clean-up of old delivery ids. Returns stop.
 */
export async function startWhatsApp(deps: WhatsAppStartDeps): Promise<() => void> {
  const { config, database, cipher, logger } = deps;
  const settings = loadWhatsAppSettings(path.join(deps.contentRoot, 'dialogs', 'whatsapp.yaml'));
  const store = new WhatsAppStore(database, cipher);
  const ids = await WhatsAppIds.load(database, cipher);
  const api = new WhatsAppApi({ baseUrl: config.apiBaseUrl, phoneNumberId: config.phoneNumberId, accessToken: config.accessToken, timeoutMs: config.sendTimeoutMs }, logger, deps.metrics);
  const notes = new WhatsAppNotes({ store, ids, transcripts: deps.runtime.transcripts, logger });
  const adapter = new WhatsAppAdapter({ api, store, ids, notes, texts: deps.texts, reengagement: settings.reengagementTemplate ?? undefined, inFlight: deps.inFlight, logger });
  deps.runtime.registerChannel(WHATSAPP_CHANNEL, adapter);
  mountWhatsApp({ server: deps.server, config, runtime: deps.runtime, adapter, notes, store, ids, inFlight: deps.inFlight, logger });
  const forget = () => void store.forgetOld().catch((error: unknown) => logger.warn('whatsapp dedupe cleanup failed', describeError(error)));
  forget();
  const timer = setInterval(forget, 60 * 60 * 1000).unref();
  return () => clearInterval(timer);
}
