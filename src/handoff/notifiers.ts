import type { Transporter } from 'nodemailer';
import type { FirmProfile } from '../firm/loadFirmProfile';
import type { NotificationEvent } from './handoffTables';
import type { Lead } from './LeadRepository';
import { SIGNATURE_HEADER, signWebhookBody } from './signWebhook';

export interface Delivery {
  /** The outbox row: the same id on every retry, so a receiver can drop duplicates. */
  deliveryId: number;
  event: NotificationEvent;
  lead: Lead;
}

/** Sends one notification; throws when it was not accepted, and the outbox tries again later. */
export interface Notifier {
  deliver(delivery: Delivery): Promise<void>;
}

/** The JSON staff systems receive: the lead as staff need it, with an explicit urgent flag. */
export function buildLeadPayload({ deliveryId, event, lead }: Delivery): Record<string, unknown> {
  return {
    event,
    deliveryId,
    lead: {
      id: lead.id,
      outcome: lead.outcome,
      urgent: lead.outcome === 'urgent',
      reasons: lead.reasons,
      officeId: lead.officeId,
      language: lead.locale,
      channel: lead.channelId,
      summary: lead.summary,
      contact: lead.contact ?? null,
      status: lead.status,
      createdAt: lead.createdAt,
      updatedAt: lead.updatedAt,
    },
  };
}

export class WebhookNotifier implements Notifier {
  constructor(private readonly options: { url: string; secret: string; timeoutMs?: number }) {}

  async deliver(delivery: Delivery): Promise<void> {
    const body = JSON.stringify(buildLeadPayload(delivery));
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhookBody(body, this.options.secret) },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}

export class EmailNotifier implements Notifier {
  constructor(
    private readonly transport: Transporter,
    private readonly options: { from: string; to: string[]; firm: FirmProfile },
  ) {}

  async deliver(delivery: Delivery): Promise<void> {
    const { lead } = delivery;
    const office = this.options.firm.offices.find((o) => o.id === lead.officeId)?.name.en ?? lead.officeId;
    const flag = lead.outcome === 'urgent' ? '[URGENT] ' : '';
    const what = delivery.event === 'lead.created' ? 'New lead' : 'Lead updated';
    const contact = lead.contact
      ? Object.entries(lead.contact).map(([field, value]) => `  ${field}: ${value}`)
      : ['  (no contact details left; see the transcript)'];
    const text = [
      `${flag}${what} (${lead.outcome}) for ${office}`,
      '',
      lead.summary,
      '',
      'Contact:',
      ...contact,
      '',
      `Lead ${lead.id} · conversation ${lead.channelId}/${lead.conversationId}`,
    ].join('\n');
    await this.transport.sendMail({
      from: this.options.from,
      to: this.options.to,
      subject: `${flag}${what}: ${lead.outcome}, ${office}`,
      text,
      headers: { 'X-Camino-Lead': lead.id, ...(lead.outcome === 'urgent' ? { Importance: 'high', 'X-Priority': '1' } : {}) },
    });
  }
}
