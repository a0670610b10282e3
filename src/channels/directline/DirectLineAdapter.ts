import { randomUUID } from 'node:crypto';
import {
  type Activity,
  ActivityTypes,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { TranscriptRepository } from '../../store/TranscriptRepository';
import { SelfHostedAdapter } from '../SelfHostedAdapter';
import type { Logger } from '../../util/logger';
import { describeError } from '../../util/logger';
import type { ConversationNotifier } from './ConversationFeed';

export const DIRECTLINE_CHANNEL = 'webchat';
export const BOT_ACCOUNT = { id: 'camino', name: 'Camino', role: 'bot' };
const TYPING_AFTER_MS = 400;
const TYPING_EVERY_MS = 3000;

export function newActivityId(conversationId: string): string {
  return `${conversationId}|${randomUUID().slice(0, 13)}`;
}

/**
 * The bot's side of Camino's own Direct Line endpoint: replies go into the conversation's activity log (the
 * same log staff read as the transcript) and listeners are told; nothing is kept only in memory.
 */
export class DirectLineAdapter extends SelfHostedAdapter {
  constructor(
    private readonly transcripts: TranscriptRepository,
    private readonly feed: ConversationNotifier,
    private readonly logger: Logger,
  ) {
    super('Direct Line');
  }

  /** Runs one turn for an activity already stored in the log; typing is shown while it takes a while. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const conversationId = activity.conversation?.id ?? '';
    const typing = this.startTyping(conversationId);
    try {
      await this.runMiddleware(new TurnContext(this, activity), logic);
    } catch (error) {
      this.logger.error('direct line turn failed', { channel: DIRECTLINE_CHANNEL, ...describeError(error) });
    } finally {
      typing();
    }
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const conversationId = activity.conversation?.id ?? '';
      if (activity.type === ActivityTypes.Typing) {
        this.feed.publish(conversationId, { kind: 'ephemeral', activity: { ...activity, id: newActivityId(conversationId) } });
        responses.push({ id: '' });
        continue;
      }
      if (activity.type === 'delay') continue;
      const stored: Partial<Activity> = {
        ...activity,
        id: activity.id ?? newActivityId(conversationId),
        timestamp: new Date(),
        channelId: DIRECTLINE_CHANNEL,
        from: activity.from?.id ? activity.from : BOT_ACCOUNT,
      };
      await this.transcripts.append({
        channelId: DIRECTLINE_CHANNEL,
        conversationId,
        activityId: stored.id ?? '',
        direction: 'out',
        timestamp: new Date().toISOString(),
        activity: JSON.parse(JSON.stringify(stored)) as object,
      });
      activity.id = stored.id;
      activity.timestamp = stored.timestamp;
      this.feed.publish(conversationId);
      responses.push({ id: stored.id ?? '' });
    }
    return responses;
  }

  private startTyping(conversationId: string): () => void {
    const send = () =>
      this.feed.publish(conversationId, {
        kind: 'ephemeral',
        activity: { type: 'typing', id: newActivityId(conversationId), from: BOT_ACCOUNT, conversation: { id: conversationId }, channelId: DIRECTLINE_CHANNEL },
      });
    let interval: NodeJS.Timeout | undefined;
    const first = setTimeout(() => {
      send();
      interval = setInterval(send, TYPING_EVERY_MS);
    }, TYPING_AFTER_MS);
    return () => {
      clearTimeout(first);
      if (interval) clearInterval(interval);
    };
  }
}
