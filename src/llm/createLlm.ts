import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Card, Locale } from '../content/cardSchema';
import type { LlmConfig } from '../config/loadConfig';
import { foldText } from '../language/foldText';
import type { Logger } from '../util/logger';
import { AnswerCache } from './AnswerCache';
import { checkAnswer, claimsEligibility, isWrongLanguage, type ModelAnswer } from './checkAnswer';
import { redactContact } from './redactContact';
import { LlmClient, type LlmObserver, type LlmResult, type LlmUsage } from './LlmClient';
import type { LlmRules } from './loadLlmRules';

/** One earlier message of the free-text conversation (never contact details or screening answers). */
export interface ContextTurn {
  from: 'user' | 'bot';
  text: string;
}

export interface AnswerRequest {
  question: string;
  locale: Locale;
  history: readonly ContextTurn[];
  /** The retriever's best cards, in the person's language. */
  cards: readonly Card[];
}

export interface Llm {
  /** A grounded answer that passed every guard rail, or why there is none (show the retriever's answer). */
  answer(request: AnswerRequest): Promise<LlmResult<ModelAnswer>>;
  /** Staff translation of chat messages; same client, same failure rules. */
  translate(texts: string[], from: 'es' | 'zh' | 'en', to: 'en' | 'es'): Promise<LlmResult<string[]>>;
  /** The same function as `translate`, under the name the staff app uses. */
  translateForStaff(texts: string[], from: 'es' | 'zh' | 'en', to: 'en' | 'es'): Promise<LlmResult<string[]>>;
  /** An English lead summary from the template lines of a screening; the template itself when the model fails. */
  summarize(templateSummary: string): Promise<string>;
  readonly usage: LlmUsage;
}

/** How many earlier messages go to the model: enough for "and for Cubans?", little enough to stay cheap. */
export const CONTEXT_TURNS = 6;
const CONTEXT_CHARS = 600;

/** A staff summary states facts; any word of eligibility is a verdict the screening rules did not give. */
const VERDICT_WORDS = /\b(qualif\w*|eligib\w*)\b/;

const translationSchema = z.object({ translations: z.array(z.string()) });
const summarySchema = z.object({ summary: z.string().trim().min(1).max(2000) });

/** Undefined when no model is configured: callers then use the retriever and the templates. */
export function createLlm(
  config: LlmConfig | undefined,
  rules: LlmRules,
  contentVersion: string,
  logger: Logger,
  client?: LlmClient,
  observe?: LlmObserver,
): Llm | undefined {
  if (!config) return undefined;
  const llm = client ?? new LlmClient(config, logger, undefined, observe);
  const answers = new AnswerCache<ModelAnswer>();
  const translations = new AnswerCache<string[]>();

  const translate: Llm['translate'] = async (texts, from, to) => {
    if (texts.length === 0) return { ok: true, value: [] };
    const key = digest([from, to, JSON.stringify(texts)]);
    const cached = translations.get(key);
    if (cached) {
      llm.countCacheHit();
      return { ok: true, value: cached };
    }
    const result = await llm.completeJson('translate', [
      { role: 'system', content: rules.translatePrompt },
      { role: 'user', content: JSON.stringify({ from, to, texts }) },
    ]);
    if (!result.ok) return result;
    const parsed = translationSchema.safeParse(result.value);
    if (!parsed.success || parsed.data.translations.length !== texts.length) return llm.reject('translate', 'invalid');
    if (from !== to && parsed.data.translations.some((t) => isWrongLanguage(t, to))) return llm.reject('translate', 'wrongLanguage');
    translations.set(key, parsed.data.translations);
    return { ok: true, value: parsed.data.translations };
  };

  return {
    usage: llm.usage,
    translate,
    translateForStaff: translate,

    async answer(request) {
      const history = request.history.slice(-CONTEXT_TURNS).map((t) => ({ from: t.from, text: redactContact(t.text.slice(0, CONTEXT_CHARS)) }));
      const key = digest([foldText(request.question), request.locale, contentVersion, JSON.stringify(history), request.cards.map((c) => c.id).join(',')]);
      const cached = answers.get(key);
      if (cached) {
        llm.countCacheHit();
        return { ok: true, value: cached };
      }
      const data = {
        language: request.locale,
        question: redactContact(request.question),
        history,
        cards: request.cards.map((c) => ({ id: c.id, title: c.title, status: c.status, asOf: c.asOf, text: cardText(c) })),
      };
      const result = await llm.completeJson('answer', [
        { role: 'system', content: rules.systemPrompt },
        { role: 'user', content: JSON.stringify(data) },
      ]);
      if (!result.ok) return result;
      const checked = checkAnswer(result.value, { locale: request.locale, cards: request.cards, rules });
      if (!checked.ok) return llm.reject('answer', checked.reason);
      answers.set(key, checked.answer);
      return { ok: true, value: checked.answer };
    },

    async summarize(templateSummary) {
      const lines = templateSummary.split('\n').filter((l) => l.trim() !== '');
      const result = await llm.completeJson('summary', [
        { role: 'system', content: rules.summaryPrompt },
        { role: 'user', content: JSON.stringify({ lines }) },
      ]);
      if (!result.ok) return templateSummary;
      const parsed = summarySchema.safeParse(result.value);
      if (!parsed.success) {
        llm.reject('summary', 'invalid');
        return templateSummary;
      }
      const folded = foldText(parsed.data.summary);
      const verdict = VERDICT_WORDS.test(folded) || claimsEligibility(folded, rules);
      if (isWrongLanguage(parsed.data.summary, 'en') || verdict) {
        llm.reject('summary', 'unsafe');
        return templateSummary;
      }
      return parsed.data.summary;
    },
  };
}

/** A version of the content: changes whenever a card's id, language or version changes. */
export function contentVersionOf(cards: readonly Pick<Card, 'id' | 'locale' | 'version'>[]): string {
  return digest(cards.map((c) => `${c.locale}:${c.id}:${c.version}`).sort()).slice(0, 16);
}

function digest(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** What the model reads of a card: its answer, its timeline lines (each dated, "reported" ones marked), its longer text. */
function cardText(card: Card): string {
  const lines = (card.timeline ?? []).map((line) => `${line.date}${line.reported ? ' [reported, not confirmed]' : ''}: ${line.text} (card ${line.card})`);
  return [card.short, lines.join('\n'), card.body].filter((part) => part.trim()).join('\n\n');
}
