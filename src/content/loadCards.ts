import { parseWithSchema } from '../util/parseWithSchema';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_RETENTION_DAYS } from '../config/defaults';
import { type Card, cardFrontMatterSchema, LOCALES, type Locale } from './cardSchema';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * Values a card's text may name as {{name}}: figures that belong to the operator's configuration rather than to
 * the wording (the privacy card says how long conversations are kept, as the consent text does).
 */
export interface CardValues {
  retentionDays: number;
}

export const DEFAULT_CARD_VALUES: CardValues = { retentionDays: DEFAULT_RETENTION_DAYS };

function fillPlaceholders(text: string, values: CardValues, file: string): string {
  const known: Record<string, string> = { retentionDays: String(values.retentionDays) };
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = known[name];
    if (value === undefined) throw new Error(`${file}: unknown placeholder {{${name}}} (known: ${Object.keys(known).join(', ')})`);
    return value;
  });
}

/** Parses one card file: YAML front matter, then the longer text as plain paragraphs. */
export function parseCardFile(file: string, locale: Locale, values: CardValues = DEFAULT_CARD_VALUES): Card {
  const text = fs.readFileSync(file, 'utf8');
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new Error(`${file}: no front matter between --- lines`);
  const front = parseWithSchema(cardFrontMatterSchema, YAML.parse(match[1]), file);
  const expectedId = path.basename(file, '.md');
  if (front.id !== expectedId) throw new Error(`${file}: id "${front.id}" does not match the file name`);
  const fill = (value: string) => fillPlaceholders(value, values, file);
  return {
    ...front,
    short: fill(front.short),
    timeline: front.timeline?.map((line) => ({ ...line, text: fill(line.text) })),
    locale,
    body: fill(match[2].trim()),
  };
}

export class ContentLibrary {
  private readonly byKey = new Map<string, Card>();

  constructor(readonly cards: readonly Card[]) {
    for (const card of cards) this.byKey.set(`${card.locale}:${card.id}`, card);
  }

  get ids(): string[] {
    return [...new Set(this.cards.filter((c) => c.locale === 'en').map((c) => c.id))];
  }

  has(id: string): boolean {
    return this.byKey.has(`en:${id}`);
  }

  /** The card in the user's language; every card exists in every language (checked when loading). */
  get(id: string, locale: Locale): Card {
    const card = this.byKey.get(`${locale}:${id}`);
    if (!card) throw new Error(`unknown content card ${locale}:${id}`);
    return card;
  }
}

/** Loads `locales/<lang>/cards/*.md`; refuses a card missing in a language or a translation older than English. */
export function loadCards(localesDir: string, values: CardValues = DEFAULT_CARD_VALUES): ContentLibrary {
  const cards: Card[] = [];
  for (const locale of LOCALES) {
    const dir = path.join(localesDir, locale, 'cards');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort() : [];
    for (const file of files) cards.push(parseCardFile(path.join(dir, file), locale, values));
  }
  const problems = checkCardParity(cards);
  if (problems.length > 0) throw new Error(`content cards are inconsistent:\n  ${problems.join('\n  ')}`);
  return new ContentLibrary(cards);
}

/** Every card in every language, translations not older than English, the same facts' metadata. */
export function checkCardParity(cards: readonly Card[]): string[] {
  const problems: string[] = [];
  const ids = new Set(cards.map((c) => c.id));
  for (const id of [...ids].sort()) {
    const english = cards.find((c) => c.id === id && c.locale === 'en');
    for (const locale of LOCALES) {
      const card = cards.find((c) => c.id === id && c.locale === locale);
      if (!card) {
        problems.push(`${id}: missing in ${locale}`);
        continue;
      }
      if (!english || card === english) continue;
      if (card.version < english.version) problems.push(`${id}: ${locale} is version ${card.version}, older than English ${english.version}`);
      if (card.asOf !== english.asOf) problems.push(`${id}: ${locale} asOf ${card.asOf} differs from English ${english.asOf}`);
      if (card.status !== english.status) problems.push(`${id}: ${locale} status ${card.status} differs from English ${english.status}`);
      problems.push(...checkTimelineParity(id, locale, card, english));
    }
    const timeline = english?.timeline ?? [];
    for (const [i, line] of timeline.entries()) {
      if (!ids.has(line.card)) problems.push(`${id}: timeline line ${i + 1} opens unknown card ${line.card}`);
      const previous = timeline[i - 1];
      if (previous && isLater(line.date, previous.date)) problems.push(`${id}: timeline line ${i + 1} (${line.date}) is newer than the line above it (${previous.date}); newest first`);
    }
  }
  return problems;
}

/** The translations of a timeline carry the same lines, in the same order, opening the same cards. */
function checkTimelineParity(id: string, locale: Locale, card: Card, english: Card): string[] {
  const ours = card.timeline ?? [];
  const theirs = english.timeline ?? [];
  if (ours.length !== theirs.length) return [`${id}: ${locale} timeline has ${ours.length} lines, English ${theirs.length}`];
  return ours.flatMap((line, i) => {
    const other = theirs[i];
    return line.date === other.date && line.card === other.card && line.reported === other.reported
      ? []
      : [`${id}: ${locale} timeline line ${i + 1} (${line.date}, ${line.card}${line.reported ? ', reported' : ''}) differs from English (${other.date}, ${other.card}${other.reported ? ', reported' : ''})`];
  });
}

/** Dates of different precision ("2026" and "2026-06-25") compare on what both say. */
function isLater(date: string, than: string): boolean {
  const length = Math.min(date.length, than.length);
  return date.slice(0, length) > than.slice(0, length);
}
