import { foldText } from '../language/foldText';
import { buildLexicon, parsePhraseSequence } from '../language/parsePhraseSequence';
import type { Vocabulary } from './loadVocabulary';

const CLAUSE_END = /[,，.。!！?？;；、:：]/u;

/**
 * A yes or no answer in any of our languages: the whole message is yes or no words with polite words around
 * them ("sí, gracias", "no thanks", "好的谢谢"), or its first clause is ("No, I'm fine", "是的，我需要").
 * Anything else, or a mix of yes and no, is undefined: better to ask again than to guess.
 */
export function recognizeYesNo(text: string, vocabulary: Vocabulary): boolean | undefined {
  const lexicon = buildLexicon<boolean | null>([
    [true, vocabulary.yes],
    [false, vocabulary.no],
    [null, vocabulary.politeness],
  ]);
  const firstClause = text.split(CLAUSE_END).find((clause) => foldText(clause) !== '') ?? '';
  for (const candidate of [text, firstClause]) {
    const tags = parsePhraseSequence(foldText(candidate), lexicon);
    if (tags !== undefined) return polarityOf(tags);
  }
  return undefined;
}

function polarityOf(tags: ReadonlyArray<boolean | null>): boolean | undefined {
  const answers = new Set(tags.filter((tag) => tag !== null));
  return answers.size === 1 ? [...answers][0] : undefined;
}
