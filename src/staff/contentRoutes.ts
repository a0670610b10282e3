import type { Request, Response, Server } from 'restify';
import type { Domain } from '../app/loadDomain';
import { LOCALES, type CardStatus, type Locale, type Source } from '../content/cardSchema';
import { reviewStateOf, utcDay } from '../content/reviewDue';
import type { Guard } from './http';

export interface ContentRouteDeps {
  server: Server;
  guard: Guard;
  domain: Domain;
}

interface CardInLanguage {
  title: string;
  version: number;
  asOf: string;
  status: CardStatus;
  sources: Source[];
  questions: string[];
}

export interface ContentRow {
  id: string;
  status: CardStatus;
  asOf: string;
  dueOn: string;
  daysToReview: number;
  overdue: boolean;
  /** The topics of the guided conversation that walk through it; empty when only questions reach it. */
  topics: string[];
  /** A card about the service (contact, emergency, privacy): no "out of date" line for people. */
  service: boolean;
  locales: Record<Locale, CardInLanguage>;
}

export interface ContentOverview {
  today: string;
  reviewEveryDays: number;
  overdue: number;
  cards: ContentRow[];
}

/** Every card in every language with its review state: overdue first (the longest overdue on top), then the soonest due. */
export function buildContentOverview(domain: Domain): ContentOverview {
  const { content, flows, settings } = domain;
  const now = domain.now();
  const rows = content.ids.map((id): ContentRow => {
    const english = content.get(id, 'en');
    const review = reviewStateOf(english.asOf, now, settings.reviewEveryDays);
    const locales = Object.fromEntries(
      LOCALES.map((locale) => {
        const card = content.get(id, locale);
        return [locale, { title: card.title, version: card.version, asOf: card.asOf, status: card.status, sources: card.sources, questions: card.questions }];
      }),
    ) as Record<Locale, CardInLanguage>;
    return {
      id,
      status: english.status,
      asOf: english.asOf,
      dueOn: review.dueOn,
      daysToReview: review.daysToReview,
      overdue: review.overdue,
      topics: Object.entries(flows.topics).filter(([, topic]) => topic.cards.includes(id)).map(([name]) => name),
      service: flows.serviceCards.includes(id),
      locales,
    };
  });
  rows.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.daysToReview - b.daysToReview || a.id.localeCompare(b.id));
  return { today: utcDay(now), reviewEveryDays: settings.reviewEveryDays, overdue: rows.filter((r) => r.overdue).length, cards: rows };
}

/** The staff Content page's data: every signed-in account may read it (it holds no one's personal data). */
export function mountContentRoutes(deps: ContentRouteDeps): void {
  const { server, guard, domain } = deps;
  server.get('/staff/api/content', async (req: Request, res: Response) => {
    const session = await guard(req, res, {});
    if (!session) return;
    res.send(200, buildContentOverview(domain));
  });
}
