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

/** What the channel can show; the flow never asks which channel it is on. */
export interface Capabilities {
  buttons: boolean;
  markdown: boolean;
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
