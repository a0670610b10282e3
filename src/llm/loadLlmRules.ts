import fs from 'node:fs';
import { z } from 'zod';
import { parse } from 'yaml';
import { foldText } from '../language/foldText';

const perLocale = z.object({ en: z.array(z.string().min(2)).min(1), es: z.array(z.string().min(2)).min(1), zh: z.array(z.string().min(2)).min(1) });

const rulesSchema = z.object({
  systemPrompt: z.string().min(100),
  translatePrompt: z.string().min(50),
  summaryPrompt: z.string().min(50),
  eligibilityPatterns: perLocale,
  currentPhrases: perLocale,
  conditionWords: perLocale,
});

/** dialogs/llm.yaml: the prompts and the patterns the guard rails check answers against (all phrases folded). */
export interface LlmRules {
  systemPrompt: string;
  translatePrompt: string;
  summaryPrompt: string;
  /** Folded phrases from every language: a verdict in the wrong language is still a verdict. */
  eligibilityPatterns: string[];
  currentPhrases: string[];
  /** Words that, just before an eligibility phrase, make it a condition rather than a verdict. */
  conditionWords: string[];
}

export function parseLlmRules(source: string): LlmRules {
  const data = rulesSchema.parse(parse(source));
  const fold = (lists: z.infer<typeof perLocale>) => [...new Set([...lists.en, ...lists.es, ...lists.zh].map(foldText))];
  return {
    systemPrompt: data.systemPrompt.trim(),
    translatePrompt: data.translatePrompt.trim(),
    summaryPrompt: data.summaryPrompt.trim(),
    eligibilityPatterns: fold(data.eligibilityPatterns),
    currentPhrases: fold(data.currentPhrases),
    conditionWords: fold(data.conditionWords),
  };
}

export function loadLlmRules(file: string): LlmRules {
  return parseLlmRules(fs.readFileSync(file, 'utf8'));
}
