import path from 'node:path';
import type { Server } from 'restify';
import { createBotRuntime, type BotRuntime } from '../bot/createBotRuntime';
import type { AppConfig } from '../config/loadConfig';
import { ConversationFeed } from '../channels/directline/ConversationFeed';
import { DIRECTLINE_CHANNEL, DirectLineAdapter } from '../channels/directline/DirectLineAdapter';
import { loadDirectLineSecret } from '../channels/directline/loadDirectLineSecret';
import { mountDirectLine } from '../channels/directline/mountDirectLine';
import { createServer } from '../server/createServer';
import { mountWebChat } from '../web/mountWebChat';
import { loadWechatMenu } from '../channels/wechat/loadWechatMenu';
import { mountWechat } from '../channels/wechat/mountWechat';
import { WECHAT_CHANNEL, WechatAdapter } from '../channels/wechat/WechatAdapter';
import { WechatApi } from '../channels/wechat/WechatApi';
import { WechatStore } from '../channels/wechat/WechatStore';
import { InFlight } from '../server/InFlight';
import { openDatabase, type Database } from '../store/openDatabase';
import { describeError, type Logger } from '../util/logger';
import { loadDomain, type Domain } from './loadDomain';
import { FieldCipher } from '../crypto/FieldCipher';
import { loadEncryptionKey } from '../crypto/loadEncryptionKey';
import { createNotifiers, targetsOf } from '../handoff/createNotifiers';
import { HandoffService } from '../handoff/HandoffService';
import { NotificationWorker } from '../handoff/NotificationWorker';
import { createStaffDelivery } from '../bot/screening/createStaffDelivery';
import { mountStaff, type StaffApp } from '../staff/mountStaff';

export interface App {
  server: Server;
  runtime: BotRuntime;
  database: Database;
  domain: Domain;
  /** Live handoff: staff messages to a person and the end of a live chat (the staff app calls this). */
  handoff: HandoffService;
  /** Delivers lead notifications from the outbox in the background; stopped by close(). */
  notifications: NotificationWorker;
  /** The staff app at /staff: accounts, sessions and the audit log. */
  staff: StaffApp;
  /** True when no DIRECTLINE_SECRET was configured and a development secret in the data folder is used. */
  directLineSecretGenerated: boolean;
  /** Starts listening; resolves with the port actually bound (useful with PORT=0 in tests). */
  listen(): Promise<number>;
  /** Stops accepting, lets running turns finish (up to `graceMs`), then closes the database. */
  close(graceMs?: number): Promise<void>;
}

export const SQLITE_FILE = 'camino.sqlite';

export async function createApp(config: AppConfig, logger: Logger): Promise<App> {
  const domain = loadDomain(config.contentRoot);
  const database = await openDatabase({ engine: 'sqlite', file: path.join(config.dataDir, SQLITE_FILE) });
  const dataKey = loadEncryptionKey(config.handoff.encryptionKey, config.dataDir);
  if (dataKey.generated) logger.warn('DATA_ENCRYPTION_KEY is not set: using a development key kept in the data folder', { keyId: dataKey.key.id });
  const notifiers = createNotifiers(config.handoff, domain.firm);
  // The worker needs the runtime's lead repository, and the runtime wakes the worker: tie the knot after both exist.
  const wake = { kick: (): void => undefined };
  const cipher = new FieldCipher(dataKey.key);
  const handoff = { cipher, targets: targetsOf(notifiers), notify: () => wake.kick() };
  const runtime = createBotRuntime({ domain, database, botAuth: config.botAuth, logger, handoff });
  const notifications = new NotificationWorker({ database, leads: runtime.screening.leads, notifiers, logger, baseDelayMs: config.handoff.retryBaseMs });
  wake.kick = () => notifications.kick();
  notifications.start();
  const handoffService = new HandoffService(runtime.screening.handoffs, runtime.screening.leads, createStaffDelivery(runtime, domain.texts));
  const inFlight = new InFlight();
  const server = createServer({ runtime, database, domain, logger, inFlight, maxBodyBytes: config.maxBodyBytes });

  const directLine = loadDirectLineSecret(config.directLineSecret, config.dataDir);
  const feed = new ConversationFeed();
  const directLineAdapter = new DirectLineAdapter(runtime.transcripts, feed, logger);
  runtime.registerChannel(DIRECTLINE_CHANNEL, directLineAdapter);
  const streams = mountDirectLine({ server, runtime, adapter: directLineAdapter, feed, secret: directLine.secret, inFlight, logger });
  mountWebChat({ server, root: config.contentRoot, secret: directLine.secret, allowedOrigins: config.webchatAllowedOrigins });

  const staff = mountStaff({ server, database, config: config.staff, contentRoot: config.contentRoot, cipher, handoff: handoffService, leads: runtime.screening.leads, transcripts: runtime.transcripts, domain, logger });

  let wechatCleanup: NodeJS.Timeout | undefined;
  if (config.wechat) {
    const store = new WechatStore(database);
    const api = new WechatApi({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, baseUrl: config.wechat.apiBaseUrl }, logger);
    const wechatAdapter = new WechatAdapter({ api, store, transcripts: runtime.transcripts, replyBudgetMs: config.wechat.replyBudgetMs, inFlight, logger });
    runtime.registerChannel(WECHAT_CHANNEL, wechatAdapter);
    const menuKeys = loadWechatMenu(path.join(config.contentRoot, 'dialogs', 'wechat.yaml'), domain.flows.mainMenu.map((m) => m.id));
    mountWechat({ server, config: config.wechat, runtime, adapter: wechatAdapter, store, inFlight, logger, menuKeys });
    const forget = () => void store.forgetOld().catch((error: unknown) => logger.warn('wechat dedupe cleanup failed', describeError(error)));
    forget();
    wechatCleanup = setInterval(forget, 60 * 60 * 1000).unref();
  }
  let closing: Promise<void> | undefined;

  return {
    server,
    runtime,
    database,
    domain,
    handoff: handoffService,
    notifications,
    staff,
    directLineSecretGenerated: directLine.generated,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(address.port);
        });
      }),
    close: (graceMs = 10_000) => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => {
          server.close(() => resolve());
        });
        streams.close();
        clearInterval(wechatCleanup);
        const drained = await inFlight.drain(graceMs);
        if (!drained) logger.warn('shutting down with turns still running', { running: inFlight.size });
        await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 1000))]);
        await notifications.stop();
        await database.close();
      })();
      return closing;
    },
  };
}
