import { z } from 'zod';
import type { CardStatus, Locale } from '../content/cardSchema';
import { detectLanguage } from '../language/detectLanguage';
import { containsPhrase, findPhrase } from '../language/containsPhrase';
import { foldText } from '../language/foldText';
import type { LlmRules } from './loadLlmRules';

export const modelAnswerSchema = z.object({
  answer: z.string().trim().min(1).max(4000),
  cardIds: z.array(z.string()).max(10),
  needsAttorney: z.boolean(),
  safetyConcern: z.boolean(),
  outOfScope: z.boolean(),
});
export type ModelAnswer = z.infer<typeof modelAnswerSchema>;

export type GuardFailure = 'invalid' | 'noCard' | 'unknownCard' | 'wrongLanguage' | 'promptLeak' | 'eligibility' | 'endedAsCurrent';

export interface GivenCard {
  id: string;
  status: CardStatus;
}

export interface AnswerContext {
  locale: Locale;
  cards: readonly GivenCard[];
  rules: LlmRules;
}

/** Words in a row shared with the system prompt that count as a leak (ordinary phrases are shorter). */
const LEAK_RUN = 7;
/** The marker on the prompt's first line, folded: found even in a translated or reworded copy. */
const LEAK_MARKER = /camino rules 7f3a/;
/** Characters before an eligibility phrase searched for a condition word (a few words, or a short Chinese clause). */
const CONDITION_WINDOW = 24;
const PAST_STATUSES: ReadonlySet<CardStatus> = new Set(['ended', 'historical']);

/**
 * The guard rails, in our code and not in the prompt: the first rule an answer breaks, or undefined when it
 * may be shown. A safety concern or an out-of-scope flag is passed on as it is: the bot shows its own
 * content then, never the model's text, so nothing else needs checking.
 */
export function checkAnswer(raw: unknown, context: AnswerContext): { ok: true; answer: ModelAnswer } | { ok: false; reason: GuardFailure } {
  const parsed = modelAnswerSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const answer = parsed.data;
  if (answer.safetyConcern || answer.outOfScope) return { ok: true, answer };
  const reason = findViolation(answer, context);
  return reason ? { ok: false, reason } : { ok: true, answer };
}

function findViolation(answer: ModelAnswer, { locale, cards, rules }: AnswerContext): GuardFailure | undefined {
  if (answer.cardIds.length === 0) return 'noCard';
  const given = new Map(cards.map((c) => [c.id, c]));
  if (answer.cardIds.some((id) => !given.has(id))) return 'unknownCard';
  const folded = foldText(answer.answer);
  if (leaksPrompt(folded, rules.systemPrompt)) return 'promptLeak';
  if (isWrongLanguage(answer.answer, locale)) return 'wrongLanguage';
  if (claimsEligibility(folded, rules)) return 'eligibility';
  const pastCards = cards.some((c) => PAST_STATUSES.has(c.status));
  if (pastCards && rules.currentPhrases.some((p) => containsPhrase(folded, p))) return 'endedAsCurrent';
  return undefined;
}

/** An eligibility phrase stated as a verdict: not one that follows "whether", "if", "show" and the like. */
export function claimsEligibility(folded: string, rules: Pick<LlmRules, 'eligibilityPatterns' | 'conditionWords'>): boolean {
  return rules.eligibilityPatterns.some((pattern) =>
    findPhrase(folded, pattern).some((at) => {
      const before = folded.slice(Math.max(0, at - CONDITION_WINDOW), at);
      return !rules.conditionWords.some((word) => containsPhrase(before, word));
    }),
  );
}

export function isWrongLanguage(text: string, locale: Locale): boolean {
  const detected = detectLanguage(text);
  if (locale === 'zh') return detected !== 'zh';
  return detected !== undefined && detected !== locale;
}

/** The prompt's marker, or a long run of its words, in the answer. */
export function leaksPrompt(foldedAnswer: string, systemPrompt: string): boolean {
  if (LEAK_MARKER.test(foldedAnswer)) return true;
  const promptWords = foldText(systemPrompt).split(' ');
  const runs = new Set<string>();
  for (let i = 0; i + LEAK_RUN <= promptWords.length; i++) runs.add(promptWords.slice(i, i + LEAK_RUN).join(' '));
  const answerWords = foldedAnswer.split(' ');
  for (let i = 0; i + LEAK_RUN <= answerWords.length; i++) {
    if (runs.has(answerWords.slice(i, i + LEAK_RUN).join(' '))) return true;
  }
  return false;
}
