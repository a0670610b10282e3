import path from 'node:path';
import type { Server } from 'restify';
import { createBotRuntime, type BotRuntime } from '../bot/createBotRuntime';
import type { AppConfig } from '../config/loadConfig';
import { ConversationFeed, type ConversationNotifier } from '../channels/directline/ConversationFeed';
import { PgConversationFeed } from '../channels/directline/PgConversationFeed';
import { DIRECTLINE_CHANNEL, DirectLineAdapter } from '../channels/directline/DirectLineAdapter';
import { loadDirectLineSecret } from '../channels/directline/loadDirectLineSecret';
import { mountDirectLine } from '../channels/directline/mountDirectLine';
import { createServer } from '../server/createServer';
import { allPersonalTables, CHANNELS, channelDirectory } from '../channels/channelRegistry';
import { WHATSAPP_ROUTE } from '../channels/whatsapp/mountWhatsApp';
import { startWhatsApp } from '../channels/whatsapp/startWhatsApp';
import { mountWebChat } from '../web/mountWebChat';
import { loadWechatMenu } from '../channels/wechat/loadWechatMenu';
import { mountWechat } from '../channels/wechat/mountWechat';
import { WECHAT_CHANNEL, WechatAdapter } from '../channels/wechat/WechatAdapter';
import { WechatApi } from '../channels/wechat/WechatApi';
import { WechatStore } from '../channels/wechat/WechatStore';
import { InFlight } from '../server/InFlight';
import type { Database } from '../store/openDatabase';
import { openAppDatabase } from './openAppDatabase';
import { RetentionJob } from '../store/RetentionJob';
import { describeError, type Logger } from '../util/logger';
import { loadDomain, type Domain } from './loadDomain';
import { FieldCipher } from '../crypto/FieldCipher';
import { loadEncryptionKey } from '../crypto/loadEncryptionKey';
import { createNotifiers, targetsOf } from '../handoff/createNotifiers';
import { HandoffService } from '../handoff/HandoffService';
import { NotificationWorker } from '../handoff/NotificationWorker';
import { contentVersionOf, createLlm, loadLlmRules, type Llm } from '../llm';
import { createStaffDelivery } from '../bot/screening/createStaffDelivery';
import { Metrics } from '../metrics/Metrics';
import { mountMetrics } from '../metrics/mountMetrics';
import { Tracing } from '../telemetry/Tracing';
import { mountTracing } from '../telemetry/mountTracing';
import { mountStaff, type StaffApp } from '../staff/mountStaff';

export interface App {
  /** The optional language model (grounded answers, staff translation, lead summary); undefined when off. */
  llm?: Llm;
  server: Server;
  runtime: BotRuntime;
  database: Database;
  domain: Domain;
  /** Live handoff: staff messages to a person and the end of a live chat (the staff app calls this). */
  handoff: HandoffService;
  /** Delivers lead notifications from the outbox in the background; stopped by close(). */
  notifications: NotificationWorker;
  /** Prometheus figures, served at /metrics. */
  metrics: Metrics;
  /** The staff app at /staff: accounts, sessions and the audit log. */
  staff: StaffApp;
  /** True when no DIRECTLINE_SECRET was configured and a development secret in the data folder is used. */
  directLineSecretGenerated: boolean;
  /** Resolves once no turn or background send is running (true), or after `timeoutMs` (false). */
  settle(timeoutMs?: number): Promise<boolean>;
  /** Starts listening; resolves with the port actually bound (useful with PORT=0 in tests). */
  listen(): Promise<number>;
  /** Stops accepting, lets running turns finish (up to `graceMs`), then closes the database. */
  close(graceMs?: number): Promise<void>;
}

export { SQLITE_FILE } from './openAppDatabase';

export interface AppOptions {
  /** The clock content review dates are measured against; tests move it ahead to see cards fall due. */
  now?: () => Date;
}

