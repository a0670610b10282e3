import type { FieldCipher } from '../crypto/FieldCipher';
import type { Answers } from '../screening/evaluateRules';
import type { ContactDetails, LeadDraft, LeadPatch } from '../screening/types';
import type { Database } from '../store/openDatabase';
import { handoffDb, type HandoffDb, type LeadEndReason, type LeadStatus, type LeadsTable, type NotificationEvent, type NotificationTarget } from './handoffTables';

export interface NewLead extends LeadDraft {
  channelId: string;
  conversationId: string;
}

export interface Lead extends NewLead {
  contact?: ContactDetails;
  status: LeadStatus;
  endReason?: LeadEndReason;
  firstContactAt?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Leads with their answers, summary and contact details sealed at rest. Every change staff should hear about
 * writes its notifications to the outbox in the same transaction: a crash after the commit loses nothing.
 */
export class LeadRepository {
  constructor(
    private readonly database: Database,
    private readonly cipher: FieldCipher,
    private readonly targets: readonly NotificationTarget[],
  ) {}

  async create(lead: NewLead): Promise<void> {
    const now = new Date().toISOString();
    await this.database.transaction(async (trx) => {
      const db = handoffDb(trx);
      await db
        .insertInto('leads')
        .values({
          id: lead.id,
          channel_id: lead.channelId,
          conversation_id: lead.conversationId,
          locale: lead.locale,
          outcome: lead.outcome,
          reasons: JSON.stringify(lead.reasons),
          office_id: lead.officeId,
          answers: this.cipher.encryptJson(lead.answers),
          summary: this.cipher.encrypt(lead.summary),
          contact: null,
          status: 'new',
          end_reason: null,
          first_contact_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.enqueue(db, lead.id, 'lead.created', now);
    });
  }

  /** A new office, contact details or a re-evaluated outcome; staff hear about contact details and outcomes. */
  async update(id: string, patch: LeadPatch): Promise<void> {
    const now = new Date().toISOString();
    const values: Partial<LeadsTable> = { updated_at: now };
    if (patch.officeId) values.office_id = patch.officeId;
    if (patch.contact) values.contact = this.cipher.encryptJson(patch.contact);
    if (patch.evaluation) {
      values.outcome = patch.evaluation.outcome;
      values.reasons = JSON.stringify(patch.evaluation.reasons);
    }
    if (patch.summary) values.summary = this.cipher.encrypt(patch.summary);
    await this.database.transaction(async (trx) => {
      const db = handoffDb(trx);
      const result = await db.updateTable('leads').set(values).where('id', '=', id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return;
      if (patch.contact || patch.evaluation) await this.enqueue(db, id, 'lead.updated', now);
    });
  }

  async get(id: string): Promise<Lead | undefined> {
    const row = await handoffDb(this.database.db).selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.toLead(row) : undefined;
  }

  async listForConversation(channelId: string, conversationId: string): Promise<Lead[]> {
    const rows = await handoffDb(this.database.db)
      .selectFrom('leads')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .execute();
    return rows.map((row) => this.toLead(row));
  }

  /** new -> contacted -> closed (with a reason); a closed lead stays closed (false). The first contact's time is kept. */
  async setStatus(id: string, status: LeadStatus, endReason?: LeadEndReason): Promise<boolean> {
    if (status === 'closed' && !endReason) throw new Error('closing a lead needs an end reason');
    const now = new Date().toISOString();
    const result = await handoffDb(this.database.db)
      .updateTable('leads')
      .set((eb) => ({
        status,
        end_reason: status === 'closed' ? (endReason ?? null) : null,
        updated_at: now,
        first_contact_at: status === 'contacted' ? eb.fn.coalesce('first_contact_at', eb.val(now)) : eb.ref('first_contact_at'),
      }))
      .where('id', '=', id)
      .where('status', '!=', 'closed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** "Delete my data": the conversation's leads, their pending notifications and its handoff. */
  async deleteConversation(channelId: string, conversationId: string): Promise<number> {
    return this.database.transaction(async (trx) => {
      const db = handoffDb(trx);
      const ids = (await db.selectFrom('leads').select('id').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).execute()).map((r) => r.id);
      if (ids.length > 0) await db.deleteFrom('outbox').where('lead_id', 'in', ids).execute();
      await db.deleteFrom('handoffs').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).execute();
      const result = await db.deleteFrom('leads').where('channel_id', '=', channelId).where('conversation_id', '=', conversationId).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  private async enqueue(db: HandoffDb, leadId: string, event: NotificationEvent, now: string): Promise<void> {
    if (this.targets.length === 0) return;
    await db
      .insertInto('outbox')
      .values(this.targets.map((target) => ({ lead_id: leadId, target, event, next_attempt_at: now, last_error: null, delivered_at: null, created_at: now })))
      .execute();
  }

  private toLead(row: LeadsTable): Lead {
    return {
      id: row.id,
      channelId: row.channel_id,
      conversationId: row.conversation_id,
      locale: row.locale === 'es' || row.locale === 'zh' ? row.locale : 'en',
      outcome: row.outcome,
      reasons: parseStringArray(row.reasons),
      officeId: row.office_id,
      answers: readAnswers(this.cipher.decryptJson(row.answers)),
      summary: this.cipher.decrypt(row.summary),
      contact: row.contact ? readContactDetails(this.cipher.decryptJson(row.contact)) : undefined,
      status: row.status,
      endReason: row.end_reason ?? undefined,
      firstContactAt: row.first_contact_at ?? undefined,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

function parseStringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringEntries(value: unknown): [string, string][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
}

function readAnswers(value: unknown): Answers {
  return Object.fromEntries(stringEntries(value));
}

const CONTACT_FIELDS = ['name', 'phone', 'email', 'wechat', 'bestTime'] as const;

function readContactDetails(value: unknown): ContactDetails {
  const entries = new Map(stringEntries(value));
  const contact: ContactDetails = {};
  for (const field of CONTACT_FIELDS) {
    const v = entries.get(field);
    if (v !== undefined) contact[field] = v;
  }
  return contact;
}
