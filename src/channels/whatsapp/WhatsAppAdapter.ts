import { randomUUID } from 'node:crypto';
import { type Activity, ActivityTypes, type ResourceResponse, TurnContext } from 'botbuilder';
import type { Locale } from '../../content/cardSchema';
import type { Translator } from '../../i18n/createTranslator';
import { localeFromTag } from '../../language/detectLanguage';
import type { InFlight } from '../../server/InFlight';
import { KeyedMutex } from '../../util/KeyedMutex';
import type { Logger } from '../../util/logger';
import { SelfHostedAdapter } from '../SelfHostedAdapter';
import type { ReengagementTemplate } from './loadWhatsAppSettings';
import { renderForWhatsApp, templateMessage } from './renderForWhatsApp';
import type { SendOutcome, WhatsAppApi } from './WhatsAppApi';
import type { WhatsAppIds } from './WhatsAppIds';
import type { WhatsAppNotes } from './WhatsAppNotes';
import type { KeptMessage, WhatsAppStore } from './WhatsAppStore';

/** Meta's code for "more than 24 hours since the person's last message". */
export const OUTSIDE_WINDOW = 131047;

/**
 * Where one turn's (or one staff message's) replies go, and what became of those that did not arrive. Once a
 * message is kept, everything after it in the same turn is kept behind it (order is never broken); once WhatsApp
 * says the person cannot receive messages, the rest is not tried.
 */
interface Delivery {
  phone?: string;
  /** Meta's id of the person's message: only for the read receipt and typing indicator, never stored. */
  wamid?: string;
  blocked?: 'keep' | 'drop';
  /** The first refusal's code, for the note staff see. */
  code?: number;
  kept: number;
  dropped: number;
}

const TURN = Symbol('camino.whatsappTurn');

export interface WhatsAppAdapterDeps {
  api: WhatsAppApi;
  store: WhatsAppStore;
  ids: WhatsAppIds;
  /** Where what did not arrive is noted for staff. */
  notes: WhatsAppNotes;
  /** The list message's button and section words, in the person's language. */
  texts: Translator;
  /** Sent once per closed window when a message is kept (dialogs/whatsapp.yaml); absent: nothing is sent. */
  reengagement?: ReengagementTemplate;
  /** Shutdown waits for read receipts still under way, as it does for turns. */
  inFlight: InFlight;
  logger: Logger;
  /** Rate limits: how long to wait before the first retry (doubling), and how many tries in all. */
  retry?: { baseMs: number; attempts: number };
  /** The typing indicator goes up when a turn has not answered within this long. */
  typingAfterMs?: number;
}

export interface InboundMessage {
  activity: Partial<Activity>;
  /** The person's number, digits only: held in memory for this turn's replies, sealed at rest. */
  phone: string;
  /** Meta's id of the message: only for the read receipt, never stored. */
  wamid: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The bot's side of WhatsApp. A turn starts by marking the person's message read (and shows "typing…" when it takes
 * longer than a second); each reply goes out through the Graph API as it is made, in order, once. Inside the 24-hour
 * window everything is sent; outside it (or with an expired token, or rate-limited for too long) messages are kept,
 * sealed, and sent before the answer to the person's next message. Every message that did not arrive leaves a
 * `camino/whatsapp-undelivered` event in the transcript for staff.
 */
export class WhatsAppAdapter extends SelfHostedAdapter {
  private readonly sending = new KeyedMutex();

  constructor(private readonly deps: WhatsAppAdapterDeps) {
    super('WhatsApp');
  }

