import type { Locale } from '../content/cardSchema';
import { detectLanguage, localeFromTag } from '../language/detectLanguage';

export interface LocaleSignals {
  /** The language the person picked or asked for. */
  chosen?: Locale;
  /** `activity.locale` as the channel sent it (es-MX, zh-TW...). */
  channelLocale?: string;
  /** The language of the first message, remembered for the conversation. */
  detected?: Locale;
  /** This turn's text, used only when nothing above decided. */
  text?: string;
}

/** The order the product promises: the person's choice, the channel's locale, the first message, English. */
export function chooseLocale(signals: LocaleSignals): { locale: Locale; detected?: Locale } {
  if (signals.chosen) return { locale: signals.chosen };
  const fromChannel = localeFromTag(signals.channelLocale);
  if (fromChannel) return { locale: fromChannel };
  if (signals.detected) return { locale: signals.detected, detected: signals.detected };
  const fromText = signals.text ? detectLanguage(signals.text) : undefined;
  if (fromText) return { locale: fromText, detected: fromText };
  return { locale: 'en' };
}
