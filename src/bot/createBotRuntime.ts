import {
  type BotAdapter,
  type ConversationReference,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  type TurnContext,
  UserState,
} from 'botbuilder';
import type { Domain } from '../app/loadDomain';
import type { BotAuthConfig } from '../config/loadConfig';
import type { Database } from '../store/openDatabase';
import { StateStore } from '../store/StateStore';
import { TranscriptRepository } from '../store/TranscriptRepository';
import { KeyedMutex } from '../util/KeyedMutex';
import { describeError, type Logger } from '../util/logger';
import { CaminoBot } from './CaminoBot';
import type { ChannelDirectory } from './ChannelDirectory';
import type { Llm } from '../llm';
import { GroundedAnswers } from './GroundedAnswers';
import { matchesCommand } from '../flow/matchCommand';
import { randomBytes } from 'node:crypto';
import { FieldCipher, identifyKey } from '../crypto/FieldCipher';
import type { NotificationTarget } from '../handoff/handoffTables';
import { HandoffMiddleware } from './screening/HandoffMiddleware';
import { createScreeningServices, type ScreeningServices } from './screening/ScreeningServices';
import { SqlTranscriptStore } from './SqlTranscriptStore';
import { localeTag } from './toActivity';
import { TranscriptRecorder } from './TranscriptRecorder';
import { getTurnInfo } from './turnInfo';
import { TurnMetrics } from './TurnMetrics';
import type { Metrics } from '../metrics/Metrics';
import type { Tracing } from '../telemetry/Tracing';
import { type CrossInstanceLock, TurnSerializer } from './TurnSerializer';

export interface BotRuntime {
  adapter: CloudAdapter;
  bot: CaminoBot;
  transcripts: TranscriptRepository;
  transcriptStore: SqlTranscriptStore;
  stateStore: StateStore;
  /** Leads, live handoffs and the transcript access of the screening (src/bot/screening). */
  screening: ScreeningServices;
  /** Gives another adapter (a channel's, or a test's) the same middleware, turn lock and error handling. */
  prepare(adapter: BotAdapter): void;
  /** A channel served by Camino itself (Direct Line, WeChat) registers its adapter here, prepared as above. */
  registerChannel(channelId: string, adapter: BotAdapter): void;
  /**
   * Runs `logic` in a turn of an existing conversation, on the adapter of its channel, to send messages the
   * person did not just ask for (a staff reply, a late answer). Channels not registered go through CloudAdapter.
   */
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

export interface BotRuntimeOptions {
  domain: Domain;
  /** The channels' registrations: capabilities to render for, and tables "delete my data" empties. */
  channels: ChannelDirectory;
  database: Database;
  botAuth?: BotAuthConfig;
  logger: Logger;
  /** Prometheus figures (turns, latency, errors, handoffs); absent in tests that do not look at them. */
  metrics?: Metrics;
  /** OpenTelemetry spans for turns; absent unless a collector is configured. */
  tracing?: Tracing;
  /** Encryption and notifications for leads; absent in tests (a per-process key, no notifications). */
  handoff?: { cipher: FieldCipher; targets: readonly NotificationTarget[]; notify: () => void };
  /** Absent: free text is answered by the retriever only (src/llm). */
  llm?: Llm;
}

/** Wires botbuilder to our storage: the order of middleware matters (one turn at a time, then the transcript). */
export function createBotRuntime(options: BotRuntimeOptions): BotRuntime {
  const { domain, database, botAuth, logger } = options;
  const auth = new ConfigurationBotFrameworkAuthentication(
    botAuth
      ? {
          MicrosoftAppId: botAuth.appId,
          MicrosoftAppPassword: botAuth.appPassword,
          MicrosoftAppType: botAuth.appType,
          MicrosoftAppTenantId: botAuth.tenantId,
        }
      : {},
  );
  const adapter = new CloudAdapter(auth);
  // Without a configured key (unit tests) a per-process key still keeps what people wrote unreadable at rest.
  const cipher = options.handoff?.cipher ?? new FieldCipher(identifyKey(randomBytes(32)));
  const stateStore = new StateStore(database, cipher);
  const transcripts = new TranscriptRepository(database, cipher);
  const conversationState = new ConversationState(stateStore);
  const userState = new UserState(stateStore);
  const screening = createScreeningServices({ database, transcripts, ...options.handoff, cipher, personalTablesOf: (id) => options.channels.personalTablesOf(id) });
  const grounded = options.llm ? new GroundedAnswers(options.llm, domain) : undefined;
  const bot = new CaminoBot(conversationState, userState, domain.engine, domain.texts, options.channels, { engine: domain.screeningEngine, services: screening }, grounded);
  const parts: AdapterParts = {
    transcripts,
    domain,
    logger,
    mutex: new KeyedMutex(),
    screening,
    lock: (name, fn) => database.withLock(name, fn),
    metrics: options.metrics,
    tracing: options.tracing,
  };
  const prepare = (other: BotAdapter) => prepareAdapter(other, parts);
  prepare(adapter);

  const channels = new Map<string, BotAdapter>();

  return {
    adapter,
    bot,
    transcripts,
    transcriptStore: new SqlTranscriptStore(transcripts),
    stateStore,
    screening,
    prepare,
    registerChannel(channelId, channelAdapter) {
      prepare(channelAdapter);
      channels.set(channelId, channelAdapter);
    },
    async continueConversation(reference, logic) {
      const own = reference.channelId ? channels.get(reference.channelId) : undefined;
      if (own) await own.continueConversation(reference, logic);
      else await adapter.continueConversationAsync(botAuth?.appId ?? '', reference, logic);
    },
  };
}

export interface AdapterParts {
  transcripts: TranscriptRepository;
  domain: Domain;
  logger: Logger;
  mutex: KeyedMutex;
  screening: ScreeningServices;
  metrics?: Metrics;
  tracing?: Tracing;
  /** Serializes turns across instances (PostgreSQL); absent: within this process only. */
  lock?: CrossInstanceLock;
}

/**
 * Puts our middleware and error handling on any adapter (CloudAdapter here, TestAdapter in tests, the
 * channel adapters later). Order matters: one turn per conversation first, then the transcript.
 */
export function prepareAdapter(adapter: BotAdapter, parts: AdapterParts): void {
  const { transcripts, domain, logger, mutex, screening, metrics, tracing } = parts;
  if (metrics) adapter.use(new TurnMetrics(metrics, tracing, logger));
  adapter.use(new TurnSerializer(mutex, parts.lock));
  adapter.use(new TranscriptRecorder(transcripts));
  adapter.use(new HandoffMiddleware(screening.handoffs, (text) => matchesCommand(text, domain.flows.commands.menu)));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('turn failed', { channel: context.activity.channelId, activityType: context.activity.type, ...describeError(error) });
    const locale = getTurnInfo(context)?.locale ?? 'en';
    try {
      await context.sendActivity({ type: 'message', text: domain.texts.t(locale, 'error.apology'), locale: localeTag(locale) });
    } catch (sendError) {
      logger.error('apology could not be sent', describeError(sendError));
    }
  };
}
