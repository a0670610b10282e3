import { containsHan, foldText } from '../language/foldText';
import { findPhrase } from '../language/containsPhrase';
import { buildLexicon, parsePhraseSequence } from '../language/parsePhraseSequence';
import { tokenize } from '../retrieval/tokenize';
import type { Vocabulary } from './loadVocabulary';

export { loadVocabulary, parseVocabulary } from './loadVocabulary';
export type { Vocabulary } from './loadVocabulary';
export { recognizeYesNo } from './recognizeYesNo';

export interface ChoiceSpec {
  value: string;
  /** Button labels and extra words, in all three languages. */
  synonyms: string[];
}

export interface RecognizedChoice {
  index: number;
  value: string;
  /** 1 for a number or the exact label; lower the less of the message the matched words cover. */
  score: number;
}

/** Digits people type for a menu item; more than any menu has, so "12" is read as out of range, not as "1". */
const MAX_TYPED_NUMBER = 99;

/**
 * A number or the whole label scores 1; a label mentioned in a sentence scores from 0.5 to 0.99 by how much of
 * the message it covers; a message that is only part of a label scores from 0.3 to 0.5.
 */
const MENTION_SCORE = { floor: 0.5, range: 0.49 };
const PART_OF_LABEL_SCORE = { floor: 0.3, range: 0.2 };

type NumberTag = { value: number; ordinal: boolean } | null;

/**
 * Which menu choice a message picks: a number ("2", "#2", "２", "two", "dos", "两", "the second one",
 * "la segunda", "第二个"), a label or synonym, alone or inside a sentence ("quiero saber del asilo",
 * "我想了解庇护"). Out-of-range numbers and messages that fit two choices equally give undefined.
 */
export function recognizeChoice(text: string, choices: readonly ChoiceSpec[], vocabulary: Vocabulary): RecognizedChoice | undefined {
  const message = foldText(text);
  if (message === '' || choices.length === 0) return undefined;
  const exact = choices.flatMap((choice, index) => (synonymsOf(choice).includes(message) ? [index] : []));
  if (exact.length > 0) return exact.length === 1 ? pick(choices, exact[0], 1) : undefined;
  const number = readNumber(message, vocabulary);
  if (number !== undefined) return number >= 1 && number <= choices.length ? pick(choices, number - 1, 1) : undefined;
  return findMentionedChoice(message, choices) ?? findChoiceContainingMessage(message, choices);
}

function pick(choices: readonly ChoiceSpec[], index: number, score: number): RecognizedChoice {
  return { index, value: choices[index].value, score };
}

function synonymsOf(choice: ChoiceSpec): string[] {
  return [choice.value, ...choice.synonyms].map(foldText).filter((synonym) => synonym !== '');
}

/** The number a message names, if it is nothing but a number with filler words ("option 2", "la segunda"). */
function readNumber(message: string, vocabulary: Vocabulary): number | undefined {
  const lexicon = buildLexicon<NumberTag>([
    ...Object.entries(vocabulary.numbers).map(([n, words]): [NumberTag, string[]] => [{ value: Number(n), ordinal: false }, words]),
    ...Object.entries(vocabulary.ordinals).map(([n, words]): [NumberTag, string[]] => [{ value: Number(n), ordinal: true }, words]),
    ...Array.from({ length: MAX_TYPED_NUMBER }, (_, i): [NumberTag, string[]] => [{ value: i + 1, ordinal: false }, [String(i + 1)]]),
    [null, vocabulary.choiceFillers],
  ]);
  const named = parsePhraseSequence(message, lexicon)?.filter((tag) => tag !== null) ?? [];
  // "the second one": with an ordinal present, "one" is a pronoun, not the number 1.
  const ordinals = named.filter((tag) => tag.ordinal || tag.value !== 1);
  const values = new Set((named.some((tag) => tag.ordinal) ? ordinals : named).map((tag) => tag.value));
  return values.size === 1 ? [...values][0] : undefined;
}

interface Mention {
  index: number;
  start: number;
  end: number;
}

/**
 * The choice whose longest synonym appears in the message. A shorter synonym of another choice inside that
 * span does not compete ("asylum" inside "asylum basics"); a separate mention of another choice does.
 */
function findMentionedChoice(message: string, choices: readonly ChoiceSpec[]): RecognizedChoice | undefined {
  const mentions: Mention[] = [];
  choices.forEach((choice, index) => {
    for (const synonym of synonymsOf(choice)) {
      for (const start of findPhrase(message, synonym)) mentions.push({ index, start, end: start + synonym.length });
    }
  });
  if (mentions.length === 0) return undefined;
  const longest = mentions.reduce((best, m) => (m.end - m.start > best.end - best.start ? m : best));
  const rivals = mentions.filter((m) => m.index !== longest.index && !(m.start >= longest.start && m.end <= longest.end));
  if (rivals.length > 0) return undefined;
  const covered = compactLength(message.slice(longest.start, longest.end)) / compactLength(message);
  return pick(choices, longest.index, MENTION_SCORE.floor + MENTION_SCORE.range * covered);
}

/** A message that is part of exactly one label ("basics" for "Asylum basics"), when it says something at all. */
function findChoiceContainingMessage(message: string, choices: readonly ChoiceSpec[]): RecognizedChoice | undefined {
  if (tokenize(message).length === 0 || compactLength(message) < (containsHan(message) ? 2 : 3)) return undefined;
  const containing = choices.flatMap((choice, index) => {
    const synonym = synonymsOf(choice).find((s) => findPhrase(s, message).length > 0);
    return synonym === undefined ? [] : [{ index, length: compactLength(synonym) }];
  });
  if (containing.length !== 1) return undefined;
  const covered = compactLength(message) / containing[0].length;
  return pick(choices, containing[0].index, PART_OF_LABEL_SCORE.floor + PART_OF_LABEL_SCORE.range * covered);
}

function compactLength(text: string): number {
  return [...text.replace(/ /g, '')].length;
}
