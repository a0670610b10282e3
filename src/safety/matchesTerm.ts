import { containsHan, foldText } from '../language/foldText';
import { editDistance } from '../retrieval/editDistance';

/** A message ready for term matching: Latin words in order, and the Chinese text without spaces. */
export interface PreparedMessage {
  words: string[];
  compact: string;
}

/** Words long enough that one typo ("kidnaped", "detenio", "traficking") is still the word. */
const MIN_TYPO_LENGTH = 7;
/** People rarely mistype the first letters; requiring them keeps "retained" from meaning "detained". */
const SURE_PREFIX = 2;
const LATIN_WORD_SEPARATOR = /[^\p{Script=Latin}\p{N}]+/u;

function latinWords(folded: string): string[] {
  return folded.split(LATIN_WORD_SEPARATOR).filter((word) => word !== '');
}

/** Folds the message and drops everyday phrases that only look like a term. */
export function prepareMessage(text: string, ignore: readonly string[]): PreparedMessage {
  const folded = foldText(text);
  let words = latinWords(folded);
  let compact = withoutSpaces(folded);
  for (const phrase of ignore) {
    if (containsHan(phrase)) compact = compact.replaceAll(withoutSpaces(foldText(phrase)), '');
    else words = removeSequence(words, latinWords(foldText(phrase)));
  }
  return { words, compact };
}

function withoutSpaces(text: string): string {
  return text.replace(/ /g, '');
}

function removeSequence(words: string[], sequence: readonly string[]): string[] {
  if (sequence.length === 0) return words;
  const kept: string[] = [];
  for (let i = 0; i < words.length; ) {
    if (sequence.every((word, k) => words[i + k] === word)) i += sequence.length;
    else kept.push(words[i++]);
  }
  return kept;
}

export function matchesTerm(message: PreparedMessage, term: string): boolean {
  if (containsHan(term)) return message.compact.includes(withoutSpaces(foldText(term)));
  const prefix = term.endsWith('*');
  const wanted = latinWords(foldText(prefix ? term.slice(0, -1) : term));
  if (wanted.length === 0) return false;
  for (let start = 0; start + wanted.length <= message.words.length; start += 1) {
    const fits = wanted.every((word, k) => {
      const isLast = k === wanted.length - 1;
      return isSameWord(message.words[start + k], word, prefix && isLast);
    });
    if (fits) return true;
  }
  return false;
}

function isSameWord(written: string, wanted: string, prefix: boolean): boolean {
  const compared = prefix ? written.slice(0, wanted.length) : written;
  if (compared === wanted) return true;
  if (wanted.length < MIN_TYPO_LENGTH || compared.slice(0, SURE_PREFIX) !== wanted.slice(0, SURE_PREFIX)) return false;
  return editDistance(compared, wanted, 1) <= 1;
}
