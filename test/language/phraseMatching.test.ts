import { containsPhrase, findPhrase } from '../../src/language/containsPhrase';
import { foldText } from '../../src/language/foldText';
import { buildLexicon, parsePhraseSequence } from '../../src/language/parsePhraseSequence';

describe('foldText', () => {
  it.each([
    ['¿Qué es la DEPORTACIÓN?', 'que es la deportacion'],
    ['Español, por favor!', 'espanol por favor'],
    ["What's CBP-One?", 'whats cbp one'],
    ['２ｎｄ', '2nd'],
    ['我想了解庇护。', '我想了解庇护'],
    ['  many   spaces  ', 'many spaces'],
  ])('%p folds to %p', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });
});

describe('findPhrase', () => {
  it.each<[string, string, number[]]>([
    ['se trata de la regla', 'trata', [3]],
    ['quiero contratar un abogado', 'trata', []],
    ['被ice抓了', 'ice', [1]],
    ['notice to appear', 'ice', []],
    ['我想了解庇护', '庇护', [4]],
    ['asilo o asilo politico', 'asilo', [0, 8]],
  ])('%p contains %p at %p', (text, phrase, starts) => {
    expect(findPhrase(text, phrase)).toEqual(starts);
    expect(containsPhrase(text, phrase)).toBe(starts.length > 0);
  });
});

describe('parsePhraseSequence', () => {
  const lexicon = buildLexicon<string | null>([
    ['yes', ['yes', 'sí', '好']],
    ['no', ['no', 'no gracias', '不要']],
    [null, ['please', 'gracias', '了']],
  ]);

  it.each([
    ['yes please', ['yes', null]],
    ['Sí gracias', ['yes', null]],
    ['no gracias', ['no']],
    ['不要了', ['no', null]],
    ['好不要', ['yes', 'no']],
  ])('reads %p as %p', (text, tags) => {
    expect(parsePhraseSequence(foldText(text), lexicon)).toEqual(tags);
  });

  it.each([['yes I do'], ['nothing'], ['好吗']])('gives up on %p, which has words outside the lexicon', (text) => {
    expect(parsePhraseSequence(foldText(text), lexicon)).toBeUndefined();
  });
});
