import { type Kysely, sql } from 'kysely';
import type { FieldCipher } from '../crypto/FieldCipher';
import { openText, sealText } from '../crypto/sealing';
import type { Database } from './openDatabase';
import { decodePageToken, encodePageToken } from './pageToken';
import { parseJsonObject } from './parseJsonObject';
import type { DatabaseSchema } from './schema';
import { toIsoTimestamp } from './toIsoTimestamp';

export type Direction = 'in' | 'out';

export interface TranscriptRecord {
  channelId: string;
  conversationId: string;
  /** Unique within the conversation; a second append with the same id is recognised as a retry. */
  activityId: string;
  direction: Direction;
  /** ISO-8601; stored normalised to UTC. */
  timestamp: string;
  activity: object;
  /** The language the person chose, kept on the conversation when given. */
  locale?: string;
}

export interface AppendResult {
  seq: number;
  duplicate: boolean;
}

export interface LoggedActivity {
  seq: number;
  direction: Direction;
  activity: Record<string, unknown>;
}

export interface ListOptions {
  /** Only activities logged after this sequence number. */
  afterSeq?: number;
  /** Only activities whose timestamp is at or after this ISO-8601 date. */
  startDate?: string;
  limit?: number;
}

export interface ConversationSummary {
  channelId: string;
  id: string;
  /** ISO-8601 timestamp of the first logged activity. */
  created: string;
}

export interface ConversationPage {
  items: ConversationSummary[];
  /** Present only when more conversations follow; pass it back unchanged. */
  continuationToken?: string;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

/** The log of every activity in and out, in one global order, plus one row per conversation. */
export class TranscriptRepository {
  /** @param cipher seals each activity (it carries what the person wrote); the service always gives one. */
  constructor(
    private readonly database: Database,
    private readonly cipher?: FieldCipher,
  ) {}

  /** Logs the activity once; a retry with the same activity id returns the first sequence number. */
  async append(record: TranscriptRecord): Promise<AppendResult> {
    const timestamp = toIsoTimestamp(record.timestamp);
    const data = sealText(this.cipher, JSON.stringify(record.activity));
    return this.database.transaction(async (trx) => {
      // PostgreSQL hands out sequence numbers before commit: without this lock a reader could see seq 11 of a
      // conversation before seq 10 commits, move its watermark past 10 and never deliver it.
      if (this.database.engine === 'postgres') await lockConversationLog(trx, record.channelId, record.conversationId);
      const inserted = await trx
        .insertInto('activities')
        .values({
          channel_id: record.channelId,
          conversation_id: record.conversationId,
          activity_id: record.activityId,
          direction: record.direction,
          timestamp,
          data,
        })
        .onConflict((oc) => oc.columns(['channel_id', 'conversation_id', 'activity_id']).doNothing())
        .returning('seq')
        .executeTakeFirst();
      if (!inserted) return { seq: await findSeq(trx, record), duplicate: true };
      await upsertConversation(trx, record, timestamp, inserted.seq);
      return { seq: inserted.seq, duplicate: false };
    });
  }

  async list(channelId: string, conversationId: string, options: ListOptions = {}): Promise<LoggedActivity[]> {
    let query = this.database.db
      .selectFrom('activities')
      .select(['seq', 'direction', 'data'])
      .where('channel_id', '=', channelId)
      .where('conversation_id', '=', conversationId)
      .orderBy('seq', 'asc');
    if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
    if (options.startDate !== undefined) query = query.where('timestamp', '>=', toIsoTimestamp(options.startDate));
    if (options.limit !== undefined) query = query.limit(checkLimit(options.limit));
    const rows = await query.execute();
    return rows.map((row) => ({ seq: row.seq, direction: row.direction, activity: parseJsonObject(openText(this.cipher, row.data), `activity ${row.seq}`) }));
  }

