import type { Locale } from '../content/cardSchema';
import type { OutMessage } from '../flow/types';
import type { Answers, Evaluation } from './evaluateRules';

export type ContactField = 'reach' | 'name' | 'time';

/** Where a person is in the screening; stored in conversation state, so it stays plain JSON. */
export type ScreeningStep =
  | { kind: 'consent' }
  | { kind: 'question'; index: number }
  | { kind: 'office' }
  | { kind: 'pickOffice' }
  | { kind: 'contact'; field: ContactField };

/** Ways to reach the person; at least one of phone, email or wechat when any is given. */
export interface ContactDetails {
  name?: string;
  phone?: string;
  email?: string;
  wechat?: string;
  bestTime?: string;
}

export interface ScreeningState {
  leadId: string;
  channelId: string;
  step: ScreeningStep;
  answers: Answers;
  contact: ContactDetails;
  evaluation?: Evaluation;
  officeId?: string;
  wechatFirst?: boolean;
}

/** What the bot edge stores: the lead itself, without the channel and conversation it adds. */
export interface LeadDraft {
  id: string;
  locale: Locale;
  outcome: Evaluation['outcome'];
  reasons: string[];
  answers: Answers;
  officeId: string;
  summary: string;
}

export interface LeadPatch {
  officeId?: string;
  contact?: ContactDetails;
  evaluation?: Evaluation;
  summary?: string;
}

export type ScreeningEffect = { kind: 'storeLead'; lead: LeadDraft } | { kind: 'updateLead'; leadId: string; patch: LeadPatch };

/**
 * How a screening ended: `done` (the person saw an office), `declined` (no consent: contact card only),
 * `menu` (asked for the menu), `delete` (asked to delete their data).
 */
export type ScreeningEnd = 'done' | 'declined' | 'menu' | 'delete';

export interface ScreeningTurn {
  state: ScreeningState;
  messages: OutMessage[];
  locale: Locale;
  localeChanged: boolean;
  effects: ScreeningEffect[];
  end?: ScreeningEnd;
}
