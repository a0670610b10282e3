/**
 * One comparable form for what people type: compatibility forms unified (full-width digits, ligatures),
 * lower case, accents dropped (people often type without them: "deportacion", "espanol"),
 * apostrophes removed ("what's" -> "whats") and any other punctuation turned into single spaces.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’ʼ`´]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const HAN_CHARACTER = /\p{Script=Han}/u;

export function containsHan(text: string): boolean {
  return HAN_CHARACTER.test(text);
}

const WORD_CHARACTER = /[\p{Script=Latin}\p{N}]/u;

/** True when the character joins a Latin word: the boundary test for en/es terms (Han text has no spaces). */
export function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && WORD_CHARACTER.test(character);
}
