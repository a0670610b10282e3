import { parseWithSchema } from '../util/parseWithSchema';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { type Card, cardFrontMatterSchema, LOCALES, type Locale } from './cardSchema';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses one card file: YAML front matter, then the longer text as plain paragraphs. */
export function parseCardFile(file: string, locale: Locale): Card {
  const text = fs.readFileSync(file, 'utf8');
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new Error(`${file}: no front matter between --- lines`);
  const front = parseWithSchema(cardFrontMatterSchema, YAML.parse(match[1]), file);
  const expectedId = path.basename(file, '.md');
  if (front.id !== expectedId) throw new Error(`${file}: id "${front.id}" does not match the file name`);
  return { ...front, locale, body: match[2].trim() };
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
export function loadCards(localesDir: string): ContentLibrary {
  const cards: Card[] = [];
  for (const locale of LOCALES) {
    const dir = path.join(localesDir, locale, 'cards');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort() : [];
    for (const file of files) cards.push(parseCardFile(path.join(dir, file), locale));
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
    }
  }
  return problems;
}
