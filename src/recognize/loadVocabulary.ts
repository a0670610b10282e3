import { loadYamlFile, parseWithSchema } from '../util/parseWithSchema';
import { z } from 'zod';

const words = z.array(z.string().trim().min(1)).min(1);
const numbered = z.record(z.string().regex(/^[1-9]\d*$/, 'keys are the numbers 1, 2, 3...'), words);

export const vocabularySchema = z.object({
  /** Cardinal number words per number: "two", "dos", "二", "两". */
  numbers: numbered,
  /** Ordinals per number: "second", "segunda", "第二". */
  ordinals: numbered,
  /** Words people put around a number when picking from a menu: "the", "option", "la", "opción", "第", "个". */
  choiceFillers: words,
  yes: words,
  no: words,
  /** Words that may follow or precede a yes or no without changing it: "please", "gracias", "谢谢", "吧". */
  politeness: words,
  /** Names of each language in all three languages, for a request to switch. */
  languages: z.object({ en: words, es: words, zh: words }),
  /** Words around a language name in a request to switch: "in", "please", "en", "por favor", "请", "用", "说". */
  languageRequestWords: words,
});

export type Vocabulary = z.infer<typeof vocabularySchema>;

export function parseVocabulary(data: unknown, source = 'vocabulary'): Vocabulary {
  return parseWithSchema(vocabularySchema, data, source);
}

/** Reads `dialogs/vocabulary.yaml`; throws naming the file and every bad field. */
export function loadVocabulary(file: string): Vocabulary {
  return loadYamlFile(file, vocabularySchema);
}
