import { sql } from 'kysely';
import type { FieldCipher } from '../crypto/FieldCipher';
import type { LeadEndReason, LeadStatus } from '../handoff/handoffTables';
import type { Database } from '../store/openDatabase';
import { staffDb } from './staffTables';

export const QUEUE_FILTERS = ['open', 'new', 'contacted', 'closed'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export interface QueueItem {
  leadId: string;
  channelId: string;
  conversationId: string;
  locale: string;
  outcome: 'urgent' | 'qualified' | 'refer';
  status: LeadStatus;
  endReason: LeadEndReason | null;
  officeId: string;
  createdAt: string;
  firstContactAt: string | null;
  handoffState: string | null;
  assignee: { id: string; email: string } | null;
  notes: number;
}

export interface LeadNote {
  id: number;
  at: string;
  author: { id: string; email: string | null };
  text: string;
}

const OUTCOME_RANK = sql<number>`case l.outcome when 'urgent' then 0 when 'qualified' then 1 else 2 end`;
export const QUEUE_LIMIT = 500;

/**
 * The handoff queue: leads to call back, urgent first and then the longest waiting; who took each one, and the
 * notes staff keep on it (sealed at rest, like the lead itself).
 */
export class LeadQueue {
  constructor(
    private readonly database: Database,
    private readonly cipher: FieldCipher,
  ) {}

  async list(filter: QueueFilter, options: { assignedTo?: string } = {}): Promise<QueueItem[]> {
    let query = staffDb(this.database.db)
      .selectFrom('leads as l')
      .leftJoin('handoffs as h', 'h.lead_id', 'l.id')
      .leftJoin('lead_assignments as a', 'a.lead_id', 'l.id')
      .leftJoin('staff_accounts as s', 's.id', 'a.account_id')
      .select(['l.id', 'l.channel_id', 'l.conversation_id', 'l.locale', 'l.outcome', 'l.status', 'l.end_reason', 'l.office_id', 'l.created_at', 'l.first_contact_at', 'h.state', 'a.account_id', 's.email'])
      .select((eb) => eb.selectFrom('lead_notes as n').select((n) => n.fn.countAll<number>().as('c')).whereRef('n.lead_id', '=', 'l.id').as('notes'))
      .limit(QUEUE_LIMIT);
    query = filter === 'open' ? query.where('l.status', '!=', 'closed') : query.where('l.status', '=', filter);
    if (options.assignedTo) query = query.where('a.account_id', '=', options.assignedTo);
    // Closed leads read newest first; open ones urgent first, then whoever has waited longest.
    query = filter === 'closed' ? query.orderBy('l.updated_at', 'desc') : query.orderBy(OUTCOME_RANK).orderBy('l.created_at', 'asc');
    const rows = await query.orderBy('l.id').execute();
    return rows.map((r) => ({
      leadId: r.id,
      channelId: r.channel_id,
      conversationId: r.conversation_id,
      locale: r.locale,
      outcome: r.outcome,
      status: r.status,
      endReason: r.end_reason,
      officeId: r.office_id,
      createdAt: r.created_at,
      firstContactAt: r.first_contact_at,
      handoffState: r.state ?? null,
      assignee: r.account_id ? { id: r.account_id, email: r.email ?? '' } : null,
      notes: Number(r.notes ?? 0),
    }));
  }

  /** Takes the lead for `accountId` (null gives it back); false when there is no such lead. */
  async assign(leadId: string, accountId: string | null): Promise<boolean> {
    return this.database.transaction(async (trx) => {
      const db = staffDb(trx);
      const lead = await db.selectFrom('leads').select('id').where('id', '=', leadId).executeTakeFirst();
      if (!lead) return false;
      await db.deleteFrom('lead_assignments').where('lead_id', '=', leadId).execute();
      if (accountId) await db.insertInto('lead_assignments').values({ lead_id: leadId, account_id: accountId, assigned_at: new Date().toISOString() }).execute();
      return true;
    });
  }

  async assignee(leadId: string): Promise<{ id: string; email: string } | null> {
    const row = await staffDb(this.database.db)
      .selectFrom('lead_assignments as a')
      .leftJoin('staff_accounts as s', 's.id', 'a.account_id')
      .select(['a.account_id', 's.email'])
      .where('a.lead_id', '=', leadId)
      .executeTakeFirst();
    return row ? { id: row.account_id, email: row.email ?? '' } : null;
  }

  async addNote(leadId: string, accountId: string, text: string): Promise<number> {
    const row = await staffDb(this.database.db)
      .insertInto('lead_notes')
      .values({ lead_id: leadId, account_id: accountId, at: new Date().toISOString(), note: this.cipher.encrypt(text) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async notes(leadId: string): Promise<LeadNote[]> {
    const rows = await staffDb(this.database.db)
      .selectFrom('lead_notes as n')
      .leftJoin('staff_accounts as s', 's.id', 'n.account_id')
      .select(['n.id', 'n.at', 'n.account_id', 'n.note', 's.email'])
      .where('n.lead_id', '=', leadId)
      .orderBy('n.id')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), at: r.at, author: { id: r.account_id, email: r.email ?? null }, text: this.cipher.decrypt(r.note) }));
  }
}
