import type { HandoffRecord, HandoffStore, ConversationKey } from './HandoffStore';
import type { LeadRepository } from './LeadRepository';

/** A lead id, or the conversation itself. */
export type HandoffTarget = { leadId: string } | ConversationKey;

export type StaffMessage = { kind: 'staff'; text: string } | { kind: 'ended' };

/**
 * Sends a message into a stored conversation. The bot edge implements it with the runtime's
 * continueConversation, so this module needs no SDK types.
 */
export type ProactiveDelivery = (handoff: HandoffRecord, locale: string, message: StaffMessage) => Promise<void>;

export class HandoffNotFoundError extends Error {
  constructor() {
    super('no handoff for that lead or conversation');
    this.name = 'HandoffNotFoundError';
  }
}

/**
 * What staff can do in a live handoff: write to the person (the bot goes quiet for that conversation) and end
 * the live chat (the bot takes over again). The person ends it too by writing "menu" (see the bot's middleware).
 */
export class HandoffService {
  constructor(
    private readonly store: HandoffStore,
    private readonly leads: LeadRepository,
    private readonly deliver: ProactiveDelivery,
  ) {}

  async sendStaffMessage(target: HandoffTarget, text: string): Promise<void> {
    const message = text.trim();
    if (!message) throw new Error('a staff message needs text');
    const handoff = await this.find(target);
    await this.store.setState(handoff, 'staff');
    const lead = await this.leads.get(handoff.leadId);
    if (lead?.status === 'new') await this.leads.setStatus(lead.id, 'contacted');
    await this.deliver(handoff, lead?.locale ?? 'en', { kind: 'staff', text: message });
  }

  async endStaffSession(target: HandoffTarget): Promise<void> {
    const handoff = await this.find(target);
    if (handoff.state !== 'staff') return;
    await this.store.setState(handoff, 'ended', 'staffEnded');
    const lead = await this.leads.get(handoff.leadId);
    await this.deliver(handoff, lead?.locale ?? 'en', { kind: 'ended' });
  }

  private async find(target: HandoffTarget): Promise<HandoffRecord> {
    const handoff = 'leadId' in target ? await this.store.findByLead(target.leadId) : await this.store.get(target);
    if (!handoff) throw new HandoffNotFoundError();
    return handoff;
  }
}
