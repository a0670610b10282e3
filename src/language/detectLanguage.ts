import { LOCALES, type Locale } from '../content/cardSchema';
import type { Vocabulary } from '../recognize/loadVocabulary';
import { containsHan, foldText } from './foldText';
import { ENGLISH_WORDS, SPANISH_ENDINGS, SPANISH_LETTERS, SPANISH_WORDS } from './languageSignals';
import { buildLexicon, parsePhraseSequence } from './parsePhraseSequence';

const LOCALE_TAG = /^(en|es|zh)(?:[-_]|$)/i;
const MIN_ENDING_WORD = 6;

/** A BCP-47 tag from a channel or browser (es-MX, zh-Hant-TW, en_US) to one of our locales. */
export function localeFromTag(tag: string | undefined): Locale | undefined {
  const primary = tag === undefined ? undefined : LOCALE_TAG.exec(tag.trim())?.[1];
  return LOCALES.find((locale) => locale === primary?.toLowerCase());
}

/** The language a message is written in, from its script and frequent words; undefined when nothing tells. */
export function detectLanguage(text: string): Locale | undefined {
  if (containsHan(text)) return 'zh';
  let spanish = SPANISH_LETTERS.test(text) ? 2 : 0;
  let english = 0;
  for (const word of foldText(text).split(' ')) {
    if (SPANISH_WORDS.has(word)) spanish += 1;
    else if (ENGLISH_WORDS.has(word)) english += 1;
    else if (word.length >= MIN_ENDING_WORD && SPANISH_ENDINGS.test(word)) spanish += 1;
  }
  if (spanish > english) return 'es';
  if (english > spanish) return 'en';
  return undefined;
}

/**
 * A request to switch language: the message is a language name, possibly wrapped in request words
 * ("in English please", "en español por favor", "请用中文"). A sentence that only mentions a language
 * ("I speak English but my son speaks Spanish", "no hablo inglés") is not a request.
 */
export function detectLanguageCommand(text: string, vocabulary: Vocabulary): Locale | undefined {
  const lexicon = buildLexicon<Locale | null>([
    ...LOCALES.map((locale): [Locale, string[]] => [locale, vocabulary.languages[locale]]),
    [null, vocabulary.languageRequestWords],
  ]);
  const tags = parsePhraseSequence(foldText(text), lexicon);
  const named = new Set(tags?.filter((tag) => tag !== null));
  return named.size === 1 ? [...named][0] : undefined;
}
