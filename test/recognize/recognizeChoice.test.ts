import path from 'node:path';
import { type ChoiceSpec, loadVocabulary, recognizeChoice } from '../../src/recognize/recognizeChoice';
import { findProjectRoot } from '../../src/util/findProjectRoot';

const vocabulary = loadVocabulary(path.join(findProjectRoot(__dirname), 'dialogs', 'vocabulary.yaml'));

const choices: ChoiceSpec[] = [
  { value: 'asylum', synonyms: ['Asylum basics', 'Lo básico del asilo', '庇护基础', 'asylum', 'asilo', '庇护'] },
  { value: 'cbp-one', synonyms: ['The CBP One app', 'La aplicación CBP One', 'CBP One 应用'] },
  { value: 'contact', synonyms: ['Talk to a lawyer', 'Hablar con un abogado', '联系律师'] },
];

describe('recognizeChoice', () => {
  it.each([
    ['1', 'asylum'],
    ['2', 'cbp-one'],
    ['2.', 'cbp-one'],
    ['#2', 'cbp-one'],
    ['２', 'cbp-one'],
    ['option 3', 'contact'],
    ['dos', 'cbp-one'],
    ['two', 'cbp-one'],
    ['tres', 'contact'],
    ['二', 'cbp-one'],
    ['两', 'cbp-one'],
    ['三', 'contact'],
    ['second', 'cbp-one'],
    ['the second one', 'cbp-one'],
    ['the first one please', 'asylum'],
    ['la segunda', 'cbp-one'],
    ['segundo', 'cbp-one'],
    ['la opción 3', 'contact'],
    ['第二个', 'cbp-one'],
    ['第二', 'cbp-one'],
    ['第3个', 'contact'],
    ['选2', 'cbp-one'],
  ])('reads the number in %p as %s', (text, value) => {
    expect(recognizeChoice(text, choices, vocabulary)).toMatchObject({ value, score: 1 });
  });

  it.each([
    ['Asylum basics', 'asylum'],
    ['ASILO', 'asylum'],
    ['lo basico del asilo', 'asylum'],
    ['庇护', 'asylum'],
    ['cbp one 应用', 'cbp-one'],
    ['Hablar con un abogado', 'contact'],
  ])('reads the label %p as %s', (text, value) => {
    expect(recognizeChoice(text, choices, vocabulary)).toMatchObject({ value, score: 1 });
  });

  it.each([
    ['我想了解庇护', 'asylum'],
    ['quiero saber del asilo', 'asylum'],
    ['tell me about asylum please', 'asylum'],
    ['I want to talk to a lawyer now', 'contact'],
    ['我要联系律师', 'contact'],
  ])('finds the choice mentioned in %p', (text, value) => {
    const result = recognizeChoice(text, choices, vocabulary);
    expect(result?.value).toBe(value);
    expect(result?.score).toBeLessThan(1);
  });

  it('scores a message that is mostly the label above one that only mentions it', () => {
    const close = recognizeChoice('asylum basics please', choices, vocabulary);
    const far = recognizeChoice('I would like to know a bit more about asylum', choices, vocabulary);
    expect(close?.score).toBeGreaterThan(far?.score ?? 1);
  });

  it('recognises a word from inside exactly one label', () => {
    expect(recognizeChoice('abogado', choices, vocabulary)?.value).toBe('contact');
  });

  it.each([['4'], ['0'], ['12'], ['cuatro'], ['the fifth one'], ['第五个']])('has no choice %p, out of range', (text) => {
    expect(recognizeChoice(text, choices, vocabulary)).toBeUndefined();
  });

  it.each([['asylum or the cbp one app'], ['庇护还是联系律师'], ['hello'], ['no'], ['the'], ['']])('does not guess for %p', (text) => {
    expect(recognizeChoice(text, choices, vocabulary)).toBeUndefined();
  });

  it('does not guess when two choices share the same label', () => {
    const twins: ChoiceSpec[] = [
      { value: 'a', synonyms: ['More'] },
      { value: 'b', synonyms: ['more'] },
    ];
    expect(recognizeChoice('more', twins, vocabulary)).toBeUndefined();
    expect(recognizeChoice('2', twins, vocabulary)).toMatchObject({ index: 1, value: 'b' });
  });
});
