import type { Locale } from '../content/cardSchema';

/** Where a person is in the guided conversation; stored in conversation state, so it stays plain JSON. */
export type FlowNode =
  | { kind: 'menu' }
  | { kind: 'topic'; topic: string; index: number; page?: number }
  | { kind: 'topicEnd'; topic: string }
  | { kind: 'answer'; card: string; page?: number }
  | { kind: 'suggest'; cards: string[] }
  | { kind: 'notFound' }
  | { kind: 'contact'; reason: 'contact' | 'help' | 'urgent' }
  | { kind: 'language' }
  | { kind: 'safety'; resume: FlowNode | null }
  | { kind: 'confirmDelete'; resume: FlowNode };

export interface FlowState {
  node: FlowNode;
  /** Topics (and 'answers') whose policy notice was already shown in this conversation. */
  noticed: string[];
}

/** How a channel formats text beyond plain letters: CommonMark (Web Chat) or WhatsApp's own (`*bold*`, `_italic_`). */
export type MarkdownDialect = 'commonmark' | 'whatsapp';

/** What a person can send besides text; the bot answers each with "please type" unless the channel made text of it. */
export type MediaKind = 'image' | 'voice' | 'audio' | 'video' | 'document' | 'sticker' | 'location' | 'contacts' | 'other';

/**
 * What a channel can show, declared once in its registration (src/channels/channelRegistry.ts); the flow and the
 * bot render from it and never ask which channel they are on.
 */
export interface Capabilities {
  /** Reply buttons under a message: how many at most, and the longest title in characters. Absent: none. */
  buttons?: { max: number; titleMax: number };
  /** A picker opening a list (WhatsApp's list message), for choices that do not fit as buttons. Absent: none. */
  list?: { rowsMax: number; titleMax: number };
  /** Rich cards with images and buttons. No renderer uses them yet: content cards are text on every channel. */
  cards: boolean;
  /** Absent: plain text. When set the flow writes CommonMark, and the bot edge turns it into this dialect. */
  markdown?: MarkdownDialect;
  /** The longest text message and how the channel counts it; absent: no limit that matters. */
  maxText?: { max: number; unit: 'codepoints' | 'bytes' };
  /** The channel shows a typing indicator; without one, a slow answer is announced in words first. */
  typing: boolean;
  /** Media a person can send on this channel. */
  media: readonly MediaKind[];
}

export interface OutChoice {
  value: string;
  label: string;
}

/** A content card as it was shown: the transcript keeps this, so staff know exactly what a person read. */
export interface ShownCard {
  id: string;
  version: number;
  /** The day its facts were checked. */
  asOf: string;
}

/** One message to the user, in a channel-neutral form; the bot edge turns it into an activity. */
export interface OutMessage {
  text: string;
  choices?: OutChoice[];
  /** Names what the message is (an i18next key or `card:<id>`) so tests and staff tools can follow the flow. */
  tags: string[];
  /** The content cards the message shows, with their versions. */
  shown?: ShownCard[];
}

export interface FlowTurn {
  state: FlowState;
  messages: OutMessage[];
  /** Set when the person asked for another language; messages are already in it. */
  locale: Locale;
  localeChanged: boolean;
  /** The person asked for an attorney: the bot edge starts the screening (its messages come from there). */
  startScreening?: boolean;
  /** The person confirmed "delete my data": the bot edge deletes before sending the messages. */
  eraseData?: boolean;
}

/** A language model's answer that passed the guard rails (src/llm), as the flow shows it. */
export interface GroundedAnswer {
  text: string;
  /** The cards it rests on, at least one, all known. */
  cardIds: string[];
  needsAttorney: boolean;
}
