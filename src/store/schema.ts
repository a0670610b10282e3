import type { ColumnType, Generated } from 'kysely';

/**
 * Timestamps are ISO-8601 UTC text (`2023-05-11T23:59:00.000Z`) on every engine: they sort as text,
 * compare the same on SQLite and PostgreSQL, and need no driver-specific date parsing.
 */
export type IsoTimestamp = string;

export interface StateTable {
  key: string;
  etag: string;
  /** The item as JSON, without its eTag. */
  data: string;
  updated_at: IsoTimestamp;
}

export interface ConversationsTable {
  channel_id: string;
  conversation_id: string;
  /** The timestamp of the conversation's first logged activity. */
  created_at: ColumnType<IsoTimestamp, IsoTimestamp, never>;
  updated_at: IsoTimestamp;
  locale: string | null;
  last_seq: ColumnType<number, number | undefined, number>;
  /** The text key of the step the bot last showed (its reply's first tag): where people stop, for the dashboard. */
  last_step: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ActivitiesTable {
  /** The global order of everything logged; never reused. */
  seq: Generated<number>;
  channel_id: string;
  conversation_id: string;
  activity_id: string;
  direction: 'in' | 'out';
  timestamp: IsoTimestamp;
  /** The whole activity as JSON. */
  data: string;
}

/** WeChat pushes already taken (MsgId, or sender + CreateTime for events): a retried push runs no second turn. */
export interface WechatSeenTable {
  key: string;
  created_at: IsoTimestamp;
}

/** Replies WeChat would not take (outside the 48-hour window, over the quota): kept for the person's next message. */
export interface WechatPendingTable {
  id: Generated<number>;
  open_id: string;
  created_at: IsoTimestamp;
  /** WeChat's error code, for staff. */
  reason: string;
  text: string;
}

/** WeChat's customer-service window per follower: opened by their last message, at most 5 sends inside it. */
export interface WechatWindowTable {
  open_id: string;
  last_in_at: IsoTimestamp;
  sent: number;
}

/** Secrets of the WhatsApp bridge, sealed (FieldCipher): the key of the hashes that stand for numbers and message ids. */
export interface WhatsappKeysTable {
  name: string;
  value: string;
}

/** WhatsApp deliveries taken: a keyed hash of the message id (Meta's ids carry the number), so a retry runs no second turn. */
export interface WhatsappSeenTable {
  key: string;
  created_at: IsoTimestamp;
}

/** One row per person: the conversation id is a keyed hash of their number; the number itself is sealed. */
export interface WhatsappPeopleTable {
  conversation_id: string;
  phone: string;
  /** Their last message: it opens the 24-hour window in which free-form messages may be sent. */
  last_in_at: IsoTimestamp;
  /** When the re-engagement template was sent for the window that closed; cleared by their next message. */
  reengaged_at: IsoTimestamp | null;
}

/** Messages WhatsApp would not take now (outside the window, token expired, rate limited too long): sent with the next turn. */
export interface WhatsappPendingTable {
  id: Generated<number>;
  conversation_id: string;
  created_at: IsoTimestamp;
  /** The error code or reason, for staff. */
  reason: string;
  /** The message body for the Graph API, sealed JSON. */
  message: string;
}

/** Messages sent, by a keyed hash of their id: the last status WhatsApp reported. */
export interface WhatsappMessagesTable {
  message_key: string;
  conversation_id: string;
  status: 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
  error_code: number | null;
  updated_at: IsoTimestamp;
}

/** Who did what, when: staff actions and the service's own (retention purges, deletions on request). */
export interface AuditLogTable {
  id: Generated<number>;
  at: IsoTimestamp;
  /** A staff account id, or 'system' / 'person' for the service's own and the person's requests. */
  actor: string;
  action: string;
  target: string | null;
  /** JSON; never message text or contact details. */
  detail: string | null;
  /** The client address of a staff action; null for the service's own. */
  address: string | null;
}

/** Staff translations of a conversation's messages (the staff app's translation column). */
export interface TranslationCacheTable {
  /** SHA-256 of the conversation, source locale, target locale and text. */
  key: string;
  channel_id: string;
  conversation_id: string;
  from_locale: string;
  to_locale: string;
  /** Sealed (FieldCipher). */
  translation: string;
  created_at: IsoTimestamp;
}

export interface DatabaseSchema {
  translation_cache: TranslationCacheTable;
  audit_log: AuditLogTable;
  state: StateTable;
  conversations: ConversationsTable;
  activities: ActivitiesTable;
  wechat_seen: WechatSeenTable;
  wechat_pending: WechatPendingTable;
  wechat_window: WechatWindowTable;
  whatsapp_keys: WhatsappKeysTable;
  whatsapp_seen: WhatsappSeenTable;
  whatsapp_people: WhatsappPeopleTable;
  whatsapp_pending: WhatsappPendingTable;
  whatsapp_messages: WhatsappMessagesTable;
}
