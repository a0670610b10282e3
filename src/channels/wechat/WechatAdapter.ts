import { randomUUID } from 'node:crypto';
import { type Activity, ActivityTypes, type ResourceResponse, TurnContext } from 'botbuilder';
import { SelfHostedAdapter } from '../SelfHostedAdapter';
import { KeyedMutex } from '../../util/KeyedMutex';
import { describeError, type Logger } from '../../util/logger';
import { packForWechat, toWechatText } from './renderForWechat';
import type { WechatApi } from './WechatApi';
import type { WechatStore } from './WechatStore';

export const WECHAT_CHANNEL = 'wechat';

/** Errors for which WeChat will not take a customer-service message now: keep it for the next message. */
const KEEP_FOR_LATER = new Set([45015, 45047]);

/** Replies of one push: held for the passive answer until the budget runs out, then sent through the API. */
interface TurnBuffer {
  open: boolean;
  texts: string[];
}

const BUFFER = Symbol('camino.wechatBuffer');

export type PushOutcome = { kind: 'passive'; text: string } | { kind: 'success' };

/**
 * The bot's side of WeChat: a turn's replies become one passive reply when they are ready within the budget
 * (WeChat waits 5 s), otherwise they go out through the customer-service API, in order, once each.
 */
export class WechatAdapter extends SelfHostedAdapter {
  private readonly sending = new KeyedMutex();

  constructor(
    private readonly api: WechatApi,
    private readonly store: WechatStore,
    private readonly replyBudgetMs: number,
    private readonly logger: Logger,
  ) {
    super('WeChat');
  }

  /** Runs the turn for one push and says how to answer WeChat's HTTP request. */
  async handle(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<PushOutcome> {
    const openId = activity.from?.id ?? '';
    const buffer: TurnBuffer = { open: true, texts: [] };
    const context = new TurnContext(this, activity);
    context.turnState.set(BUFFER, buffer);
    const turn = this.runMiddleware(context, logic).catch((error: unknown) =>
      this.logger.error('wechat turn failed', { channel: WECHAT_CHANNEL, ...describeError(error) }),
    );
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      turn.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.replyBudgetMs))),
    ]);
    clearTimeout(timer);
    buffer.open = false;
    const pending = await this.store.takePending(openId);
    const parts = packForWechat([...pending, ...buffer.texts]);
    if (!inTime) {
      void this.deliver(openId, parts);
      return { kind: 'success' };
    }
    if (parts.length === 0) return { kind: 'success' };
    void this.deliver(openId, parts.slice(1));
    return { kind: 'passive', text: parts[0] };
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const buffer = context.turnState.get<TurnBuffer | undefined>(BUFFER);
    const openId = context.activity.from?.role === 'bot' ? (context.activity.recipient?.id ?? '') : (context.activity.from?.id ?? '');
    const texts = activities.filter((a) => a.type === ActivityTypes.Message && a.text).map((a) => toWechatText(a.text ?? ''));
    if (buffer?.open) buffer.texts.push(...texts);
    else await this.deliver(openId, packForWechat(texts));
    return activities.map((a) => ({ id: a.id ?? randomUUID() }));
  }

  /** Customer-service sends of one person go one at a time, in order; refused ones are kept, never lost. */
  private async deliver(openId: string, parts: string[]): Promise<void> {
    if (parts.length === 0 || !openId) return;
    await this.sending.run(openId, async () => {
      for (const [i, text] of parts.entries()) {
        let result;
        try {
          result = await this.api.sendText(openId, text);
        } catch (error) {
          this.logger.error('wechat send failed without an answer; not retried', describeError(error));
          return;
        }
        if (!result.ok && KEEP_FOR_LATER.has(result.code)) {
          for (const rest of parts.slice(i)) await this.store.keepPending(openId, rest, String(result.code));
          return;
        }
      }
    });
  }
}