export async function createApp(config: AppConfig, logger: Logger, options: AppOptions = {}): Promise<App> {
  // The consent step and the privacy card tell people the retention the purge job enforces: all read RETENTION_DAYS.
  const domain = loadDomain(config.contentRoot, { retentionDays: config.retentionDays, now: options.now });
  const database = await openAppDatabase(config, logger);
  const dataKey = loadEncryptionKey(config.handoff.encryptionKey, config.dataDir);
  if (dataKey.generated) logger.warn('DATA_ENCRYPTION_KEY is not set: using a development key kept in the data folder', { keyId: dataKey.key.id });
  const notifiers = createNotifiers(config.handoff, domain.firm);
  // The worker needs the runtime's lead repository, and the runtime wakes the worker: tie the knot after both exist.
  const wake = { kick: (): void => undefined };
  const cipher = new FieldCipher(dataKey.key, dataKey.older);
  const handoff = { cipher, targets: targetsOf(notifiers), notify: () => wake.kick() };
  const metrics = new Metrics(database.poolStats ? () => database.poolStats?.() : undefined, CHANNELS.map((c) => c.id));
  const tracing = config.tracing ? new Tracing(config.tracing) : undefined;
  const llm = createLlm(config.llm, loadLlmRules(path.join(config.contentRoot, 'dialogs', 'llm.yaml')), contentVersionOf(domain.content.cards), logger, undefined, (kind, result, ms, tokens) =>
    metrics.llmCall(kind, result, ms / 1000, tokens),
  );
  if (llm && config.llm) logger.info('language model on: free text gets grounded answers', { model: config.llm.model, timeoutMs: config.llm.timeoutMs });
  else logger.info('language model off (OPENAI_BASE_URL / OPENAI_API_KEY not set): free text is answered by the local retriever');
  const runtime = createBotRuntime({ domain, channels: channelDirectory, database, botAuth: config.botAuth, logger, handoff, metrics, tracing, llm });
  const notifications = new NotificationWorker({ database, leads: runtime.screening.leads, notifiers, logger, baseDelayMs: config.handoff.retryBaseMs });
  wake.kick = () => notifications.kick();
  notifications.start();
  const retention = new RetentionJob(database, config.retentionDays, logger, allPersonalTables());
  retention.start();
  const handoffService = new HandoffService(runtime.screening.handoffs, runtime.screening.leads, createStaffDelivery(runtime, domain.texts));
  const inFlight = new InFlight();
  const server = createServer({ runtime, database, domain, logger, inFlight, maxBodyBytes: config.maxBodyBytes, rawBodyRoutes: config.whatsapp ? [WHATSAPP_ROUTE] : [] });
  mountMetrics(server, metrics, config.metricsToken);
  if (tracing) mountTracing(server, tracing);

  const directLine = loadDirectLineSecret(config.directLineSecret, config.dataDir);
  const feed = await createFeed(database, logger);
  const directLineAdapter = new DirectLineAdapter(runtime.transcripts, feed, logger);
  runtime.registerChannel(DIRECTLINE_CHANNEL, directLineAdapter);
  const streams = mountDirectLine({ server, runtime, adapter: directLineAdapter, feed, secret: directLine.secret, inFlight, logger });
  mountWebChat({ server, root: config.contentRoot, secret: directLine.secret, allowedOrigins: config.webchatAllowedOrigins });

  const staff = mountStaff({ server, database, config: config.staff, contentRoot: config.contentRoot, cipher, handoff: handoffService, leads: runtime.screening.leads, transcripts: runtime.transcripts, domain, llm, logger });

  let wechatCleanup: NodeJS.Timeout | undefined;
  if (config.wechat) {
    const store = new WechatStore(database, handoff.cipher);
    const api = new WechatApi({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, baseUrl: config.wechat.apiBaseUrl }, logger);
    const wechatAdapter = new WechatAdapter({ api, store, transcripts: runtime.transcripts, replyBudgetMs: config.wechat.replyBudgetMs, inFlight, logger, metrics });
    runtime.registerChannel(WECHAT_CHANNEL, wechatAdapter);
    const menuKeys = loadWechatMenu(path.join(config.contentRoot, 'dialogs', 'wechat.yaml'), domain.flows.mainMenu.map((m) => m.id));
    mountWechat({ server, config: config.wechat, runtime, adapter: wechatAdapter, store, inFlight, logger, menuKeys });
    const forget = () => void store.forgetOld().catch((error: unknown) => logger.warn('wechat dedupe cleanup failed', describeError(error)));
    forget();
    wechatCleanup = setInterval(forget, 60 * 60 * 1000).unref();
  }
  const stopWhatsApp = config.whatsapp
    ? await startWhatsApp({ server, config: config.whatsapp, runtime, database, cipher, texts: domain.texts, contentRoot: config.contentRoot, inFlight, logger, metrics })
    : undefined;
  let closing: Promise<void> | undefined;

  return {
    server,
    runtime,
    database,
    domain,
    llm,
    handoff: handoffService,
    notifications,
    metrics,
    staff,
    directLineSecretGenerated: directLine.generated,
    settle: (timeoutMs = 10_000) => inFlight.drain(timeoutMs),
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
        stopWhatsApp?.();
        const drained = await inFlight.drain(graceMs);
        if (!drained) logger.warn('shutting down with turns still running', { running: inFlight.size });
        await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 1000))]);
        await notifications.stop();
        await retention.stop();
        await tracing?.shutdown().catch((error: unknown) => logger.warn('traces could not be flushed', describeError(error)));
        await database.close();
      })();
      return closing;
    },
  };
}

/** Sockets may be held by any instance when they share PostgreSQL; one process serves them all on SQLite. */
async function createFeed(database: Database, logger: Logger): Promise<ConversationNotifier> {
  if (!database.listener) return new ConversationFeed();
  const feed = new PgConversationFeed(database, database.listener, logger);
  await feed.start();
  return feed;
}
