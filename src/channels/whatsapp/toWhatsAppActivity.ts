import type { Activity } from 'botbuilder';
import { mediaChannelData } from '../../bot/mediaKind';
import type { MediaKind } from '../../flow/types';
import type { WhatsAppMessage } from './parseWhatsAppWebhook';
import { WHATSAPP_CHANNEL } from './whatsappChannel';
import type { WhatsAppIds } from './WhatsAppIds';

const MEDIA: Record<string, MediaKind> = {
  image: 'image',
  audio: 'audio',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
  contacts: 'contacts',
};

/** Message types that are no turn: a reaction to one of our messages, a system notice (the person changed number). */
const IGNORED = new Set(['reaction', 'system']);

/**
 * A WhatsApp message as the activity every channel gives the bot, or undefined when it starts no turn. The ids are
 * keyed hashes (never the number or Meta's id); the activity carries no locale, so the language is detected from
 * what the person writes, as on other channels: a Mexican or Guatemalan number decides nothing.
 */
export function toWhatsAppActivity(message: WhatsAppMessage, ids: WhatsAppIds, phoneNumberId: string): Partial<Activity> | undefined {
  if (IGNORED.has(message.type)) return undefined;
  const conversationId = ids.conversationOf(message.from);
  const base: Partial<Activity> = {
    id: ids.messageKey(message.id),
    timestamp: new Date(Number(message.timestamp) * 1000 || Date.now()),
    channelId: WHATSAPP_CHANNEL,
    serviceUrl: WHATSAPP_CHANNEL,
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: conversationId, name: '', role: 'user' },
    recipient: { id: phoneNumberId, name: '', role: 'bot' },
  };
  // Someone opening the chat for the first time from a link or ad: greet them.
  if (message.type === 'request_welcome') return { ...base, type: 'conversationUpdate', membersAdded: [{ id: conversationId, name: '' }] };
  if (message.type === 'text') return { ...base, type: 'message', text: message.text?.body ?? '' };
  if (message.type === 'interactive') {
    // Camino gives each button and row its title as id, so the tap reads as the words of the choice.
    const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
    if (reply) return { ...base, type: 'message', text: reply.id || reply.title };
  }
  // A quick-reply button of a template (the re-engagement message): what the button said.
  if (message.type === 'button' && message.button) return { ...base, type: 'message', text: message.button.text || (message.button.payload ?? '') };
  // Voice notes too: nothing transcribes them, so the person hears "please type", not "I could not make it out".
  const kind: MediaKind = MEDIA[message.type] ?? 'other';
  return { ...base, type: 'message', text: '', channelData: mediaChannelData(kind) };
}
