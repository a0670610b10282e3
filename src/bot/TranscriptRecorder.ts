import { randomUUID } from 'node:crypto';
import type { Activity, Middleware, ResourceResponse, TurnContext } from 'botbuilder';
import type { TranscriptRepository } from '../store/TranscriptRepository';

/**
 * Writes the person's activity before the turn runs and every reply as it is sent, so a turn that throws
 * still leaves the message, what was sent and the apology for staff to read. botbuilder's own
 * TranscriptLoggerMiddleware writes after the turn and drops the whole turn when the bot throws.
 */
export class TranscriptRecorder implements Middleware {
  constructor(private readonly transcripts: TranscriptRepository) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = context.activity;
    if (!incoming.id) incoming.id = randomUUID();
    if (!incoming.timestamp) incoming.timestamp = new Date();
    if (!isProactiveTrigger(incoming)) await this.record(incoming, 'in');

    context.onSendActivities(async (_ctx, activities, sendNext) => {
      for (const activity of activities) {
        activity.id ??= randomUUID();
        activity.timestamp ??= new Date();
      }
      let responses: ResourceResponse[] = [];
      let failed = true;
      try {
        responses = await sendNext();
        failed = false;
        return responses;
      } finally {
        for (const [i, activity] of activities.entries()) {
          if (EPHEMERAL_TYPES.has(activity.type ?? '')) continue;
          const channelData: unknown = activity.channelData;
          const sent: Partial<Activity> = {
            ...activity,
            id: responses[i]?.id || activity.id,
            channelData: failed ? { ...asRecord(channelData), caminoDeliveryFailed: true } : channelData,
          };
          await this.record(sent, 'out');
        }
      }
    });
    await next();
  }

  private async record(activity: Partial<Activity>, direction: 'in' | 'out'): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId || !activity.channelId || !activity.id) return;
    await this.transcripts.append({
      channelId: activity.channelId,
      conversationId,
      activityId: activity.id,
      direction,
      timestamp: toIso(activity.timestamp),
      activity: JSON.parse(JSON.stringify(activity)) as object,
    });
  }
}

/** Typing indicators and pauses are not part of what was said. */
const EPHEMERAL_TYPES = new Set(['typing', 'delay']);

/** The synthetic activity botbuilder builds to run a proactive turn; nobody sent it. */
function isProactiveTrigger(activity: Partial<Activity>): boolean {
  return activity.type === 'event' && activity.name === 'ContinueConversation';
}

function toIso(timestamp: Date | string | undefined): string {
  if (!timestamp) return new Date().toISOString();
  return typeof timestamp === 'string' ? new Date(timestamp).toISOString() : timestamp.toISOString();
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...(value as Record<string, unknown>) } : {};
}
