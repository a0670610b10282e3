import { LOCALES } from '../content/cardSchema';
import { SAFETY_CATEGORIES, type SafetyCategory, type SafetyTerms } from './loadSafetyTerms';
import { matchesTerm, prepareMessage } from './matchesTerm';

export { loadSafetyTerms, parseSafetyTerms, SAFETY_CATEGORIES } from './loadSafetyTerms';
export type { SafetyCategory, SafetyTerms } from './loadSafetyTerms';

/**
 * The safety concerns a message raises (danger, violence, trafficking, detention, a hearing date, a removal
 * order), empty when none. Terms of every language are tried whatever the conversation's language: people
 * mix languages, and a missed "la migra se lo llevó" costs far more than a needless safety message.
 */
export function detectSafety(text: string, terms: SafetyTerms): SafetyCategory[] {
  const message = prepareMessage(text, terms.ignore);
  return SAFETY_CATEGORIES.filter((category) =>
    LOCALES.some((locale) => terms.categories[category][locale].some((term) => matchesTerm(message, term))),
  );
}
