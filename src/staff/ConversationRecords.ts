import type { Domain } from '../app/loadDomain';
import { findChannel } from '../channels/channelRegistry';
import type { ServiceWindowView } from '../channels/ChannelRegistration';
import type { LeadNote, LeadQueue } from './LeadQueue';
import type { Lead, LeadRepository } from '../handoff/LeadRepository';
import type { Database } from '../store/openDatabase';
import type { TranscriptRepository } from '../store/TranscriptRepository';
import { eraseConversation } from '../handoff/eraseConversation';
import { describeActivity, shownCardsOf } from './messageText';
import type { ShownCard } from '../flow/types';
import { staffDb } from './staffTables';

export interface TranscriptEntry {
  seq: number;
  side: 'user' | 'bot';
  at: string;
  text: string;
  chosen?: string;
  cards: string[];
  buttons: string[];
  /** Written by staff through the handoff. */
  staff: boolean;
  /** The content cards the reply showed, with the version and check date, so staff know exactly what was said. */
  shownCards: ShownCard[];
}

/** A lead as staff work it: who took it and their notes. */
export interface WorkedLead extends Lead {
  assignee: { id: string; email: string } | null;
  notes: LeadNote[];
}

/** Reads a conversation's service window on its channel (from the channel's registration). */
export type WindowReader = (conversationId: string) => Promise<ServiceWindowView>;

export interface ConversationRecord {
  channelId: string;
  conversationId: string;
  locale: string | null;
  createdAt: string;
  /** The IANA zone timestamps are shown in: the lead's office, else the firm's first office with a zone. */
  timeZone: string;
  handoffState: string | null;
  entries: TranscriptEntry[];
  leads: WorkedLead[];
  /** Present on channels with a customer-service window (WeChat, WhatsApp): what a staff reply may do now. */
  window?: ServiceWindowView;
}

/** Reads a whole conversation for staff, and deletes one with everything kept about it. */
export class ConversationRecords {
  constructor(
    private readonly database: Database,
    private readonly transcripts: TranscriptRepository,
    private readonly leads: LeadRepository,
    private readonly domain: Domain,
    private readonly queue: LeadQueue,
    private readonly windows: ReadonlyMap<string, WindowReader>,
  ) {}

  /** The conversation's language and its messages as staff see them: what the translation needs, without the leads. */
  async transcript(channelId: string, conversationId: string): Promise<{ locale: string | null; createdAt: string; entries: TranscriptEntry[] } | undefined> {
    const row = await staffDb(this.database.db)
      .selectFrom('conversations')
      .select(['locale', 'created_at'])
      .where('channel_id', '=', channelId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    if (!row) return undefined;
    const entries = (await this.transcripts.list(channelId, conversationId))
      .filter((a) => a.activity.type === 'message')
      .map((a): TranscriptEntry => {
        const described = describeActivity(a.activity);
        const channelData = a.activity.channelData as { camino?: { staff?: unknown } } | undefined;
        return {
          seq: a.seq,
          side: a.direction === 'in' ? 'user' : 'bot',
          at: typeof a.activity.timestamp === 'string' ? a.activity.timestamp : '',
          ...described,
          staff: channelData?.camino?.staff === true,
          shownCards: shownCardsOf(a.activity),
        };
      });
    return { locale: row.locale, createdAt: row.created_at, entries };
  }

  async read(channelId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const transcript = await this.transcript(channelId, conversationId);
    if (!transcript) return undefined;
    const leads: WorkedLead[] = [];
    for (const lead of await this.leads.listForConversation(channelId, conversationId)) {
      leads.push({ ...lead, assignee: await this.queue.assignee(lead.id), notes: await this.queue.notes(lead.id) });
    }
    const handoff = await staffDb(this.database.db).selectFrom('handoffs').select('state').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).executeTakeFirst();
    const record: ConversationRecord = { channelId, conversationId, ...transcript, timeZone: this.timeZoneFor(leads.at(-1)?.officeId), handoffState: handoff?.state ?? null, leads };
    const window = this.windows.get(channelId);
    if (window) record.window = await window(conversationId);
    return record;
  }

  timeZoneFor(officeId: string | undefined): string {
    const offices = this.domain.firm.offices;
    return offices.find((o) => o.id === officeId)?.timeZone ?? offices.find((o) => o.timeZone)?.timeZone ?? 'UTC';
  }

  /** The transcript, leads (notes, assignment and notifications go with them), handoff, bot state and the people's saved state. */
  async delete(channelId: string, conversationId: string): Promise<boolean> {
    const db = staffDb(this.database.db);
    const exists = await db.selectFrom('conversations').select('conversation_id').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).executeTakeFirst();
    if (!exists) return false;
    const users = new Set<string>();
    for (const a of await this.transcripts.list(channelId, conversationId)) {
      const from = a.activity.from as { id?: unknown } | undefined;
      if (a.direction === 'in' && typeof from?.id === 'string') users.add(from.id);
    }
    const stateKeys = [`${channelId}/conversations/${conversationId}`, ...[...users].map((u) => `${channelId}/users/${u}`)];
    await eraseConversation(this.database, { channelId, conversationId, stateKeys }, { audit: false, personalTables: findChannel(channelId)?.personalTables ?? [] });
    return true;
  }
}
