import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LOCALES, type Locale } from '../content/cardSchema';
import type { Retriever } from '../retrieval/Retriever';

const evalItemSchema = z.object({
  q: z.string().min(1),
  expected: z.string().nullable(),
  also: z.array(z.string()).optional(),
});
export type EvalItem = z.infer<typeof evalItemSchema>;

export interface EvalScore {
  locale: Locale;
  questions: number;
  top1: number;
  top3: number;
  /** Off-topic questions correctly answered with "no match". */
  noneCorrect: number;
  noneTotal: number;
  misses: Array<{ q: string; expected: string | null; got: string[] }>;
}

export function readEvalSet(dir: string, locale: Locale): EvalItem[] {
  const file = path.join(dir, `${locale}.jsonl`);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = evalItemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => x.message).join('; ')}`);
      return parsed.data;
    });
}

/** Top-1 and top-3 accuracy over questions with an expected card, and "none" accuracy over off-topic ones. */
export function scoreRetriever(retriever: Retriever, locale: Locale, items: readonly EvalItem[]): EvalScore {
  const score: EvalScore = { locale, questions: 0, top1: 0, top3: 0, noneCorrect: 0, noneTotal: 0, misses: [] };
  let hits1 = 0;
  let hits3 = 0;
  for (const item of items) {
    const result = retriever.search(item.q, { limit: 3 });
    const got = result.kind === 'none' ? [] : result.matches.map((m) => m.id);
    if (item.expected === null) {
      score.noneTotal += 1;
      if (result.kind === 'none') score.noneCorrect += 1;
      else score.misses.push({ q: item.q, expected: null, got });
      continue;
    }
    score.questions += 1;
    const accepted = new Set([item.expected, ...(item.also ?? [])]);
    if (got.length > 0 && accepted.has(got[0])) hits1 += 1;
    if (got.some((id) => accepted.has(id))) hits3 += 1;
    else score.misses.push({ q: item.q, expected: item.expected, got });
  }
  score.top1 = score.questions ? hits1 / score.questions : 0;
  score.top3 = score.questions ? hits3 / score.questions : 0;
  return score;
}

export function scoreAllLocales(retriever: Retriever, evalDir: string): EvalScore[] {
  return LOCALES.map((locale) => scoreRetriever(retriever, locale, readEvalSet(evalDir, locale)));
}
