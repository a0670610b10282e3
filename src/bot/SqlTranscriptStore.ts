import { randomUUID } from 'node:crypto';
import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import type { TranscriptRepository } from '../store/TranscriptRepository';

const PAGE_SIZE = 100;

/** botbuilder's TranscriptStore over the shared activity log, for tools that speak that interface. */
export class SqlTranscriptStore implements TranscriptStore {
  constructor(private readonly transcripts: TranscriptRepository) {}

  async logActivity(activity: Activity): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId) throw new Error('activity has no conversation id');
    const timestamp = activity.timestamp ? new Date(activity.timestamp) : new Date();
    await this.transcripts.append({
      channelId: activity.channelId,
      conversationId,
      activityId: activity.id ?? randomUUID(),
      direction: activity.from?.role === 'bot' ? 'out' : 'in',
      timestamp: timestamp.toISOString(),
      activity: JSON.parse(JSON.stringify({ ...activity, timestamp })) as object,
    });
  }

  /** Pages by the log's sequence number; the token is the last sequence number of the page. */
  async getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string, startDate?: Date): Promise<PagedResult<Activity>> {
    const afterSeq = continuationToken ? Number.parseInt(continuationToken, 10) : undefined;
    if (afterSeq !== undefined && !Number.isSafeInteger(afterSeq)) throw new Error('invalid continuation token');
    const rows = await this.transcripts.list(channelId, conversationId, {
      afterSeq,
      startDate: startDate?.toISOString(),
      limit: PAGE_SIZE,
    });
    const items = rows.map((row) => row.activity as unknown as Activity);
    const last = rows[rows.length - 1];
    return { items, continuationToken: rows.length === PAGE_SIZE && last ? String(last.seq) : '' };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const page = await this.transcripts.listConversations(channelId, { continuationToken, limit: PAGE_SIZE });
    return {
      items: page.items.map((item) => ({ channelId: item.channelId, id: item.id, created: new Date(item.created) })),
      continuationToken: page.continuationToken ?? '',
    };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.transcripts.deleteConversation(channelId, conversationId);
  }
}
