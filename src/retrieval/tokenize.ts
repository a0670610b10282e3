import { foldText } from '../language/foldText';
import { STOPWORDS } from './stopwords';

const RUNS = /(\p{Script=Han}+)|([^\s\p{Script=Han}]+)/gu;
const DIGITS = /^\p{N}+$/u;
const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });
const MIN_STEMMED = 4;

/**
 * How much a search term counts. The segmenter breaks words it does not know (names such as 卡莱克西科)
 * into single characters, which say little alone; the pieces that glue them back matter more, whole words most.
 */
export const TERM_WEIGHTS: Readonly<Record<'word' | 'hanPiece' | 'hanCharacter', number>> = { word: 1, hanPiece: 0.5, hanCharacter: 0.3 };

export interface Term {
  text: string;
  weight: number;
}

/**
 * Search terms of a text in any of our languages. Latin words are folded, filtered and stripped of plural
 * endings; Chinese runs give their words and their overlapping two-character pieces, so that a question
 * still meets a card when the segmenter cuts the two differently ("递解令" and "递解 令").
 */
export function tokenize(text: string): string[] {
  return analyzeText(text).map((term) => term.text);
}

/** The terms of `tokenize` with what each one weighs. */
export function analyzeText(text: string): Term[] {
  const terms: Term[] = [];
  for (const [, han, other] of foldText(text).matchAll(RUNS)) {
    if (han !== undefined) terms.push(...analyzeHan(han));
    else if (other !== undefined && isUseful(other)) terms.push({ text: stem(other), weight: TERM_WEIGHTS.word });
  }
  return terms;
}

function isUseful(word: string): boolean {
  return !STOPWORDS.has(word) && (word.length > 1 || DIGITS.test(word));
}

/**
 * Plural endings of English and Spanish, then a final -a, -e or -o, so that singular and plural, and
 * Spanish masculine and feminine, meet: policies/policy, rules/rule, deportaciones/deportacion,
 * rápido/rápida, and across languages mexicano/mexican, cubanas/cuban.
 */
export function stem(word: string): string {
  if (word.length < MIN_STEMMED || DIGITS.test(word)) return word;
  let stemmed = word;
  if (stemmed.endsWith('ies') && stemmed.length > MIN_STEMMED) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (stemmed.endsWith('s') && !/(?:ss|us|is)$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  if (/[aeo]$/.test(stemmed) && stemmed.length > MIN_STEMMED) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

function analyzeHan(run: string): Term[] {
  const words: Term[] = [];
  const pieces: string[] = [];
  let stretch = '';
  for (const { segment } of SEGMENTER.segment(run)) {
    if (STOPWORDS.has(segment)) {
      pieces.push(...bigramsOf(stretch));
      stretch = '';
      continue;
    }
    words.push({ text: segment, weight: [...segment].length > 1 ? TERM_WEIGHTS.word : TERM_WEIGHTS.hanCharacter });
    stretch += segment;
  }
  pieces.push(...bigramsOf(stretch));
  const seen = new Set(words.map((word) => word.text));
  return [...words, ...pieces.filter((piece) => !seen.has(piece)).map((text) => ({ text, weight: TERM_WEIGHTS.hanPiece }))];
}

/** Overlapping character pairs of a stretch of Chinese without stopwords. */
function bigramsOf(stretch: string): string[] {
  const characters = [...stretch];
  const pairs: string[] = [];
  for (let i = 0; i + 1 < characters.length; i += 1) pairs.push(characters[i] + characters[i + 1]);
  return pairs;
}
