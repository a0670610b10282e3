import path from 'node:path';
import { loadVocabulary, recognizeYesNo } from '../../src/recognize/recognizeChoice';
import { findProjectRoot } from '../../src/util/findProjectRoot';

const vocabulary = loadVocabulary(path.join(findProjectRoot(__dirname), 'dialogs', 'vocabulary.yaml'));

describe('recognizeYesNo', () => {
  it.each([
    ['yes'],
    ['Yes please'],
    ['yeah'],
    ['ok'],
    ['OK!'],
    ['sure, thanks'],
    ['sí'],
    ['si'],
    ['Sí, gracias'],
    ['claro'],
    ['claro que sí'],
    ['por supuesto'],
    ['vale'],
    ['是'],
    ['是的'],
    ['好'],
    ['好的'],
    ['好的，谢谢'],
    ['可以'],
    ['要'],
    ['Sí. Mi esposo está detenido'],
  ])('%p is yes', (text) => {
    expect(recognizeYesNo(text, vocabulary)).toBe(true);
  });

  it.each([
    ['no'],
    ['No.'],
    ['nope'],
    ['no thanks'],
    ['No, gracias'],
    ['no gracias'],
    ['para nada'],
    ['不'],
    ['不要'],
    ['不要了，谢谢'],
    ['没有'],
    ['不用'],
    ['不是'],
    ["No, I'm fine"],
  ])('%p is no', (text) => {
    expect(recognizeYesNo(text, vocabulary)).toBe(false);
  });

  it.each([['no sé'], ['maybe'], ['yes and no'], ['好不好'], ['what is asylum'], ['2'], ['']])('%p is neither', (text) => {
    expect(recognizeYesNo(text, vocabulary)).toBeUndefined();
  });
});
