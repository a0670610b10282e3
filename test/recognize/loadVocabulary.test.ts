import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { LOCALES } from '../../src/content/cardSchema';
import { foldText } from '../../src/language/foldText';
import { loadVocabulary, parseVocabulary } from '../../src/recognize/loadVocabulary';
import { findProjectRoot } from '../../src/util/findProjectRoot';

const VOCABULARY_FILE = path.join(findProjectRoot(__dirname), 'dialogs', 'vocabulary.yaml');

describe('loadVocabulary', () => {
  const vocabulary = loadVocabulary(VOCABULARY_FILE);

  it.each(LOCALES)('names the %s language in all three languages', (locale) => {
    expect(vocabulary.languages[locale].some((name) => /\p{Script=Han}/u.test(name))).toBe(true);
    expect(vocabulary.languages[locale].length).toBeGreaterThanOrEqual(3);
  });

  it('never lists a word as both yes and no', () => {
    const yes = new Set(vocabulary.yes.map(foldText));
    expect(vocabulary.no.map(foldText).filter((word) => yes.has(word))).toEqual([]);
  });

  it('gives number words and ordinals for the same numbers', () => {
    expect(Object.keys(vocabulary.ordinals)).toEqual(Object.keys(vocabulary.numbers));
  });

  it('names the file and the bad field', () => {
    const data = YAML.parse(fs.readFileSync(VOCABULARY_FILE, 'utf8'));
    data.numbers.two = ['dos'];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'camino-vocabulary-')), 'vocabulary.yaml');
    fs.writeFileSync(file, YAML.stringify(data));
    expect(() => loadVocabulary(file)).toThrow(file);
    expect(() => loadVocabulary(file)).toThrow('numbers.two');
  });

  it('refuses a missing list', () => {
    expect(() => parseVocabulary({ ...vocabulary, yes: undefined }, 'test data')).toThrow(/test data: yes/);
  });
});