  /** Newest first; equal creation times are ordered by id, so pages neither skip nor repeat. */
  async listConversations(channelId: string, options: { continuationToken?: string; limit?: number } = {}): Promise<ConversationPage> {
    const limit = Math.min(checkLimit(options.limit ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
    let query = this.database.db
      .selectFrom('conversations')
      .select(['conversation_id', 'created_at'])
      .where('channel_id', '=', channelId)
      .orderBy('created_at', 'desc')
      .orderBy('conversation_id', 'desc')
      .limit(limit + 1);
    if (options.continuationToken) {
      const after = decodePageToken(options.continuationToken);
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', after.created), eb.and([eb('created_at', '=', after.created), eb('conversation_id', '<', after.id)])]),
      );
    }
    const rows = await query.execute();
    const items = rows.slice(0, limit).map((row) => ({ channelId, id: row.conversation_id, created: row.created_at }));
    const last = items.at(-1);
    return rows.length > limit && last ? { items, continuationToken: encodePageToken({ created: last.created, id: last.id }) } : { items };
  }

  async deleteConversation(channelId: string, conversationId: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      await trx.deleteFrom('activities').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).execute();
      await trx.deleteFrom('conversations').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).execute();
    });
  }

  /** The sequence number of the conversation's latest activity, or 0 when nothing is logged. */
  async lastSeq(channelId: string, conversationId: string): Promise<number> {
    const row = await this.database.db
      .selectFrom('conversations')
      .select('last_seq')
      .where('channel_id', '=', channelId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    return row?.last_seq ?? 0;
  }
}

async function lockConversationLog(trx: Kysely<DatabaseSchema>, channelId: string, conversationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`camino:log:${channelId}/${conversationId}`}, 0))`.execute(trx);
}

async function findSeq(trx: Kysely<DatabaseSchema>, record: TranscriptRecord): Promise<number> {
  const row = await trx
    .selectFrom('activities')
    .select('seq')
    .where('channel_id', '=', record.channelId)
    .where('conversation_id', '=', record.conversationId)
    .where('activity_id', '=', record.activityId)
    .executeTakeFirstOrThrow();
  return row.seq;
}

async function upsertConversation(trx: Kysely<DatabaseSchema>, record: TranscriptRecord, createdAt: string, seq: number): Promise<void> {
  await trx
    .insertInto('conversations')
    .values({
      channel_id: record.channelId,
      conversation_id: record.conversationId,
      created_at: createdAt,
      updated_at: new Date().toISOString(),
      locale: record.locale ?? spokenLanguage(record) ?? null,
      last_seq: seq,
      last_step: stepShown(record) ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['channel_id', 'conversation_id']).doUpdateSet((eb) => ({
        updated_at: eb.ref('excluded.updated_at'),
        locale: eb.fn.coalesce('excluded.locale', 'conversations.locale'),
        last_step: eb.fn.coalesce('excluded.last_step', 'conversations.last_step'),
        // On PostgreSQL two appends can commit out of order; last_seq must never move backwards.
        last_seq: eb
          .case()
          .when('excluded.last_seq', '>', eb.ref('conversations.last_seq'))
          .then(eb.ref('excluded.last_seq'))
          .else(eb.ref('conversations.last_seq'))
          .end(),
      })),
    )
    .execute();
}

/**
 * The language the bot speaks with the person, from its replies' locale tags ("zh-CN" -> "zh"): what staff filter
 * conversations by. The person's own messages often carry no locale, or the browser's.
 */
function spokenLanguage(record: TranscriptRecord): string | undefined {
  const activity = record.activity as { type?: unknown; locale?: unknown };
  if (record.direction !== 'out' || activity.type !== 'message' || typeof activity.locale !== 'string') return undefined;
  const base = activity.locale.slice(0, 2).toLowerCase();
  return SPOKEN.has(base) ? base : undefined;
}

const SPOKEN = new Set(['en', 'es', 'zh']);

/** The text key of a bot reply (its first tag); staff messages and replies without tags leave the step as it was. */
function stepShown(record: TranscriptRecord): string | undefined {
  const activity = record.activity as { type?: unknown; channelData?: { camino?: { tags?: unknown; staff?: unknown } } };
  const camino = activity.channelData?.camino;
  if (record.direction !== 'out' || activity.type !== 'message' || camino?.staff === true || !Array.isArray(camino?.tags)) return undefined;
  const first: unknown = camino.tags[0];
  return typeof first === 'string' && first.length <= 200 ? first : undefined;
}

function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  return limit;
}
