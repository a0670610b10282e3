import { LOCALES, type Locale } from '../content/cardSchema';
import type { ContentLibrary } from '../content/loadCards';
import type { Llm } from '../llm';
import type { Retriever } from '../retrieval/Retriever';
import type { EvalItem } from './evaluateRetriever';

export interface LlmEvalScore {
  locale: Locale;
  asked: number;
  /** Answers that passed every structural check and guard rail (or flagged safety / out of scope). */
  passed: number;
  /** Why the others failed: timeout, rejected:eligibility, ... */
  failures: Record<string, number>;
}

/** Asks the model every on-topic question of the set, with the retriever's cards, one at a time. */
export async function scoreLlm(
  llm: Llm,
  deps: { retriever: Retriever; content: ContentLibrary },
  readSet: (locale: Locale) => EvalItem[],
): Promise<LlmEvalScore[]> {
  const scores: LlmEvalScore[] = [];
  for (const locale of LOCALES) {
    const score: LlmEvalScore = { locale, asked: 0, passed: 0, failures: {} };
    for (const item of readSet(locale).filter((i) => i.expected !== null)) {
      const ids = deps.retriever.search(item.q, { limit: 3 }).matches.map((m) => m.id);
      if (ids.length === 0) continue;
      score.asked += 1;
      const result = await llm.answer({ question: item.q, locale, history: [], cards: ids.map((id) => deps.content.get(id, locale)) });
      if (result.ok) score.passed += 1;
      else {
        const key = result.reason === 'rejected' ? `rejected:${result.detail ?? '?'}` : result.reason;
        score.failures[key] = (score.failures[key] ?? 0) + 1;
      }
    }
    scores.push(score);
  }
  return scores;
}
