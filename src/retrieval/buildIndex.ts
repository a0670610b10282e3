import { analyzeText, type Term } from './tokenize';

export interface IndexableCard {
  id: string;
  title: string;
  short: string;
  body: string;
  keywords: string[];
  questions: string[];
}

type FieldName = 'title' | 'keywords' | 'questions' | 'short' | 'body';

/** What a word found in each field is worth: names and asked questions say more than the long text. */
const FIELD_WEIGHTS: Readonly<Record<FieldName, number>> = { title: 3, keywords: 3, questions: 2, short: 1.2, body: 0.6 };
const FIELD_NAMES: readonly FieldName[] = ['title', 'keywords', 'questions', 'short', 'body'];
/** How much a long field is discounted against an average one (BM25's b). */
const LENGTH_DISCOUNT = 0.75;

export interface SearchIndex {
  /** Card id to term to weighted, length-normalised term frequency (BM25F). */
  readonly documents: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Term to inverse document frequency, over card ids. */
  readonly idf: ReadonlyMap<string, number>;
}

function fieldText(card: IndexableCard, field: FieldName): string {
  const value = card[field];
  return typeof value === 'string' ? value : value.join('\n');
}

/** One document per card id, whatever its languages, so a Spanish question finds the card in an English chat. */
export function buildIndex(cards: readonly IndexableCard[]): SearchIndex {
  const fieldTerms = new Map<string, Record<FieldName, Term[]>>();
  for (const card of cards) {
    const entry = fieldTerms.get(card.id) ?? { title: [], keywords: [], questions: [], short: [], body: [] };
    for (const field of FIELD_NAMES) entry[field].push(...analyzeText(fieldText(card, field)));
    fieldTerms.set(card.id, entry);
  }
  const averageLength = averageFieldLengths([...fieldTerms.values()]);
  const documents = new Map<string, Map<string, number>>();
  const frequency = new Map<string, number>();
  for (const [id, fields] of fieldTerms) {
    const weights = new Map<string, number>();
    for (const field of FIELD_NAMES) {
      const norm = 1 - LENGTH_DISCOUNT + (LENGTH_DISCOUNT * lengthOf(fields[field])) / averageLength[field];
      for (const { text, weight } of fields[field]) weights.set(text, (weights.get(text) ?? 0) + (weight * FIELD_WEIGHTS[field]) / norm);
    }
    documents.set(id, weights);
    for (const term of weights.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const idf = new Map<string, number>();
  for (const [term, count] of frequency) idf.set(term, Math.log(1 + (documents.size - count + 0.5) / (count + 0.5)));
  return { documents, idf };
}

function lengthOf(terms: readonly Term[]): number {
  return terms.reduce((sum, term) => sum + term.weight, 0);
}

function averageFieldLengths(documents: ReadonlyArray<Record<FieldName, Term[]>>): Record<FieldName, number> {
  const average = { title: 1, keywords: 1, questions: 1, short: 1, body: 1 };
  for (const field of FIELD_NAMES) {
    const total = documents.reduce((sum, fields) => sum + lengthOf(fields[field]), 0);
    average[field] = Math.max(1, total / Math.max(1, documents.length));
  }
  return average;
}
