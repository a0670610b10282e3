import { loadYamlFile, parseWithSchema } from '../util/parseWithSchema';
import { z } from 'zod';

export const SAFETY_CATEGORIES = ['danger', 'violence', 'trafficking', 'detention', 'hearing', 'removal-order'] as const;
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number];

/**
 * Terms in English and Spanish are whole words ("trata" is not inside "contrato"); a final `*` lets the last
 * word go on ("secuestr*": secuestro, secuestraron). Chinese terms match anywhere in the text.
 */
const terms = z.array(z.string().trim().min(1)).min(1);
const perLanguage = z.object({ en: terms, es: terms, zh: terms });

export const safetyTermsSchema = z.object({
  categories: z.object({
    danger: perLanguage,
    violence: perLanguage,
    trafficking: perLanguage,
    detention: perLanguage,
    hearing: perLanguage,
    'removal-order': perLanguage,
  }),
  /** Everyday phrases that contain a term but mean something else ("se trata de": "it is about"). */
  ignore: z.array(z.string().trim().min(1)),
});

export type SafetyTerms = z.infer<typeof safetyTermsSchema>;

export function parseSafetyTerms(data: unknown, source = 'safety terms'): SafetyTerms {
  return parseWithSchema(safetyTermsSchema, data, source);
}

/** Reads `dialogs/safety.yaml`; throws naming the file and every bad field. */
export function loadSafetyTerms(file: string): SafetyTerms {
  return loadYamlFile(file, safetyTermsSchema);
}
