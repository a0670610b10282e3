import path from 'node:path';
import type { Domain } from '../app/loadDomain';
import { renderTimelineLine } from '../flow/renderCard';
import type { Capabilities } from '../flow/types';
import { LOCALES, type Card, type Locale } from './cardSchema';
import { findGlossaryViolations, findMissingExplanations, type Glossary, interfaceStringsOf, loadGlossary, shownTextOf } from './glossary';
import { phoneLineLimit, phoneLinesOf } from './measureOnPhone';
import { reviewStateOf, type ReviewState } from './reviewDue';

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  message: string;
}

export interface CardReport {
  id: string;
  locale: Locale;
  version: number;
  review: ReviewState;
  /** Lines the longest message of the card fills on a phone, and the most allowed. */
  phoneLines: number;
  phoneLimit: number;
  findings: Finding[];
}

export interface ContentReport {
  today: string;
  reviewEveryDays: number;
  cards: CardReport[];
  /** Problems outside the cards: interface strings using a ruled-out term. */
  interfaceFindings: Array<Finding & { where: string; locale: Locale }>;
  errors: number;
  warnings: number;
}

/** How WeChat shows a card: plain text, no buttons, choices as numbered lines (the longest form of a card). */
const PHONE_CAPS: Capabilities = { cards: false, typing: false, media: [] };
/** "What next?" and the navigation choices under a timeline's lines (earlier, next, menu, a person). */
const NAVIGATION_LINES = 5;

/**
 * Everything `npm run content:check` reports, per card and language: how old its facts are, sources without an
 * address or dated after the check, glossary variants, cards nothing leads to, and text too long for a phone.
 * Age is a warning (the office re-checks on its own schedule); the rest are errors.
 */
export function checkContent(domain: Domain, root: string): ContentReport {
  const localesDir = path.join(root, 'locales');
  const glossaries = Object.fromEntries(LOCALES.map((l) => [l, loadGlossary(localesDir, l)])) as Record<Locale, Glossary>;
  const reachable = reachableCards(domain);
  const cards: CardReport[] = [];
  for (const id of domain.content.ids) {
    for (const locale of LOCALES) cards.push(checkCard(domain, domain.content.get(id, locale), glossaries[locale], reachable));
  }
  const interfaceFindings = LOCALES.flatMap((locale) =>
    interfaceStringsOf(localesDir, locale).flatMap(({ where, text }) =>
      findGlossaryViolations(text, glossaries[locale]).map((v) => ({ severity: 'error' as const, where, locale, message: `uses "${v.found}" for ${v.idea}; the glossary term is "${v.use}"` })),
    ),
  );
  const all = [...cards.flatMap((c) => c.findings), ...interfaceFindings];
  return {
    today: domain.now().toISOString().slice(0, 10),
    reviewEveryDays: domain.settings.reviewEveryDays,
    cards,
    interfaceFindings,
    errors: all.filter((f) => f.severity === 'error').length,
    warnings: all.filter((f) => f.severity === 'warning').length,
  };
}

function checkCard(domain: Domain, card: Card, glossary: Glossary, reachable: Set<string>): CardReport {
  const { settings } = domain;
  const review = reviewStateOf(card.asOf, domain.now(), settings.reviewEveryDays);
  const findings: Finding[] = [];
  if (review.overdue) findings.push({ severity: 'warning', message: `facts checked ${review.ageDays} days ago, due ${review.dueOn}: check them against the fact sheet` });
  for (const [i, source] of card.sources.entries()) {
    if (!source.url) findings.push({ severity: 'warning', message: `source ${i + 1} (${source.publisher}, ${source.date}) has no URL` });
    if (source.date > card.asOf) findings.push({ severity: 'error', message: `source ${i + 1} is dated ${source.date}, after the card was checked (${card.asOf})` });
  }
  const shown = shownTextOf(card);
  for (const v of findGlossaryViolations(shown, glossary)) findings.push({ severity: 'error', message: `uses "${v.found}" for ${v.idea}; the glossary term is "${v.use}"` });
  for (const term of findMissingExplanations(shown, glossary)) findings.push({ severity: 'error', message: `uses "${term.use}" without explaining it ("${term.explain ?? ''}")` });
  if (!reachable.has(card.id)) findings.push({ severity: 'error', message: 'no topic, timeline or service step shows it, and none of its own questions finds it' });
  const phoneLines = longestOnPhone(domain, card);
  const phoneLimit = phoneLineLimit(settings.phone);
  if (phoneLines > phoneLimit) findings.push({ severity: 'error', message: `fills ${phoneLines} lines on a phone; at most ${phoneLimit} (${settings.phone.screens} screens) fit without scrolling twice` });
  return { id: card.id, locale: card.locale, version: card.version, review, phoneLines, phoneLimit, findings };
}

/**
 * Lines of the card's longest message as WeChat shows it: the card itself, and for a timeline each page and the
 * message under it that lists the page's lines as numbered choices with the navigation.
 */
function longestOnPhone(domain: Domain, card: Card): number {
  const { presenter, texts, settings } = domain;
  let longest = 0;
  for (let page = 0; page < presenter.pageCount(card); page += 1) {
    const text = presenter.message(card.id, card.locale, PHONE_CAPS, { page, asChecked: true }).text;
    longest = Math.max(longest, phoneLinesOf(text, settings.phone));
    const lines = (card.timeline ?? []).slice(page * settings.timelinePageSize, (page + 1) * settings.timelinePageSize);
    if (lines.length === 0) continue;
    const listed = lines.map((line, i) => `${i + 1}. ${renderTimelineLine(line, card.locale, texts)}`).join('\n');
    longest = Math.max(longest, phoneLinesOf(listed, settings.phone) + NAVIGATION_LINES);
  }
  return longest;
}

/**
 * Cards a person can reach: those in a topic, behind a timeline line or shown by a service step (contact,
 * emergency, the screening's referral), and those the retriever puts first for one of their own questions.
 */
function reachableCards(domain: Domain): Set<string> {
  const { flows, content, retriever, screening } = domain;
  const reachable = new Set<string>([...Object.values(flows.topics).flatMap((t) => t.cards), ...flows.serviceCards, flows.contactCard, flows.emergencyCard, screening.referralCard]);
  for (const card of content.cards) for (const line of card.timeline ?? []) reachable.add(line.card);
  for (const card of content.cards) {
    if (reachable.has(card.id)) continue;
    const found = card.questions.some((q) => {
      const result = retriever.search(q, { limit: 1 });
      return result.kind === 'confident' && result.matches[0]?.id === card.id;
    });
    if (found) reachable.add(card.id);
  }
  return reachable;
}
