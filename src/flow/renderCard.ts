import type { Card, Locale, TimelineEntry } from '../content/cardSchema';
import type { Translator } from '../i18n/createTranslator';
import type { Capabilities } from './types';

const DATE_LOCALES: Record<Locale, string> = { en: 'en-US', es: 'es-MX', zh: 'zh-CN' };

export function formatDate(isoDate: string, locale: Locale): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** A timeline date as short as a phone line needs: "Jun 25, 2026", "jun 2026", "2026年"; only what is known. */
export function formatTimelineDate(date: string, locale: Locale): string {
  const [year, month = '06', day = '15'] = date.split('-');
  const at = new Date(`${year}-${month}-${day}T12:00:00Z`);
  const parts: Intl.DateTimeFormatOptions =
    date.length === 10 ? { day: 'numeric', month: 'short', year: 'numeric' } : date.length === 7 ? { month: 'short', year: 'numeric' } : { year: 'numeric' };
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], { ...parts, timeZone: 'UTC' }).format(at);
}

/** One timeline line as people read it: its date, "reported" when the fact sheet has it only as reported, the line. */
export function renderTimelineLine(line: TimelineEntry, locale: Locale, texts: Translator): string {
  const said = line.reported ? texts.t(locale, 'card.timeline.reported', { text: line.text }) : line.text;
  return texts.t(locale, 'card.timeline.line', { date: formatTimelineDate(line.date, locale), text: said });
}

export function renderCardFooter(card: Card, texts: Translator, caps: Capabilities): string {
  const footer = texts.t(card.locale, 'card.footer', {
    date: formatDate(card.asOf, card.locale),
    status: texts.t(card.locale, `card.status.${card.status}`),
  });
  const sources = card.sources
    .map((s) => {
      const label = `${s.publisher}, ${formatTimelineDate(s.date, card.locale)}`;
      return caps.markdown && s.url ? `[${label}](${s.url})` : label;
    })
    .join('; ');
  const sourceLine = texts.t(card.locale, 'card.sources', { list: sources });
  return caps.markdown ? `_${footer}_  \n${sourceLine}` : `${footer}\n${sourceLine}`;
}

/** The line under a card past its review day, in the card's language. */
export function renderOverdueLine(card: Card, texts: Translator, caps: Capabilities): string {
  const line = texts.t(card.locale, 'card.overdue', { date: formatDate(card.asOf, card.locale) });
  return caps.markdown ? `**${line}**` : line;
}

export interface CardRenderOptions {
  /** "2/8": the card's place in its topic. */
  progress?: string;
  /** Past its review day: the "may be out of date" line goes under it. */
  overdue?: boolean;
  /**
   * A timeline card shows one page of lines. `lines` are written into the text, numbered (channels with buttons
   * tap the numbers); without buttons the numbered choices carry the lines instead and `lines` is empty.
   */
  timeline?: { page: number; pages: number; lines: string[] };
}

/** One card as one message: title, short answer, longer text, then its as-of date, status and sources. */
export function renderCard(card: Card, texts: Translator, caps: Capabilities, options: CardRenderOptions = {}): string {
  const heading = options.progress ? `${card.title} (${options.progress})` : card.title;
  const parts = [caps.markdown ? `**${heading}**` : heading];
  const timeline = options.timeline;
  const first = !timeline || timeline.page === 0;
  if (first) parts.push(card.short.trim());
  if (timeline) {
    if (timeline.page > 0) parts.push(texts.t(card.locale, 'card.timeline.page', { page: timeline.page + 1, pages: timeline.pages }));
    parts.push(texts.t(card.locale, caps.buttons ? 'card.timeline.tap' : 'card.timeline.reply'));
    if (timeline.lines.length > 0) parts.push(timeline.lines.map((line, i) => `${i + 1}. ${line}`).join('\n'));
  }
  if (first && card.body) parts.push(card.body);
  parts.push(renderCardFooter(card, texts, caps));
  if (options.overdue) parts.push(renderOverdueLine(card, texts, caps));
  return parts.join('\n\n');
}
