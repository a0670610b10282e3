import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from '../util/parseWithSchema';
import type { Card, Locale } from './cardSchema';

/** A variant written as `/pattern/flags` is a regular expression; anything else is a word or phrase. */
const variantSchema = z.string().min(1).refine((v) => !v.startsWith('/') || toRegExp(v) !== undefined, 'not a valid /pattern/flags');

const termSchema = z.object({
  /** The legal idea, in English, so the three glossaries can be read side by side. */
  idea: z.string().min(1),
  /** The one term to use for it in this language. */
  use: z.string().min(1),
  /** Words a card using the term must also contain: the explanation given at its first use. */
  explain: z.string().min(1).optional(),
  /** Variants ruled out: other words for the same idea. */
  avoid: z.array(variantSchema).default([]),
  note: z.string().optional(),
});

export const glossarySchema = z.object({ terms: z.array(termSchema).min(1) });
export type Glossary = z.infer<typeof glossarySchema>;
export type GlossaryTerm = Glossary['terms'][number];

export interface GlossaryViolation {
  idea: string;
  use: string;
  found: string;
}

function toRegExp(variant: string): RegExp | undefined {
  const match = /^\/(.+)\/([a-z]*)$/.exec(variant);
  if (!match) return undefined;
  try {
    return new RegExp(match[1], match[2].includes('u') ? match[2] : `${match[2]}u`);
  } catch {
    return undefined;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A phrase in a Latin script matches as whole words, any case; one in Han characters matches anywhere. */
function matcherOf(variant: string): RegExp {
  const pattern = toRegExp(variant);
  if (pattern) return pattern;
  const body = escape(variant).replace(/\s+/g, '\\s+');
  return /\p{Script=Han}/u.test(variant) ? new RegExp(body, 'u') : new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Variants the glossary rules out that the text uses. */
export function findGlossaryViolations(text: string, glossary: Glossary): GlossaryViolation[] {
  const found: GlossaryViolation[] = [];
  for (const term of glossary.terms) {
    for (const variant of term.avoid) {
      const match = matcherOf(variant).exec(text);
      if (match) found.push({ idea: term.idea, use: term.use, found: match[0] });
    }
  }
  return found;
}

/** Terms a card uses without the explanation the glossary asks for at their first use. */
export function findMissingExplanations(text: string, glossary: Glossary): GlossaryTerm[] {
  return glossary.terms.filter((term) => term.explain !== undefined && matcherOf(term.use).test(text) && !matcherOf(term.explain).test(text));
}

/**
 * What a card shows people: its title, answer, longer text and timeline lines. Keywords and questions are left
 * out on purpose: they hold the words people type, variants included, so the retriever finds the card.
 */
export function shownTextOf(card: Card): string {
  return [card.title, card.short, card.body, ...(card.timeline ?? []).map((line) => line.text)].join('\n');
}

export function glossaryFile(localesDir: string, locale: Locale): string {
  return path.join(localesDir, locale, 'glossary.yaml');
}

export function loadGlossary(localesDir: string, locale: Locale): Glossary {
  return loadYamlFile(glossaryFile(localesDir, locale), glossarySchema);
}

/** Every string of one language's interface files (`locales/<lang>/*.json`), with its file and key. */
export function interfaceStringsOf(localesDir: string, locale: Locale): Array<{ where: string; text: string }> {
  const dir = path.join(localesDir, locale);
  const strings: Array<{ where: string; text: string }> = [];
  const walk = (value: unknown, where: string): void => {
    if (typeof value === 'string') strings.push({ where, text: value });
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) if (key !== '_meta') walk(inner, where.endsWith(':') ? `${where}${key}` : `${where}.${key}`);
    }
  };
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) walk(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), `${file}:`);
  return strings;
}