  /** Runs the turn of one message from the person; the webhook has been answered already. */
  async handle(inbound: InboundMessage, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const { store, api, inFlight } = this.deps;
    const conversationId = inbound.activity.conversation?.id ?? '';
    await store.recordInbound(conversationId, inbound.phone);
    void inFlight.track(() => api.markRead(inbound.wamid, false));
    const typing = setTimeout(() => void inFlight.track(() => api.markRead(inbound.wamid, true)), this.deps.typingAfterMs ?? 1000);
    const delivery: Delivery = { phone: inbound.phone, wamid: inbound.wamid, kept: 0, dropped: 0 };
    try {
      const kept = await store.takePending(conversationId);
      if (kept.unreadable > 0) this.deps.logger.error('whatsapp kept messages could not be opened and are dropped', { unreadable: kept.unreadable });
      if (kept.messages.length > 0) await this.deliver(conversationId, kept.messages, delivery, undefined, false);
      const context = new TurnContext(this, inbound.activity);
      context.turnState.set(TURN, delivery);
      await this.runMiddleware(context, logic);
    } finally {
      clearTimeout(typing);
      await this.noteUndelivered(conversationId, delivery);
    }
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const turn = context.turnState.get<Delivery | undefined>(TURN);
    const conversationId = context.activity.conversation?.id ?? '';
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Typing) {
        if (turn?.wamid) await this.deps.api.markRead(turn.wamid, true);
      } else if (activity.type === ActivityTypes.Message) {
        const locale = localeFromTag(activity.locale) ?? 'en';
        const words = { button: this.deps.texts.t(locale, 'whatsapp:list.button'), section: this.deps.texts.t(locale, 'whatsapp:list.section') };
        // A message sent outside a turn (a staff reply) is one delivery of its own, noted on its own.
        const delivery = turn ?? { kept: 0, dropped: 0 };
        const key = await this.deliver(conversationId, renderForWhatsApp(activity, words), delivery, locale, true);
        if (!turn) await this.noteUndelivered(conversationId, delivery);
        responses.push({ id: key ?? activity.id ?? randomUUID() });
        continue;
      }
      responses.push({ id: activity.id ?? randomUUID() });
    }
    return responses;
  }

  /**
   * Sends one bot message's parts to the person, one conversation at a time and in order; returns the stored key of
   * the last part sent. Never throws for WhatsApp's refusals: what was not sent is kept for the person's next message
   * or counted as dropped in `delivery`. `fresh`: these messages were not kept before (only fresh ones are counted).
   */
  private async deliver(conversationId: string, messages: KeptMessage[], delivery: Delivery, locale: Locale | undefined, fresh: boolean): Promise<string | undefined> {
    if (messages.length === 0 || !conversationId) return undefined;
    const { store } = this.deps;
    return this.sending.run(conversationId, async () => {
      if (delivery.blocked) return this.sendAll(conversationId, '', messages, delivery, locale, fresh);
      const phone = delivery.phone ?? (await store.phoneOf(conversationId));
      // Nobody to write to: the person never wrote, or asked for their data to be deleted.
      if (!phone) return void this.drop(delivery, messages.length, OUTSIDE_WINDOW);
      if (!delivery.phone) {
        // Outside a turn (a staff reply) the window decides before WhatsApp is called, and what was kept goes first.
        if (!(await store.windowOf(conversationId)).open) {
          await this.keep(conversationId, messages, OUTSIDE_WINDOW, delivery, fresh);
          await this.reengage(conversationId, phone, locale);
          return undefined;
        }
        const earlier = await store.takePending(conversationId);
        if (earlier.messages.length > 0) await this.sendAll(conversationId, phone, earlier.messages, delivery, locale, false);
      }
      return this.sendAll(conversationId, phone, messages, delivery, locale, fresh);
    });
  }

  /** The sends themselves, in order; after a refusal the rest is kept behind it (or dropped, for the undeliverable). */
  private async sendAll(conversationId: string, phone: string, messages: KeptMessage[], delivery: Delivery, locale: Locale | undefined, fresh: boolean): Promise<string | undefined> {
    if (delivery.blocked === 'drop') return void this.drop(delivery, messages.length, delivery.code ?? -1);
    if (delivery.blocked === 'keep') return void (await this.keep(conversationId, messages, delivery.code ?? -1, delivery, fresh));
    let last: string | undefined;
    for (const [i, message] of messages.entries()) {
      const outcome = await this.sendWithRetry(phone, message);
      if (outcome.ok) {
        last = this.deps.ids.messageKey(outcome.wamid);
        await this.deps.store.recordStatus(last, conversationId, 'accepted', null);
        continue;
      }
      const rest = messages.slice(i);
      if (outcome.failure === 'failed') {
        this.drop(delivery, 1, outcome.code);
        continue;
      }
      if (outcome.failure === 'undeliverable') {
        this.drop(delivery, rest.length, outcome.code);
        delivery.blocked = 'drop';
      } else if (outcome.failure === 'noAnswer') {
        // It may have arrived: never sent again. What follows waits behind it for the person's next message.
        this.drop(delivery, 1, outcome.code);
        await this.keep(conversationId, rest.slice(1), outcome.code, delivery, fresh);
      } else {
        await this.keep(conversationId, rest, outcome.code, delivery, fresh);
        if (outcome.failure === 'outsideWindow') await this.reengage(conversationId, phone, locale);
      }
      return last;
    }
    return last;
  }

  private async keep(conversationId: string, messages: KeptMessage[], code: number, delivery: Delivery, fresh: boolean): Promise<void> {
    await this.deps.store.keepPending(conversationId, messages, String(code));
    delivery.blocked = 'keep';
    delivery.code ??= code;
    if (fresh) delivery.kept += messages.length;
  }

  private drop(delivery: Delivery, count: number, code: number): void {
    delivery.code ??= code;
    delivery.dropped += count;
  }

  /** Rate limits and a service that is briefly unavailable are waited out, doubling the pause; the order is kept. */
  private async sendWithRetry(phone: string, message: KeptMessage): Promise<SendOutcome> {
    const { baseMs, attempts } = this.deps.retry ?? { baseMs: 1000, attempts: 5 };
    let outcome = await this.deps.api.send(phone, message);
    for (let attempt = 1; attempt < attempts && !outcome.ok && outcome.failure === 'rateLimited'; attempt += 1) {
      await sleep(baseMs * 2 ** (attempt - 1));
      outcome = await this.deps.api.send(phone, message);
    }
    return outcome;
  }

  /** Outside the window, the configured template invites the person back, once per closed window. */
  private async reengage(conversationId: string, phone: string, locale: Locale | undefined): Promise<void> {
    const template = this.deps.reengagement;
    if (!template || !(await this.deps.store.claimReengagement(conversationId))) return;
    const outcome = await this.deps.api.send(phone, templateMessage(template.name, template.languages[locale ?? 'en']));
    if (outcome.ok) {
      await this.deps.store.recordStatus(this.deps.ids.messageKey(outcome.wamid), conversationId, 'accepted', null);
      this.deps.logger.info('whatsapp re-engagement template sent', { template: template.name });
    } else {
      this.deps.logger.warn('whatsapp re-engagement template refused', { template: template.name, code: outcome.code });
    }
  }

  /** One note per turn (or staff message) that did not fully arrive: the first refusal's code and the counts. */
  private async noteUndelivered(conversationId: string, delivery: Delivery): Promise<void> {
    if (delivery.kept + delivery.dropped === 0) return;
    await this.deps.notes.note(conversationId, { code: delivery.code ?? -1, kept: delivery.kept, dropped: delivery.dropped });
  }
}
