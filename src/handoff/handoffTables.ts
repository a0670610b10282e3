import type { Generated, Kysely } from 'kysely';
import type { DatabaseSchema, IsoTimestamp } from '../store/schema';

export const LEAD_STATUSES = ['new', 'contacted', 'closed'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Why a lead was closed: a closed set, so staff reports can count them. */
export const LEAD_END_REASONS = ['retained', 'referred', 'notReachable', 'declined', 'duplicate'] as const;
export type LeadEndReason = (typeof LEAD_END_REASONS)[number];

export type HandoffState = 'waiting' | 'staff' | 'ended';
export const HANDOFF_END_REASONS = ['staffEnded', 'userEnded'] as const;
export type HandoffEndReason = (typeof HANDOFF_END_REASONS)[number];

export type NotificationTarget = 'webhook' | 'email';
export type NotificationEvent = 'lead.created' | 'lead.updated';

export interface LeadsTable {
  id: string;
  channel_id: string;
  conversation_id: string;
  locale: string;
  outcome: 'urgent' | 'qualified' | 'refer';
  /** Reason codes as a JSON array. */
  reasons: string;
  office_id: string;
  /** Sealed (FieldCipher): the screening answers, the staff summary and the contact details. */
  answers: string;
  summary: string;
  contact: string | null;
  status: LeadStatus;
  end_reason: LeadEndReason | null;
  /** When staff first reached the person (a reply in the chat, or the lead marked contacted); set once. */
  first_contact_at: IsoTimestamp | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

/** A notification to deliver; written in the same transaction as the lead, so none is lost. */
export interface OutboxTable {
  id: Generated<number>;
  lead_id: string;
  target: NotificationTarget;
  event: NotificationEvent;
  attempts: Generated<number>;
  next_attempt_at: IsoTimestamp;
  last_error: string | null;
  delivered_at: IsoTimestamp | null;
  created_at: IsoTimestamp;
}

export interface HandoffsTable {
  channel_id: string;
  conversation_id: string;
  lead_id: string;
  /** Sealed conversation reference, for proactive staff messages. */
  reference: string;
  state: HandoffState;
  end_reason: HandoffEndReason | null;
  updated_at: IsoTimestamp;
}

export type HandoffTables = {
  leads: LeadsTable;
  outbox: OutboxTable;
  handoffs: HandoffsTable;
};

export type HandoffDb = Kysely<DatabaseSchema & HandoffTables>;

/** The shared database (or a transaction on it) with the tables of migration 0002_handoff known to Kysely. */
export function handoffDb(db: Kysely<DatabaseSchema>): HandoffDb {
  return db.withTables<HandoffTables>();
}
