import { randomUUID } from 'node:crypto';
import { type Activity, ActivityTypes, type ResourceResponse, TurnContext } from 'botbuilder';
import type { InFlight } from '../../server/InFlight';
import type { TranscriptRepository } from '../../store/TranscriptRepository';
import { KeyedMutex } from '../../util/KeyedMutex';
import { describeError, type Logger } from '../../util/logger';
import { SelfHostedAdapter } from '../SelfHostedAdapter';
import { packForWechat, toWechatText } from './renderForWechat';
import type { WechatApi } from './WechatApi';
import type { Metrics } from '../../metrics/Metrics';
import { OUTSIDE_WINDOW, OVER_QUOTA, type WechatStore } from './WechatStore';

export const WECHAT_CHANNEL = 'wechat';
/** Written to the conversation's transcript when a reply could not reach the person, so staff see it. */
export const UNDELIVERED_EVENT = 'camino/wechat-undelivered';
/** No answer from WeChat (a timeout): the message may have arrived, so it is never sent again. */
export const NO_ANSWER = -2;

/** Errors for which WeChat will not take a customer-service message now: keep it for the next message. */
const KEEP_FOR_LATER = new Set<number>([OUTSIDE_WINDOW, OVER_QUOTA]);

/** Replies of one push: held until the turn ends, for the passive answer or one customer-service batch. */
interface TurnBuffer {
  open: boolean;
  texts: string[];
}

const BUFFER = Symbol('camino.wechatBuffer');

/** How to answer WeChat's HTTP request; `rest` goes out through the customer-service API after the answer. */
export type PushOutcome = { kind: 'passive'; text: string; rest: string[] } | { kind: 'success' };

export interface WechatAdapterDeps {
  api: WechatApi;
  store: WechatStore;
  transcripts: TranscriptRepository;
  replyBudgetMs: number;
  /** Shutdown waits for sends still under way, as it does for turns. */
  inFlight: InFlight;
  logger: Logger;
  /** Counts passive and customer-service replies and their failures. */
  metrics?: Metrics;
}

/**
 * The bot's side of WeChat: a turn's replies become one passive reply when they are ready within the budget
 * (WeChat waits 5 s), otherwise they go out through the customer-service API once the turn ends, in order,
 * once each, inside WeChat's 48-hour window and quota; what WeChat would not take is kept for next time.
 */
export class WechatAdapter extends SelfHostedAdapter {
  private readonly sending = new KeyedMutex();

  constructor(private readonly deps: WechatAdapterDeps) {
    super('WeChat');
  }

  /** Runs the turn for one push and says how to answer WeChat's HTTP request. */
  async handle(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<PushOutcome> {
    const { store, replyBudgetMs, logger } = this.deps;
    const openId = activity.from?.id ?? '';
    if (activity.name !== 'wechat/unsubscribe') await store.openWindow(openId);
    const buffer: TurnBuffer = { open: true, texts: [] };
    const context = new TurnContext(this, activity);
    context.turnState.set(BUFFER, buffer);
    const finished = this.runMiddleware(context, logic).catch((error: unknown) =>
      logger.error('wechat turn failed', { channel: WECHAT_CHANNEL, ...describeError(error) }),
    );
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      finished.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), replyBudgetMs))),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      // What the turn already said ("one moment" before a slow model answer) is the passive reply; the rest follows.
      const early = packForWechat(buffer.texts.splice(0));
      this.sendLater(openId, finished.then(() => this.closeBuffer(openId, buffer)));
      if (early.length === 0) return { kind: 'success' };
      return { kind: 'passive', text: early[0], rest: early.slice(1) };
    }
    const parts = await this.closeBuffer(openId, buffer);
    if (parts.length === 0) return { kind: 'success' };
    this.deps.metrics?.wechatReply('passive', true);
    return { kind: 'passive', text: parts[0], rest: parts.slice(1) };
  }

  /** Customer-service sends after WeChat's request has been answered; failures are logged, never thrown. */
  sendLater(openId: string, parts: string[] | Promise<string[]>): void {
    void this.deps.inFlight.track(() =>
      Promise.resolve(parts)
        .then((texts) => this.deliver(openId, texts))
        .catch((error: unknown) => this.deps.logger.error('wechat delivery failed', describeError(error))),
    );
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const buffer = context.turnState.get<TurnBuffer | undefined>(BUFFER);
    const openId = context.activity.from?.role === 'bot' ? (context.activity.recipient?.id ?? '') : (context.activity.from?.id ?? '');
    const texts = activities.filter((a) => a.type === ActivityTypes.Message && a.text).map((a) => toWechatText(a.text ?? ''));
    if (buffer?.open) buffer.texts.push(...texts);
    else await this.deliver(openId, packForWechat(texts));
    return activities.map((a) => ({ id: a.id ?? randomUUID() }));
  }

  /** Replies kept from before come first, then this turn's, joined into as few WeChat texts as fit. */
  private async closeBuffer(openId: string, buffer: TurnBuffer): Promise<string[]> {
    buffer.open = false;
    const pending = await this.deps.store.takePending(openId);
    return packForWechat([...pending, ...buffer.texts]);
  }

  /** Customer-service sends of one person go one at a time, in order; refused ones are kept, never lost. */
  private async deliver(openId: string, parts: string[]): Promise<void> {
    if (parts.length === 0 || !openId) return;
    const { api, store, logger } = this.deps;
    await this.sending.run(openId, async () => {
      for (const [i, text] of parts.entries()) {
        const permit = await store.reserveSend(openId);
        let code = permit.ok ? 0 : permit.code;
        if (permit.ok) {
          try {
            const result = await api.sendText(openId, text);
            code = result.ok ? 0 : result.code;
          } catch (error) {
            logger.error('wechat send got no answer; not retried', describeError(error));
            code = NO_ANSWER;
          }
        }
        this.deps.metrics?.wechatReply('customer_service', code === 0);
        if (code === 0) continue;
        // A refused message is kept; one that failed otherwise is not sent again, but what follows it is kept.
        const kept = KEEP_FOR_LATER.has(code) ? parts.slice(i) : parts.slice(i + 1);
        for (const rest of kept) await store.keepPending(openId, rest, String(code));
        await this.recordUndelivered(openId, code, kept.length);
        return;
      }
    });
  }

  /** Staff read transcripts: a reply that did not reach the person is noted there, without its text. */
  private async recordUndelivered(openId: string, errcode: number, kept: number): Promise<void> {
    const id = randomUUID();
    const timestamp = new Date().toISOString();
    await this.deps.transcripts.append({
      channelId: WECHAT_CHANNEL,
      conversationId: openId,
      activityId: id,
      direction: 'out',
      timestamp,
      activity: { type: 'event', name: UNDELIVERED_EVENT, id, timestamp, channelId: WECHAT_CHANNEL, conversation: { id: openId }, value: { errcode, kept } },
    });
  }
}
