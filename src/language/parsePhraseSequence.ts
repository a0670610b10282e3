import { foldText } from './foldText';
import { matchesPhraseAt } from './containsPhrase';

export interface PhraseEntry<T> {
  phrase: string;
  tag: T;
}

/** Folded phrases, longest first so that "no gracias" wins over "no" and "不要" over "不". */
export type PhraseLexicon<T> = ReadonlyArray<PhraseEntry<T>>;

export function buildLexicon<T>(groups: ReadonlyArray<readonly [T, readonly string[]]>): PhraseLexicon<T> {
  const entries: Array<PhraseEntry<T>> = [];
  for (const [tag, phrases] of groups) {
    for (const phrase of phrases) {
      const folded = foldText(phrase);
      if (folded !== '') entries.push({ phrase: folded, tag });
    }
  }
  return entries.sort((a, b) => b.phrase.length - a.phrase.length);
}

/**
 * Reads folded text as a sequence of known phrases and returns their tags in order, or undefined as soon as
 * something is left that is not in the lexicon: "si claro" is two yes-phrases, "no se" is not an answer.
 */
export function parsePhraseSequence<T>(text: string, lexicon: PhraseLexicon<T>): T[] | undefined {
  const tags: T[] = [];
  let at = 0;
  while (at < text.length) {
    if (text[at] === ' ') {
      at += 1;
      continue;
    }
    const entry = lexicon.find((candidate) => matchesPhraseAt(text, candidate.phrase, at));
    if (entry === undefined) return undefined;
    tags.push(entry.tag);
    at += entry.phrase.length;
  }
  return tags;
}
