import type { FieldCipher } from '../crypto/FieldCipher';
import type { Capabilities } from '../flow/types';
import type { Database } from '../store/openDatabase';
import type { PersonalTable } from '../store/personalTables';

/** A channel's customer-service window as staff see it beside the reply box. */
export interface ServiceWindowView {
  channel: string;
  /** How long the window stays open after the person's last message. */
  hours: number;
  open: boolean;
  lastMessageAt: string | null;
  closesAt: string | null;
  /** Messages kept until the person writes again. */
  pending: number;
  /** Messages the channel takes within one window (WeChat: 5), and how many are left; absent: no such limit. */
  maxSends?: number;
  sendsLeft?: number;
  maxText?: { max: number; unit: 'codepoints' | 'bytes' };
  /** WhatsApp: the template that invites the person back once the window has closed (dialogs/whatsapp.yaml). */
  reopenTemplate?: { name: string | null; sentAt: string | null };
}

/** What a channel's staff view may read. */
export interface ChannelStores {
  database: Database;
  cipher: FieldCipher;
  /** The repository root (dialogs/, locales/). */
  contentRoot: string;
}

/**
 * One way in, declared once: the bot renders from its capabilities; the staff app lists, filters and labels
 * conversations by its id (label `channel.<id>` in locales/<lang>/staff.json); metrics count by it; erasure and
 * retention empty its personal tables; /api/messages refuses the ids Camino serves itself.
 */
export interface ChannelRegistration {
  id: string;
  /** Served by Camino's own route and adapter, never through the Bot Framework endpoint. */
  selfHosted: boolean;
  capabilities: Capabilities;
  personalTables: readonly PersonalTable[];
  /** Not offered in the staff app's filters (botbuilder's TestAdapter). */
  hidden?: boolean;
  /** Reads a conversation's service window for staff; absent: the channel has none (the website chat). */
  staffWindow?: (stores: ChannelStores) => (conversationId: string) => Promise<ServiceWindowView>;
}
