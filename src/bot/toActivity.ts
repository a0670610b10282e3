import { ActionTypes, ActivityTypes, InputHints, type Activity } from 'botbuilder';
import type { Locale } from '../content/cardSchema';
import type { Capabilities, OutMessage } from '../flow/types';

const LOCALE_TAGS: Record<Locale, string> = { en: 'en-US', es: 'es-ES', zh: 'zh-CN' };

export function localeTag(locale: Locale): string {
  return LOCALE_TAGS[locale];
}

/**
 * One neutral message as a Bot Framework activity: choices become buttons where the channel has them and a
 * numbered list otherwise (the recogniser maps "2" back). The tags, and the cards shown with their versions, travel in
 * channelData for tests and for the staff's view of the transcript.
 */
export function toActivity(message: OutMessage, locale: Locale, caps: Capabilities): Partial<Activity> {
  const choices = message.choices ?? [];
  const numbered = !caps.buttons && choices.length > 0 ? `\n\n${choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n')}` : '';
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    text: message.text + numbered,
    textFormat: caps.markdown ? 'markdown' : 'plain',
    locale: localeTag(locale),
    inputHint: choices.length > 0 ? InputHints.ExpectingInput : InputHints.AcceptingInput,
    channelData: { camino: { tags: message.tags, choices: choices.map((c) => c.value), ...(message.shown ? { cards: message.shown } : {}) } },
  };
  if (caps.buttons && choices.length > 0) {
    activity.suggestedActions = {
      to: [],
      actions: choices.map((c) => ({ type: ActionTypes.ImBack, title: c.label, value: c.label })),
    };
  }
  return activity;
}
