import path from 'node:path';
import type { ChannelRegistration } from '../ChannelRegistration';
import { loadWhatsAppSettings } from './loadWhatsAppSettings';
import { WHATSAPP_WINDOW_MS, WhatsAppStore } from './WhatsAppStore';

export const WHATSAPP_CHANNEL = 'whatsapp';

/** Meta's limits for Cloud API messages (counted in code points): text, reply buttons and list messages. */
export const WHATSAPP_LIMITS = {
  text: 4096,
  buttons: 3,
  buttonTitle: 20,
  buttonBody: 1024,
  listRows: 10,
  rowTitle: 24,
  listBody: 4096,
  listButton: 20,
  sectionTitle: 24,
} as const;

/** WhatsApp Business Cloud API: reply buttons, list messages, WhatsApp's own markdown, typing indicator. */
export const whatsappChannel: ChannelRegistration = {
  id: WHATSAPP_CHANNEL,
  selfHosted: true,
  capabilities: {
    buttons: { max: WHATSAPP_LIMITS.buttons, titleMax: WHATSAPP_LIMITS.buttonTitle },
    list: { rowsMax: WHATSAPP_LIMITS.listRows, titleMax: WHATSAPP_LIMITS.rowTitle },
    cards: false,
    markdown: 'whatsapp',
    maxText: { max: WHATSAPP_LIMITS.text, unit: 'codepoints' },
    typing: true,
    media: ['image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'other'],
  },
  // The conversation id is a keyed hash of the person's number; the number itself is sealed in whatsapp_people.
  personalTables: [
    { table: 'whatsapp_people', conversationColumn: 'conversation_id', touchedColumn: 'last_in_at' },
    { table: 'whatsapp_pending', conversationColumn: 'conversation_id', touchedColumn: 'created_at' },
    { table: 'whatsapp_messages', conversationColumn: 'conversation_id', touchedColumn: 'updated_at' },
  ],
  staffWindow: ({ database, cipher, contentRoot }) => {
    const store = new WhatsAppStore(database, cipher);
    const template = loadWhatsAppSettings(path.join(contentRoot, 'dialogs', 'whatsapp.yaml')).reengagementTemplate;
    return async (conversationId) => {
      const window = await store.windowOf(conversationId);
      return {
        channel: WHATSAPP_CHANNEL,
        hours: WHATSAPP_WINDOW_MS / 3_600_000,
        open: window.open,
        lastMessageAt: window.lastInAt,
        closesAt: window.closesAt,
        pending: await store.pendingCount(conversationId),
        maxText: { max: WHATSAPP_LIMITS.text, unit: 'codepoints' },
        reopenTemplate: { name: template?.name ?? null, sentAt: window.reengagedAt },
      };
    };
  },
};
