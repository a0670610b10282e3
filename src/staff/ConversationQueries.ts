import { sql } from 'kysely';
import type { Database } from '../store/openDatabase';
import type { TranscriptRepository } from '../store/TranscriptRepository';
import { messageText } from './messageText';
import { staffDb, type StaffDb } from './staffTables';

export const OUTCOME_FILTERS = ['urgent', 'qualified', 'refer', 'none'] as const;
export const HANDOFF_FILTERS = ['waiting', 'staff', 'ended', 'none'] as const;

export interface ConversationFilters {
  channel?: string;
  locale?: string;
  /** ISO timestamps: created at or after `from`, before `to`. */
  from?: string;
  to?: string;
  outcome?: (typeof OUTCOME_FILTERS)[number];
  handoff?: (typeof HANDOFF_FILTERS)[number];
  /** Words to find in message text, case-insensitive. */
  q?: string;
}

export interface ConversationRow {
  channelId: string;
  conversationId: string;
  createdAt: string;
  updatedAt: string;
  locale: string | null;
  outcome: string | null;
  leadStatus: string | null;
  handoffState: string | null;
}

export interface Cursor {
  created: string;
  channel: string;
  id: string;
}

export interface ConversationListPage {
  items: ConversationRow[];
  /** Where the next page starts; absent at the end. */
  next?: Cursor;
  /** With a search: how many conversations were read for this page (a page stops after SEARCH_SCAN_LIMIT). */
  scanned?: number;
}

const BATCH = 100;
export const SEARCH_SCAN_LIMIT = 2000;

/**
 * The conversation list: newest first by (created_at, channel, id) with a keyset cursor, so page 500 costs what page 1
 * costs. A text search reads message text newest-first in batches, only until the page is full or the scan limit is hit.
 */
export class ConversationQueries {
  constructor(
    private readonly database: Database,
    /** The activity log as the service reads it (decrypting what is sealed at rest). */
    private readonly transcripts: TranscriptRepository,
  ) {}

  async list(filters: ConversationFilters, limit: number, cursor?: Cursor): Promise<ConversationListPage> {
    if (!filters.q) {
      const rows = await this.batch(filters, limit + 1, cursor);
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return rows.length > limit && last ? { items, next: cursorOf(last) } : { items };
    }
    const needle = filters.q.toLowerCase();
    const items: ConversationRow[] = [];
    let scanned = 0;
    let position = cursor;
    for (;;) {
      const rows = await this.batch(filters, BATCH, position);
      for (const row of rows) {
        scanned += 1;
        position = cursorOf(row);
        if (await this.containsText(row, needle)) items.push(row);
        if (items.length === limit || scanned >= SEARCH_SCAN_LIMIT) return { items, next: position, scanned };
      }
      if (rows.length < BATCH) return { items, scanned };
    }
  }

  private async containsText(row: ConversationRow, needle: string): Promise<boolean> {
    const activities = await this.transcripts.list(row.channelId, row.conversationId);
    return activities.some((a) => messageText(a.activity).toLowerCase().includes(needle));
  }

  private async batch(filters: ConversationFilters, limit: number, cursor?: Cursor): Promise<ConversationRow[]> {
    const db: StaffDb = staffDb(this.database.db);
    let query = db
      .selectFrom('conversations as c')
      .leftJoin('handoffs as h', (join) => join.onRef('h.channel_id', '=', 'c.channel_id').onRef('h.conversation_id', '=', 'c.conversation_id'))
      .select(['c.channel_id', 'c.conversation_id', 'c.created_at', 'c.updated_at', 'c.locale', 'h.state'])
      .select((eb) => [
        eb.selectFrom('leads as l').select('l.outcome').whereRef('l.channel_id', '=', 'c.channel_id').whereRef('l.conversation_id', '=', 'c.conversation_id').orderBy('l.created_at', 'desc').limit(1).as('outcome'),
        eb.selectFrom('leads as l').select('l.status').whereRef('l.channel_id', '=', 'c.channel_id').whereRef('l.conversation_id', '=', 'c.conversation_id').orderBy('l.created_at', 'desc').limit(1).as('status'),
      ])
      .orderBy('c.created_at', 'desc')
      .orderBy('c.channel_id', 'desc')
      .orderBy('c.conversation_id', 'desc')
      .limit(limit);
    if (filters.channel) query = query.where('c.channel_id', '=', filters.channel);
    if (filters.locale) query = query.where('c.locale', '=', filters.locale);
    if (filters.from) query = query.where('c.created_at', '>=', filters.from);
    if (filters.to) query = query.where('c.created_at', '<', filters.to);
    const outcome = filters.outcome;
    if (outcome) {
      query = query.where((eb) => {
        const leads = eb.selectFrom('leads as l').select(sql<number>`1`.as('one')).whereRef('l.channel_id', '=', 'c.channel_id').whereRef('l.conversation_id', '=', 'c.conversation_id');
        return outcome === 'none' ? eb.not(eb.exists(leads)) : eb.exists(leads.where('l.outcome', '=', outcome));
      });
    }
    // No handoff: NOT EXISTS, so PostgreSQL walks the newest-first index with an anti-join and stops at a full page,
    // where `h.state is null` on the left join made it hash-join and sort every conversation. A state: the joined row's.
    if (filters.handoff === 'none') {
      query = query.where((eb) => eb.not(eb.exists(eb.selectFrom('handoffs as hf').select(sql<number>`1`.as('one')).whereRef('hf.channel_id', '=', 'c.channel_id').whereRef('hf.conversation_id', '=', 'c.conversation_id'))));
    } else if (filters.handoff) query = query.where('h.state', '=', filters.handoff);
    if (cursor) {
      // The first bound repeats what the OR implies: on its own, neither engine turns the OR into a seek on the
      // newest-first index, and a deep page would read every newer row before its first one.
      query = query.where('c.created_at', '<=', cursor.created).where((eb) =>
        eb.or([
          eb('c.created_at', '<', cursor.created),
          eb.and([eb('c.created_at', '=', cursor.created), eb('c.channel_id', '<', cursor.channel)]),
          eb.and([eb('c.created_at', '=', cursor.created), eb('c.channel_id', '=', cursor.channel), eb('c.conversation_id', '<', cursor.id)]),
        ]),
      );
    }
    const rows = await query.execute();
    return rows.map((r) => ({
      channelId: r.channel_id,
      conversationId: r.conversation_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      locale: r.locale,
      outcome: r.outcome ?? null,
      leadStatus: r.status ?? null,
      handoffState: r.state ?? null,
    }));
  }
}

function cursorOf(row: ConversationRow): Cursor {
  return { created: row.createdAt, channel: row.channelId, id: row.conversationId };
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.created, cursor.channel, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'string')) return { created: value[0], channel: value[1], id: value[2] };
  } catch {
    // falls through to undefined
  }
  return undefined;
}
