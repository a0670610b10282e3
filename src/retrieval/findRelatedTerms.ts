import { editDistance } from './editDistance';

export interface RelatedTerm {
  term: string;
  /** What a match on this term is worth against a match on the word itself. */
  factor: number;
}

/** A misspelt word one or two edits from a known term: "asilum", "deportasion", "credibel". */
export const MISSPELLING_FACTOR = 0.8;
/** Another form of the same word: "threatening"/"threatened", "amenazando"/"amenaza", "deportation"/"deportacion". */
export const WORD_FORM_FACTOR = 0.7;
const MIN_FUZZY_LENGTH = 5;
const MIN_TWO_EDITS_LENGTH = 8;
const MIN_SHARED_STEM = 6;
const MAX_ENDING = 5;

/**
 * Known Latin terms that a question's word probably means: the closest spelling when the word itself is
 * unknown, and other forms of it (shared beginning, short different ending) in English or Spanish.
 */
export function findRelatedTerms(word: string, known: readonly string[], isKnown: boolean): RelatedTerm[] {
  const related: RelatedTerm[] = [];
  if (!isKnown) {
    const misspelt = nearestSpelling(word, known);
    if (misspelt !== undefined) related.push({ term: misspelt, factor: MISSPELLING_FACTOR });
  }
  if (word.length < MIN_SHARED_STEM) return related;
  for (const term of known) {
    if (term !== word && sharesStem(word, term) && !related.some((r) => r.term === term)) {
      related.push({ term, factor: WORD_FORM_FACTOR });
    }
  }
  return related;
}

function sharesStem(a: string, b: string): boolean {
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared += 1;
  return shared >= MIN_SHARED_STEM && a.length - shared <= MAX_ENDING && b.length - shared <= MAX_ENDING;
}

function nearestSpelling(word: string, known: readonly string[]): string | undefined {
  if (word.length < MIN_FUZZY_LENGTH) return undefined;
  const limit = word.length >= MIN_TWO_EDITS_LENGTH ? 2 : 1;
  let best: { term: string; distance: number } | undefined;
  for (const term of known) {
    const distance = editDistance(word, term, limit);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { term, distance };
  }
  return best?.term;
}
