import type { Card, Locale } from '../content/cardSchema';
import type { Translator } from '../i18n/createTranslator';
import type { Capabilities } from './types';

const DATE_LOCALES: Record<Locale, string> = { en: 'en-US', es: 'es-MX', zh: 'zh-CN' };

export function formatDate(isoDate: string, locale: Locale): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function renderCardFooter(card: Card, texts: Translator, caps: Capabilities): string {
  const footer = texts.t(card.locale, 'card.footer', {
    date: formatDate(card.asOf, card.locale),
    status: texts.t(card.locale, `card.status.${card.status}`),
  });
  const sources = card.sources
    .map((s) => {
      const label = `${s.publisher}, ${formatDate(s.date, card.locale)}`;
      return caps.markdown && s.url ? `[${label}](${s.url})` : label;
    })
    .join('; ');
  const sourceLine = texts.t(card.locale, 'card.sources', { list: sources });
  return caps.markdown ? `_${footer}_  \n${sourceLine}` : `${footer}\n${sourceLine}`;
}

/** One card as one message: title, short answer, longer text, then its as-of date, status and sources. */
export function renderCard(card: Card, texts: Translator, caps: Capabilities, progress?: string): string {
  const heading = progress ? `${card.title} (${progress})` : card.title;
  const parts = [caps.markdown ? `**${heading}**` : heading, card.short.trim()];
  if (card.body) parts.push(card.body);
  parts.push(renderCardFooter(card, texts, caps));
  return parts.join('\n\n');
}
