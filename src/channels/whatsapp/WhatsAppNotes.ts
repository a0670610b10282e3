import { randomUUID } from 'node:crypto';
import type { TranscriptRepository } from '../../store/TranscriptRepository';
import { describeError, type Logger } from '../../util/logger';
import type { WhatsAppStatus } from './parseWhatsAppWebhook';
import { WHATSAPP_CHANNEL } from './whatsappChannel';
import type { WhatsAppIds } from './WhatsAppIds';
import type { WhatsAppStore } from './WhatsAppStore';

/** Written to the conversation's transcript when a message did not reach the person, so staff see it (code, never text). */
export const UNDELIVERED_EVENT = 'camino/whatsapp-undelivered';

export interface Undelivered {
  /** Meta's error code (-1: an HTTP error without one, -2: no answer). */
  code: number;
  /** Messages kept for the person's next message. */
  kept: number;
  /** Messages that will not be sent. */
  dropped: number;
}

/** What staff learn of WhatsApp's side: message statuses as Meta reports them, and notes in the transcript. */
export class WhatsAppNotes {
  constructor(
    private readonly deps: { store: WhatsAppStore; ids: WhatsAppIds; transcripts: TranscriptRepository; logger: Logger },
  ) {}

  /** A status webhook: recorded; a failure also goes into the transcript, once however often Meta repeats it. */
  async recordStatus(status: WhatsAppStatus): Promise<void> {
    const { store, ids, logger } = this.deps;
    if (status.status !== 'sent' && status.status !== 'delivered' && status.status !== 'read' && status.status !== 'failed') return;
    const key = ids.messageKey(status.id);
    const conversationId = status.recipient_id ? ids.conversationOf(status.recipient_id) : (await store.statusOf(key))?.conversationId;
    if (!conversationId) {
      logger.debug('whatsapp status for an unknown message', { status: status.status });
      return;
    }
    const code = status.errors?.[0]?.code ?? null;
    await store.recordStatus(key, conversationId, status.status, code);
    if (status.status === 'failed') await this.note(conversationId, { code: code ?? -1, kept: 0, dropped: 1 }, `failed-${key}`);
  }

  /** An undelivered note; a failure to write it is logged, never thrown into the turn. */
  async note(conversationId: string, value: Undelivered, activityId: string = randomUUID()): Promise<void> {
    const timestamp = new Date().toISOString();
    try {
      await this.deps.transcripts.append({
        channelId: WHATSAPP_CHANNEL,
        conversationId,
        activityId,
        direction: 'out',
        timestamp,
        activity: { type: 'event', name: UNDELIVERED_EVENT, id: activityId, timestamp, channelId: WHATSAPP_CHANNEL, conversation: { id: conversationId }, value: { ...value } },
      });
    } catch (error) {
      this.deps.logger.error('whatsapp undelivered note could not be written', describeError(error));
    }
  }
}
