import { editDistance } from '../../src/retrieval/editDistance';
import { findRelatedTerms, MISSPELLING_FACTOR, WORD_FORM_FACTOR } from '../../src/retrieval/findRelatedTerms';

describe('editDistance', () => {
  it.each([
    ['asylum', 'asylum', 0],
    ['asilum', 'asylum', 1],
    ['credibel', 'credible', 1],
    ['deportasion', 'deportacion', 1],
    ['kidnaped', 'kidnapped', 1],
    ['parole', 'paroled', 1],
    ['visa', 'vista', 1],
    ['title', 'tilte', 1],
    ['asylum', 'refugee', 3],
  ])('%s to %s is %i (anything above the limit of 2 reads as 3)', (a, b, distance) => {
    expect(editDistance(a, b, 2)).toBe(Math.min(distance, 3));
  });
});

describe('findRelatedTerms', () => {
  const known = ['asylum', 'threatened', 'amenaza', 'deportacion', 'deportation', 'particular', 'aplicacion'];

  it.each([
    ['asilum', 'asylum', MISSPELLING_FACTOR],
    ['threatening', 'threatened', WORD_FORM_FACTOR],
    ['amenazando', 'amenaza', WORD_FORM_FACTOR],
    ['deportation', 'deportacion', WORD_FORM_FACTOR],
  ])('relates %s to %s', (word, term, factor) => {
    expect(findRelatedTerms(word, known, known.includes(word))).toContainEqual({ term, factor });
  });

  it.each([['partido'], ['visa'], ['weather'], ['asdfgh']])('finds nothing related to %s', (word) => {
    expect(findRelatedTerms(word, known, false)).toEqual([]);
  });
});
