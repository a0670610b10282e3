import { ActionTypes, ActivityTypes, InputHints, type Activity } from 'botbuilder';
import type { Locale } from '../content/cardSchema';
import type { Capabilities, OutChoice, OutMessage } from '../flow/types';
import { toDialect } from './markdownDialects';

const LOCALE_TAGS: Record<Locale, string> = { en: 'en-US', es: 'es-ES', zh: 'zh-CN' };

export function localeTag(locale: Locale): string {
  return LOCALE_TAGS[locale];
}

/** How a message's choices are shown on a channel. */
export type ChoiceStyle = 'buttons' | 'list' | 'numbered';

/** Buttons when they all fit the channel's buttons, else a list when they fit its list, else numbered lines. */
export function choiceStyleFor(choices: readonly OutChoice[], caps: Capabilities): ChoiceStyle {
  const longest = Math.max(0, ...choices.map((c) => [...c.label].length));
  if (caps.buttons && choices.length <= caps.buttons.max && longest <= caps.buttons.titleMax) return 'buttons';
  if (caps.list && choices.length <= caps.list.rowsMax && longest <= caps.list.titleMax) return 'list';
  return 'numbered';
}

/**
 * One neutral message as a Bot Framework activity: choices become buttons or a list where the channel has them and
 * fit, and a numbered list otherwise (the recogniser maps "2" back). Text is in the channel's markdown dialect.
 * The tags, and the cards shown with their versions, travel in channelData for tests and for the staff's view of the
 * transcript; `choiceStyle: 'list'` tells the channel to use its list.
 */
export function toActivity(message: OutMessage, locale: Locale, caps: Capabilities): Partial<Activity> {
  const choices = message.choices ?? [];
  const style = choices.length > 0 ? choiceStyleFor(choices, caps) : undefined;
  const numbered = style === 'numbered' ? `\n\n${choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n')}` : '';
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    text: toDialect(message.text + numbered, caps.markdown),
    textFormat: caps.markdown === 'commonmark' ? 'markdown' : 'plain',
    locale: localeTag(locale),
    inputHint: choices.length > 0 ? InputHints.ExpectingInput : InputHints.AcceptingInput,
    channelData: { camino: { tags: message.tags, choices: choices.map((c) => c.value), ...(message.shown ? { cards: message.shown } : {}), ...(style === 'list' ? { choiceStyle: 'list' } : {}) } },
  };
  if (style === 'buttons' || style === 'list') {
    activity.suggestedActions = {
      to: [],
      actions: choices.map((c) => ({ type: ActionTypes.ImBack, title: c.label, value: c.label })),
    };
  }
  return activity;
}
