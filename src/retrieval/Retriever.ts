import type { Locale } from '../content/cardSchema';
import { containsHan } from '../language/foldText';
import { buildIndex, type SearchIndex } from './buildIndex';
import { findRelatedTerms, type RelatedTerm } from './findRelatedTerms';
import { analyzeText, type Term } from './tokenize';

export interface RetrievableCard {
  id: string;
  locale: Locale;
  title: string;
  short: string;
  body: string;
  keywords: string[];
  questions: string[];
}

export interface RetrievalMatch {
  id: string;
  score: number;
}

export interface RetrievalResult {
  kind: 'confident' | 'weak' | 'none';
  /** 0..1: how much of what the question says is covered by the best card, and how clearly it wins. */
  confidence: number;
  /** Best first, distinct card ids, at most `limit`; empty when the kind is `none`. */
  matches: RetrievalMatch[];
}

/** At or above: show the best card. */
export const CONFIDENT_THRESHOLD = 0.35;
/** At or above (and below confident): offer the closest topics. Below: nothing relevant. */
export const WEAK_THRESHOLD = 0.15;
export const DEFAULT_LIMIT = 3;

/** BM25's saturation: a term's second and third occurrence add less than its first. */
const SATURATION = 1.2;
/** Words no card knows still count against the question's coverage ("weather"), as a share of the rarest term. */
const UNKNOWN_SHARE = 0.6;
/** A runner-up as strong as the best card halves the confidence; one at half its score barely matters (0.97). */
const RUNNER_UP_PENALTY = 0.5;
const RUNNER_UP_SHARPNESS = 4;
const NUMBER = /^\p{N}+$/u;

interface QueryTerm {
  /** The term's own weight (a whole word counts more than a piece of Chinese). */
  weight: number;
  /** The most this term can add to a card's score: weight times best idf, or a share for an unknown word. */
  ceiling: number;
  /** The term itself if known, and related known terms, each with what a match on it is worth. */
  variants: RelatedTerm[];
}

export class Retriever {
  private readonly index: SearchIndex;
  private readonly latinTerms: string[];
  private readonly maxIdf: number;

  constructor(cards: readonly RetrievableCard[]) {
    this.index = buildIndex(cards);
    this.latinTerms = [...this.index.idf.keys()].filter((term) => !containsHan(term) && !NUMBER.test(term));
    this.maxIdf = Math.max(0, ...this.index.idf.values());
  }

  search(query: string, options: { limit?: number } = {}): RetrievalResult {
    const limit = Math.max(1, options.limit ?? DEFAULT_LIMIT);
    const terms = distinctTerms(analyzeText(query)).map((term) => this.resolve(term));
    const total = terms.reduce((sum, term) => sum + term.ceiling, 0);
    const ranked = [...this.index.documents.entries()]
      .map(([id, frequencies]) => ({ id, score: this.score(terms, frequencies) }))
      .filter((match) => match.score > 0)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    if (ranked.length === 0 || total === 0) return { kind: 'none', confidence: 0, matches: [] };
    const confidence = calibrate(ranked[0].score / total, (ranked[1]?.score ?? 0) / ranked[0].score);
    const kind = confidence >= CONFIDENT_THRESHOLD ? 'confident' : confidence >= WEAK_THRESHOLD ? 'weak' : 'none';
    return { kind, confidence, matches: kind === 'none' ? [] : ranked.slice(0, limit) };
  }

  private score(terms: readonly QueryTerm[], frequencies: ReadonlyMap<string, number>): number {
    let score = 0;
    for (const { weight, variants } of terms) {
      let best = 0;
      for (const { term, factor } of variants) {
        const frequency = frequencies.get(term) ?? 0;
        best = Math.max(best, factor * this.idf(term) * (frequency / (SATURATION + frequency)));
      }
      score += best * weight;
    }
    return score;
  }

  private resolve({ text, weight }: Term): QueryTerm {
    const isKnown = this.index.idf.has(text);
    const variants: RelatedTerm[] = isKnown ? [{ term: text, factor: 1 }] : [];
    if (!containsHan(text) && !NUMBER.test(text)) variants.push(...findRelatedTerms(text, this.latinTerms, isKnown));
    const best = variants.length > 0 ? Math.max(...variants.map((v) => v.factor * this.idf(v.term))) : this.maxIdf * UNKNOWN_SHARE;
    return { weight, ceiling: weight * best, variants };
  }

  private idf(term: string): number {
    return this.index.idf.get(term) ?? 0;
  }
}

/** Each term once, with the largest weight it was given. */
function distinctTerms(terms: readonly Term[]): Term[] {
  const weights = new Map<string, number>();
  for (const { text, weight } of terms) weights.set(text, Math.max(weight, weights.get(text) ?? 0));
  return [...weights].map(([text, weight]) => ({ text, weight }));
}

/**
 * Coverage is the share of the question's weight that the best card explains, each term saturating below 1;
 * a runner-up almost as good lowers the confidence, since then the question sits between two topics.
 */
function calibrate(coverage: number, runnerUpRatio: number): number {
  const clarity = 1 - RUNNER_UP_PENALTY * runnerUpRatio ** RUNNER_UP_SHARPNESS;
  return Math.min(1, Math.max(0, coverage * clarity));
}
