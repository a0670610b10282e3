import { isWordCharacter } from './foldText';

/**
 * Whether an already folded phrase starts at `at` in folded text. Latin edges need a word boundary
 * ("trata" is not inside "contratar"); Han edges do not, since Chinese is written without spaces.
 */
export function matchesPhraseAt(text: string, phrase: string, at: number): boolean {
  if (phrase === '' || !text.startsWith(phrase, at)) return false;
  if (isWordCharacter(phrase[0]) && isWordCharacter(text[at - 1])) return false;
  return !(isWordCharacter(phrase[phrase.length - 1]) && isWordCharacter(text[at + phrase.length]));
}

/** Every start index of the folded phrase in the folded text, boundaries respected. */
export function findPhrase(text: string, phrase: string): number[] {
  const found: number[] = [];
  if (phrase === '') return found;
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    if (matchesPhraseAt(text, phrase, at)) found.push(at);
  }
  return found;
}

export function containsPhrase(text: string, phrase: string): boolean {
  return findPhrase(text, phrase).length > 0;
}
