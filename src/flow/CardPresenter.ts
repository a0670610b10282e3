import type { Card, Locale } from '../content/cardSchema';
import type { ContentSettings } from '../content/loadContentSettings';
import type { ContentLibrary } from '../content/loadCards';
import { reviewStateOf } from '../content/reviewDue';
import type { Translator } from '../i18n/createTranslator';
import { renderCard, renderOverdueLine, renderTimelineLine } from './renderCard';
import type { Capabilities, OutMessage, ShownCard } from './types';

export interface CardPresenterDeps {
  content: ContentLibrary;
  texts: Translator;
  settings: ContentSettings;
  /** The clock, passed in so tests (and the "100 days ahead" check) can move it. */
  now: () => Date;
  /** Cards about the service (contact, emergency, privacy): reviewed by staff, but no "out of date" line for people. */
  serviceCards: readonly string[];
}

export interface TimelineLineRef {
  /** The card the line opens. */
  card: string;
  /** Its place in the whole timeline. */
  index: number;
  /** Its number on this page, from 1: what a person types or taps. */
  n: number;
}

/** Shows content cards: the text, the "may be out of date" line when due, timeline pages, and what was shown. */
export class CardPresenter {
  constructor(private readonly deps: CardPresenterDeps) {}

  /** A policy card past its review day (service cards never show people the line). */
  isOverdue(card: Card): boolean {
    if (this.deps.serviceCards.includes(card.id)) return false;
    return reviewStateOf(card.asOf, this.deps.now(), this.deps.settings.reviewEveryDays).overdue;
  }

  /**
   * One card as a message; `page` picks the page of a timeline card. `asChecked` leaves out the review line whatever
   * the clock says (the content check measures a card as written).
   */
  message(id: string, locale: Locale, caps: Capabilities, options: { progress?: string; page?: number; asChecked?: boolean } = {}): OutMessage {
    const card = this.deps.content.get(id, locale);
    const timeline = card.timeline ? this.timelineFor(card, locale, caps, options.page ?? 0) : undefined;
    const overdue = !options.asChecked && this.isOverdue(card);
    return {
      text: renderCard(card, this.deps.texts, caps, { progress: options.progress, overdue, timeline }),
      tags: [`card:${id}`],
      shown: [shownCardOf(card)],
    };
  }

  /** The line a model's answer carries when a card it rests on is past its review day. */
  overdueLines(ids: readonly string[], locale: Locale, caps: Capabilities): string[] {
    return ids.map((id) => this.deps.content.get(id, locale)).filter((card) => this.isOverdue(card)).map((card) => renderOverdueLine(card, this.deps.texts, caps));
  }

  shownCard(id: string, locale: Locale): ShownCard {
    return shownCardOf(this.deps.content.get(id, locale));
  }

  pageCount(card: Card): number {
    return Math.max(1, Math.ceil((card.timeline?.length ?? 0) / this.deps.settings.timelinePageSize));
  }

  /** The lines of one page of a card's timeline, as references to the cards they open. */
  timelineLines(id: string, page: number): TimelineLineRef[] {
    const card = this.deps.content.get(id, 'en');
    const size = this.deps.settings.timelinePageSize;
    const start = this.clampPage(card, page) * size;
    return (card.timeline ?? []).slice(start, start + size).map((line, i) => ({ card: line.card, index: start + i, n: i + 1 }));
  }

  hasEarlierPage(id: string, page: number): boolean {
    const card = this.deps.content.get(id, 'en');
    return card.timeline !== undefined && this.clampPage(card, page) + 1 < this.pageCount(card);
  }

  /**
   * A timeline line as a button: its number, matching the numbered line in the text above it (Web Chat does not wrap
   * button labels, and a phone has room for a row of numbers, not for a column of sentences). On channels without
   * buttons the numbered choices are the whole lines.
   */
  lineLabel(line: TimelineLineRef, timelineCard: string, locale: Locale, whole: boolean): string {
    const entry = whole ? this.deps.content.get(timelineCard, locale).timeline?.[line.index] : undefined;
    return entry ? renderTimelineLine(entry, locale, this.deps.texts) : String(line.n);
  }

  private timelineFor(card: Card, locale: Locale, caps: Capabilities, page: number): { page: number; pages: number; lines: string[] } {
    const current = this.clampPage(card, page);
    const size = this.deps.settings.timelinePageSize;
    const lines = caps.buttons ? (card.timeline ?? []).slice(current * size, (current + 1) * size).map((line) => renderTimelineLine(line, locale, this.deps.texts)) : [];
    return { page: current, pages: this.pageCount(card), lines };
  }

  private clampPage(card: Card, page: number): number {
    return Math.min(Math.max(0, page), this.pageCount(card) - 1);
  }
}

export function shownCardOf(card: Card): ShownCard {
  return { id: card.id, version: card.version, asOf: card.asOf };
}
